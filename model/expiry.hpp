// Expiry, grace, reactivation, deletion (E1–E4): what an order quoting an expired lineage does;
// renewal snafus (E5).
#pragma once
#include "model/decision.hpp"
#include "model/policy.hpp"
#include "model/rule_id.hpp"
#include "model/subscription.hpp"

namespace subsim {

// E1: the expiry day of a term that ends without renewal.
inline Date expiry_day(Date term_end) {
  return add_days(term_end, 1);
}
// E2: the first day without service.
inline Date grace_end_day(Date x, const Policy& p) {
  return add_days(x, p.grace_days);
}
// E4: the day the account information is deleted.
inline Date deletion_day(Date x, const Policy& p) {
  return add_days(x, p.deletion_days);
}

enum class Continuation : std::uint8_t {
  restore,     // E2: inside the grace window, as if it had renewed on X with the old anchor
  reactivate,  // E3: after grace, before deletion: same lineage, new term anchored on the order day
  new_account  // E4: deleted; a brand-new order, account and lineage
};
struct ContinuationDecision {
  Continuation how;
  RuleId rule;
};
// E2: a lineage restored on `day` inside its grace window continues as if it had renewed on X:
// `s` has just entered the term that starts on X; it moves on through every term that ended
// before `day` (a grace window longer than a month), each invoiced at the current price.
// Returns the amount invoiced on `day` for all of them.
// Each term is priced as at a renewal (P1: price changes, a promotion's terms).
Cents restore_through(Subscription& s, Date day, const Catalog& catalog);

// An order on `day` (day >= x) quoting the lineage of a subscription that expired on `x`.
ContinuationDecision classify_after_expiry(Date x, Date day, const Policy& p);

// E5: a renewal snafu can be flagged only in a paid term (it fires at the term's end).
Decision decide_renewal_fails(const Subscription& s);
// E5: fixing the failing renewal — in term before it fires (E5), in grace as a late renewal
// (E2), suspended as a reactivation (E3); otherwise refused.
Decision decide_fix_renewal(const Subscription& s);

}  // namespace subsim
