#include "model/notice.hpp"

namespace subsim {

TermEndDecision decide_term_end(const Subscription& s, const Policy& p) {
  // N2: a late turn-off lets this renewal happen and stops the next one, whatever its length
  // (a 28-day February can be within the notice period of a turn-off late in January).
  bool renews = s.auto_renew || (!s.late_notice &&
                                 !notice_stops_renewal(s.current_end(), s.off_day, p.notice_days));
  if (!renews) return {TermEndOutcome::end, RuleId::N2};
  if (s.renewal_snafu) return {TermEndOutcome::fail, RuleId::E5};
  if (s.auto_renew) return {TermEndOutcome::renew, RuleId::N1};
  return {TermEndOutcome::renew_late_notice, RuleId::N2};
}

RuleId rule_for_not_in_term(SubState s) {
  switch (s) {
    case SubState::pending:
      return RuleId::C2;
    case SubState::trial:
      return RuleId::T1;
    case SubState::deleted:
      return RuleId::E4;
    default:
      return RuleId::E1;
  }
}

AutoRenewOffDecision decide_auto_renew_off(const Subscription& s, Date day, const Policy& p) {
  if (s.state != SubState::active && s.state != SubState::terminating)
    return {Decision::reject(rule_for_not_in_term(s.state))};
  if (!s.auto_renew) return {Decision::accept(RuleId::N2), false};  // already off: no change
  if (day <= notice_cutoff(s.current_end(), p.notice_days))
    return {Decision::accept(RuleId::N3), true};
  return {Decision::accept(RuleId::N2), false};
}

Decision decide_auto_renew_on(const Subscription& s, Date day, const Policy& p,
                              bool successor_from_other_reseller) {
  if (s.state != SubState::active && s.state != SubState::terminating)
    return Decision::reject(rule_for_not_in_term(s.state));
  if (s.successor != kNoSlot)
    return Decision::reject(successor_from_other_reseller ? RuleId::R1 : RuleId::S4);
  if (s.state == SubState::terminating && day > notice_cutoff(s.current_end(), p.notice_days))
    return Decision::reject(RuleId::N3);
  return Decision::accept(s.state == SubState::terminating ? RuleId::N3 : RuleId::N1);
}

}  // namespace subsim
