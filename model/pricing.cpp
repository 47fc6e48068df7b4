#include "model/pricing.hpp"

#include <algorithm>

namespace subsim {

void price_new_order(Subscription& s, const Catalog& c, Date day, Cents own) {
  s.price_step = c.changes_by(day);
  s.price_waited = 0;
  s.unit_price =
      own >= 0 ? own : c.reseller_price(c.list_price(s.edition, s.term, s.price_step), s.reseller);
  s.promo = 0;
  s.promo_left = 0;
  for (std::size_t i = 0; i < c.promotions.size(); ++i)
    if (c.promotions[i].from <= day && day <= c.promotions[i].to) {
      s.promo = static_cast<std::uint8_t>(i + 1);
      s.promo_left = static_cast<std::uint8_t>(c.promotions[i].first_terms);
    }
}

void price_opening(Subscription& s, const Catalog& c, Cents own, Cents amount) {
  s.price_step = 0;
  s.price_waited = 0;
  s.promo = 0;
  s.promo_left = 0;
  const Cents implied = own < 0 && amount >= 0
                           ? own_price_of_amount(c, s.edition, s.term, s.seats, amount)
                           : -1;
  s.unit_price = own >= 0       ? own
                 : implied >= 0 ? implied
                                : c.reseller_price(c.list_price(s.edition, s.term, 0), s.reseller);
}

Cents own_price_of_amount(const Catalog& c, Edition e, TermType t, std::int64_t seats,
                          Cents amount) {
  if (seats <= 0) return 0;
  // The invoice grows with the price: the first price whose invoice reaches `amount`, or the
  // one below it if that comes nearer. Start from the undiscounted quotient.
  const std::int64_t per = seats * months_in(t);
  Cents lo = 0, hi = amount / per + 1;
  // (At most 14 doublings for any discount below 100 %; a 100 % discount invoices nothing: no
  // price reaches the amount, −1.)
  for (int i = 0; i < 20 && c.term_amount(hi, e, t, seats) < amount; ++i) hi *= 2;
  if (c.term_amount(hi, e, t, seats) < amount) return -1;
  while (lo < hi) {
    const Cents mid = lo + (hi - lo) / 2;
    if (c.term_amount(mid, e, t, seats) < amount)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo > 0 && amount - c.term_amount(lo - 1, e, t, seats) < c.term_amount(lo, e, t, seats) - amount)
    --lo;
  return lo;
}

TermPriceDecision decide_term_price(const Subscription& s, const Catalog& c) {
  TermPriceDecision d{s.unit_price, s.price_step, s.price_waited};
  // A promotion's terms are its first ones: this term is one fewer left.
  d.promo_left = s.promo_left > 0 ? static_cast<std::uint8_t>(s.promo_left - 1) : 0;
  const Date start = s.current_start();
  while (d.step < c.price_changes.size()) {
    const PriceChange& ch = c.price_changes[d.step];
    const PriceChange::Cell& cell = ch.cell(s.edition, s.term);
    if (cell.applies) {
      if (start < ch.effective()) break;  // not announced long enough before this term
      if (d.waited < ch.grandfather_terms) {
        ++d.waited;  // one more term at the old price
        break;
      }
      d.unit_price = apply_ratio(d.unit_price, cell.ratio);
    }
    // Reached (or, not changing its edition and term type, passed over whatever its date).
    ++d.step;
    d.waited = 0;
  }
  d.paid_before = effective_unit_price(c, s, s.unit_price);
  d.paid_after = promoted_price(c, s.promo, d.promo_left, d.unit_price);
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
