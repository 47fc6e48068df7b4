#include "model/expiry.hpp"

#include "model/notice.hpp"
#include "model/pricing.hpp"

namespace subsim {

Cents restore_through(Subscription& s, Date day, const Catalog& catalog) {
  // As if it had renewed on X: each term it pays for is a renewal for its price (P1), a
  // promotion's term counted and a price change reached as at a renewal.
  apply_term_price(s, decide_term_price(s, catalog));
  Cents amount = subscription_term_amount(catalog, s, s.seats);
  while (s.current_end() < day) {
    s.next_term();
    apply_term_price(s, decide_term_price(s, catalog));
    add_exact(amount, subscription_term_amount(catalog, s, s.seats), "a restore's price");
  }
  return amount;
}

ContinuationDecision classify_after_expiry(Date x, Date day, const Policy& p) {
  if (day < grace_end_day(x, p)) return {Continuation::restore, RuleId::E2};
  if (day < deletion_day(x, p)) return {Continuation::reactivate, RuleId::E3};
  return {Continuation::new_account, RuleId::E4};
}

Decision decide_renewal_fails(const Subscription& s) {
  if (!in_paid_term(s.state)) return Decision::reject(rule_for_not_in_term(s.state));
  return Decision::accept(RuleId::E5);
}

Decision decide_fix_renewal(const Subscription& s) {
  switch (s.state) {
    case SubState::active:
    case SubState::terminating: return Decision::accept(RuleId::E5);
    case SubState::grace: return Decision::accept(RuleId::E2);
    case SubState::suspended: return Decision::accept(RuleId::E3);
    default: return Decision::reject(rule_for_not_in_term(s.state));
  }
}

}  // namespace subsim
