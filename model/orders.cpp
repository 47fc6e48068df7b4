#include "model/orders.hpp"

#include "model/mixing.hpp"
#include "model/notice.hpp"
#include "model/reseller.hpp"
#include "model/seats.hpp"
#include "model/trial.hpp"

namespace subsim {

namespace {

OrderDecision refused(Decision d) {
  return {d};
}

// S4 reduction or R3 hand-over of `old`, set to terminate: a successor, pending until its end.
OrderDecision successor_order(const Account& a, const Order& o, const Policy& p, bool other) {
  const Subscription& old = a.subs[o.legacy];
  if (other) {
    if (Decision d = check_advance_handover(old, o.payer_path_change); !d) return refused(d);
    if (Decision d = check_handover_sole_subscription(a, o.legacy); !d) return refused(d);
  } else if (old.successor != kNoSlot) {
    return refused(Decision::reject(RuleId::S4));
  }
  if (Decision d = check_renewal_change(old, o.edition, o.seats, o.term, p); !d) return refused(d);
  if (Decision d = check_mixing(a, o.edition, o.basis, o.term, o.legacy); !d) return refused(d);
  return {Decision::accept(other ? RuleId::R3 : RuleId::S4), OrderPath::successor};
}

// E2/E3 (R2 with another reseller): an order quoting a lineage expired and not yet deleted.
OrderDecision continuation_order(const Account& a, const Order& o, const Policy& p, Date day,
                                 bool other) {
  const Subscription& old = a.subs[o.legacy];
  ContinuationDecision c = classify_after_expiry(old.expiry_day, day, p);
  if (other && !o.payer_path_change) return refused(Decision::reject(RuleId::R2));
  if (c.how == Continuation::reactivate && !o.payer_path_change)
    return refused(Decision::reject(RuleId::E3));
  if (other)
    if (Decision d = check_handover_sole_subscription(a, o.legacy); !d) return refused(d);
  if (Decision d = check_renewal_change(old, o.edition, o.seats, o.term, p); !d) return refused(d);
  if (Decision d = check_mixing(a, o.edition, o.basis, o.term, o.legacy); !d) return refused(d);
  return {Decision::accept(c.rule), OrderPath::continuation, c};
}

}  // namespace

OrderDecision decide_order(const Account& a, const Order& o, const Policy& p, Date day) {
  if (Decision d = check_self_resale(a, o.reseller); !d) return refused(d);
  if (o.legacy != kNoSlot && a.subs[o.legacy].state != SubState::deleted) {
    bool other = o.reseller != a.reseller;
    switch (a.subs[o.legacy].state) {
      case SubState::active:
        // Still renewing: a successor needs it set to terminate first (R3 hand-over, S4 reduction).
        return refused(Decision::reject(other ? RuleId::R3 : RuleId::S4));
      case SubState::terminating:
        return successor_order(a, o, p, other);
      case SubState::grace:
      case SubState::suspended:
        return continuation_order(a, o, p, day, other);
      default:
        return refused(Decision::reject(rule_for_not_in_term(a.subs[o.legacy].state)));
    }
  }
  // No legacy, or its lineage is gone (E4: a brand-new order).
  if (Decision d = check_one_reseller(a, o.reseller); !d) return refused(d);
  if (Decision d = check_mixing(a, o.edition, o.basis, o.term, kNoSlot); !d) return refused(d);
  return {Decision::accept(a.all_deleted() ? RuleId::E4 : RuleId::M1), OrderPath::new_lineage};
}

Decision decide_convert_trial(const Account& a, int slot, const Order& o) {
  if (slot == kNoSlot) return Decision::reject(RuleId::T1);
  if (Decision d = check_convert_trial(a.subs[slot], o.payer_path_change, o.legacy != kNoSlot); !d)
    return d;
  if (Decision d = check_mixing(a, o.edition, o.basis, o.term, slot); !d) return d;
  return Decision::accept(RuleId::T1);
}

}  // namespace subsim
