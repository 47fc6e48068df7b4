#include "model/expiry.hpp"

namespace subsim {

Cents restore_through(Subscription& s, Date day, const Catalog& catalog) {
  Cents amount = catalog.term_price(s.edition, s.term, s.seats);
  while (s.current_end() < day) {
    s.next_term();
    add_exact(amount, catalog.term_price(s.edition, s.term, s.seats), "a restore's price");
  }
  return amount;
}

ContinuationDecision classify_after_expiry(Date x, Date day, const Policy& p) {
  if (day < grace_end_day(x, p)) return {Continuation::restore, RuleId::E2};
  if (day < deletion_day(x, p)) return {Continuation::reactivate, RuleId::E3};
  return {Continuation::new_account, RuleId::E4};
}

}  // namespace subsim
