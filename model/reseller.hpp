// Resellers: R1 one per end user, R2 hand-over after expiry, R3 hand-over in advance, R4 no
// self-resale.
#pragma once
#include "model/account.hpp"
#include "model/decision.hpp"

namespace subsim {

// R4: a reseller cannot be the end user of its own order.
inline Decision check_self_resale(const Account& a, std::uint16_t reseller) {
  return a.own_reseller == reseller ? Decision::reject(RuleId::R4) : Decision::accept(RuleId::R4);
}

// R1: may `reseller` place an order without a legacy number? Not while another reseller still
// serves the end user (any subscription pending or in service).
Decision check_one_reseller(const Account& a, std::uint16_t reseller);

// R1 for R2 and R3: another reseller may continue the lineage in `old_slot` (expired, or set to
// terminate) only if no other subscription of the end user is still served by the old one:
// pending, in a paid term, in grace or a trial (found by the reference model, docs/rules.md).
Decision check_handover_sole_subscription(const Account& a, int old_slot);

// R3: an order by another reseller quoting `old` before it has expired: only if `old` is set to
// terminate ("T"), with payer-path change; then it is held pending.
Decision check_advance_handover(const Subscription& old, bool payer_path_change);

}  // namespace subsim
