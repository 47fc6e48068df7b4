#include "model/reseller.hpp"

namespace subsim {

Decision check_one_reseller(const Account& a, std::uint16_t reseller) {
  if (reseller == a.reseller) return Decision::accept(RuleId::R1);
  for (const auto& s : a.subs)
    if (s.state == SubState::pending || s.state == SubState::active ||
        s.state == SubState::terminating || s.state == SubState::grace ||
        s.state == SubState::trial)
      return Decision::reject(RuleId::R1);
  return Decision::accept(RuleId::R2);
}

Decision check_handover_sole_subscription(const Account& a, int old_slot) {
  for (int i = 0; i < static_cast<int>(a.subs.size()); ++i) {
    SubState st = a.subs[i].state;
    if (i != old_slot && (in_paid_term(st) || st == SubState::pending ||
                          st == SubState::grace || st == SubState::trial))
      return Decision::reject(RuleId::R1);
  }
  return Decision::accept(RuleId::R2);
}

Decision check_advance_handover(const Subscription& old, bool payer_path_change) {
  if (old.state != SubState::terminating || !payer_path_change || old.successor != kNoSlot)
    return Decision::reject(RuleId::R3);
  return Decision::accept(RuleId::R3);
}

}  // namespace subsim
