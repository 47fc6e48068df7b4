#include "model/seats.hpp"

#include <algorithm>

#include "model/notice.hpp"
#include "model/pricing.hpp"

namespace subsim {

namespace {
Cents balance_of_term(Cents full_term, const Subscription& s, Date day, const Policy& p) {
  if (p.proration == Proration::none) return full_term;
  int remaining = days_between(day, s.current_end()) + 1;
  return prorate(full_term, remaining, s.current_days());
}
}  // namespace

Decision check_add_seats(const Subscription& s, std::optional<Edition> edition, const Policy& p) {
  if (!in_paid_term(s.state)) return Decision::reject(rule_for_not_in_term(s.state));
  if (edition && *edition != s.edition) return Decision::reject(RuleId::S2);
  if (!p.mid_term_seat_additions) return Decision::reject(RuleId::S1);
  return Decision::accept(RuleId::S1);
}

Cents add_seats_charge(const Catalog& c, const Subscription& s, Date day, std::int32_t seats,
                       const Policy& p) {
  return balance_of_term(subscription_term_amount(c, s, seats), s, day, p);
}

Decision check_remove_seats(const Subscription& s) {
  if (!in_paid_term(s.state)) return Decision::reject(rule_for_not_in_term(s.state));
  return Decision::reject(s.term == TermType::annual ? RuleId::S3 : RuleId::S4);
}

Decision check_upgrade(const Subscription& s, Edition to, std::int32_t seats) {
  if (!in_paid_term(s.state)) return Decision::reject(rule_for_not_in_term(s.state));
  if (to <= s.edition || seats < s.seats) return Decision::reject(RuleId::S5);
  return Decision::accept(RuleId::S5);
}

Cents upgrade_charge(const Catalog& c, const Subscription& s, Date day, Edition to,
                     std::int32_t seats, const Policy& p) {
  const Cents to_unit = effective_unit_price(c, s, carried_unit_price(c, s, to, s.term));
  // Never a refund (N4), even where an edition's own annual discount or a price of its own
  // makes the higher edition cost less for the term.
  Cents diff = std::max<Cents>(
      0, c.term_amount(to_unit, to, s.term, seats) - subscription_term_amount(c, s, s.seats));
  return balance_of_term(diff, s, day, p);
}

Decision check_downgrade(const Subscription& s) {
  if (!in_paid_term(s.state)) return Decision::reject(rule_for_not_in_term(s.state));
  return Decision::reject(RuleId::S6);
}

Decision check_reallocation(const Subscription& s) {
  if (!in_paid_term(s.state) && s.state != SubState::trial)
    return Decision::reject(rule_for_not_in_term(s.state));
  return Decision::accept(RuleId::L1);
}

Decision check_renewal_change(const Subscription& old, Edition to, std::int32_t seats,
                              TermType term, const Policy& p) {
  if (old.term == TermType::annual && term == TermType::annual) {
    if (to < old.edition) return Decision::reject(RuleId::S6);
    if (seats < old.seats && !p.annual_reduce_at_renewal) return Decision::reject(RuleId::S3);
  }
  return Decision::accept(RuleId::S4);
}

}  // namespace subsim
