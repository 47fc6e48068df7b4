#include "model/notice.hpp"

#include "model/term.hpp"

namespace subsim {

Date next_term_cutoff(const Subscription& s, const Policy& p) {
  return notice_cutoff(term_end(s.anchor, s.term, s.term_index + 1), p.notice_days);
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
  if (!in_paid_term(s.state))
    return {Decision::reject(rule_for_not_in_term(s.state))};
  if (!s.auto_renew) return {Decision::accept(RuleId::N2), false};  // already off: no change
  if (day <= notice_cutoff(s.current_end(), p.notice_days))
    return {Decision::accept(RuleId::N3), true};
  return {Decision::accept(RuleId::N2), false};
}

Decision decide_auto_renew_on(const Subscription& s, Date day, const Policy& p,
                              bool successor_from_other_reseller) {
  if (!in_paid_term(s.state))
    return Decision::reject(rule_for_not_in_term(s.state));
  if (s.successor != kNoSlot)
    return Decision::reject(successor_from_other_reseller ? RuleId::R1 : RuleId::S4);
  if (s.state == SubState::terminating && day > notice_cutoff(s.current_end(), p.notice_days))
    return Decision::reject(RuleId::N3);
  if (s.state == SubState::active && !s.auto_renew && day > next_term_cutoff(s, p))
    return Decision::reject(RuleId::N3);
  return Decision::accept(s.state == SubState::terminating ? RuleId::N3 : RuleId::N1);
}

}  // namespace subsim
