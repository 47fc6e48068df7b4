// Orders (M1, R1–R4, S4, S6, E2–E4, T1, C2, F1): whether an order goes through, and which path it
// takes — a new lineage, a successor held pending until the old term ends, or a continuation
// after expiry — or which rule refuses it. The engine applies the answer; it decides nothing.
#pragma once
#include "model/account.hpp"
#include "model/decision.hpp"
#include "model/expiry.hpp"
#include "model/order.hpp"
#include "model/policy.hpp"

namespace subsim {

enum class OrderPath : std::uint8_t {
  new_lineage,   // M1 (E4 when the account was deleted): a new subscription and lineage
  successor,     // S4/S6 reduction or R3 advance hand-over: pending until the old term ends
  continuation,  // E2 restore / E3 reactivation / R2 hand-over of an expired lineage
};

struct OrderDecision {
  Decision decision;
  OrderPath path = OrderPath::new_lineage;
  ContinuationDecision continuation{Continuation::new_account, RuleId::none};  // continuation only
};

// An order placed on `day` for `a`; `o.reseller` is already resolved (never kNoReseller) and
// `o.legacy` is a slot of `a` or kNoSlot.
OrderDecision decide_order(const Account& a, const Order& o, const Policy& p, Date day);

// T1: converting the trial in `slot` (kNoSlot: the account has none running).
Decision decide_convert_trial(const Account& a, int slot, const Order& o);

// C2: an action on a subscription that does not exist (yet): the order that would have made it
// was refused or is still to come.
inline Decision check_subscription_exists(bool exists) {
  return exists ? Decision::accept(RuleId::C2) : Decision::reject(RuleId::C2);
}

// F1: the special bid of a federal order, approved or not.
inline Decision decide_federal_bid(bool approved) {
  return approved ? Decision::accept(RuleId::F1) : Decision::reject(RuleId::F1);
}

}  // namespace subsim
