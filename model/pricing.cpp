#include "model/pricing.hpp"

#include <algorithm>

namespace subsim {

void price_new_order(Subscription& s, const Catalog& c, Date day, Cents own) {
  s.price_step = c.changes_by(day);
  s.price_waited = 0;
  s.unit_price = own >= 0 ? own : c.list_price(s.edition, s.term, s.price_step);
}

void price_opening(Subscription& s, const Catalog& c, Cents own) {
  s.price_step = 0;
  s.price_waited = 0;
  s.unit_price = own >= 0 ? own : c.list_price(s.edition, s.term, 0);
}

TermPriceDecision decide_term_price(const Subscription& s, const Catalog& c) {
  TermPriceDecision d{s.unit_price, s.price_step, s.price_waited};
  const Date start = s.current_start();
  while (d.step < c.price_changes.size()) {
    const PriceChange& ch = c.price_changes[d.step];
    if (start < ch.effective()) break;  // not announced long enough before this term
    const PriceChange::Cell& cell = ch.cell(s.edition, s.term);
    if (cell.applies && d.waited < ch.grandfather_terms) {
      ++d.waited;  // one more term at the old price
      break;
    }
    if (cell.applies) {
      const Cents now = apply_ratio(d.unit_price, cell.ratio);
      d.changed = d.changed || now != d.unit_price;
      d.unit_price = now;
    }
    ++d.step;
    d.waited = 0;
  }
  return d;
}

double list_rise(const Catalog& c, Date day) {
  const std::uint8_t step = c.changes_by(day);
  if (step == 0 || c.editions.empty()) return 0;
  double sum = 0;
  int n = 0;
  for (std::size_t e = 0; e < c.editions.size(); ++e)
    for (TermType t : {TermType::monthly, TermType::annual}) {
      const Cents base = c.editions[e].monthly_price_per_seat;
      if (base <= 0) continue;
      sum += static_cast<double>(c.list_price(static_cast<Edition>(e), t, step)) /
                 static_cast<double>(base) - 1;
      ++n;
    }
  return n == 0 ? 0 : sum / n;
}

Cents carried_unit_price(const Catalog& c, const Subscription& from, Edition to, TermType t) {
  const Cents diff = c.list_price(to, t, from.price_step) -
                     c.list_price(from.edition, from.term, from.price_step);
  return std::max<Cents>(0, from.unit_price + diff);
}

}  // namespace subsim
