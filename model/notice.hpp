// Renewal and cancellation: N1 auto-renew, N2 notice period, N3 set to terminate, N4 commitment.
#pragma once
#include "model/decision.hpp"
#include "model/policy.hpp"
#include "model/subscription.hpp"

namespace subsim {

// N2: the last day auto-renew may be turned off and still stop the renewal at `term_end`.
inline Date notice_cutoff(Date term_end, int notice_days) {
  return add_days(term_end, -notice_days - 1);
}
// N2 after a late turn-off: the cut-off of the next term, which is then the last one (it may
// fall before the current term ends). Defined in notice.cpp (it needs term.hpp's C1 arithmetic).
Date next_term_cutoff(const Subscription& s, const Policy& p);
// N2: turning auto-renew off on `off_day` stops the renewal at `term_end` only if
// term_end − off_day > notice_days.
inline bool notice_stops_renewal(Date term_end, Date off_day, int notice_days) {
  return days_between(off_day, term_end) > notice_days;
}

// N2: the last day paid for by a subscription anchored on `anchor` whose auto-renew went off on
// `off_day`: the end of that day's term, or of the next one when the notice came too late.
inline Date last_term_end_after_off(Date anchor, TermType t, Date off_day, int notice_days) {
  const int k = term_index_on(anchor, t, off_day);
  const Date e = term_end(anchor, t, k);
  return notice_stops_renewal(e, off_day, notice_days) ? e : term_end(anchor, t, k + 1);
}

enum class TermEndOutcome : std::uint8_t {
  renew,              // N1
  renew_late_notice,  // N2: auto-renew went off after the cut-off, so one more term
  end,                // N2/N3: no renewal; E1 expiry follows the next day
  fail                // E5: a renewal snafu; E1 expiry follows, E2 grace covers it
};
struct TermEndDecision {
  TermEndOutcome outcome;
  RuleId rule;
};
// C2: decided on the last day of the term (inline: it runs on every renewal).
inline TermEndDecision decide_term_end(const Subscription& s, const Policy& p) {
  // N2: a late turn-off lets this renewal happen and stops the next one, whatever its length
  // (a 28-day February can be within the notice period of a turn-off late in January).
  bool renews = s.auto_renew || (!s.late_notice &&
                                 !notice_stops_renewal(s.current_end(), s.off_day, p.notice_days));
  if (!renews) return {TermEndOutcome::end, RuleId::N2};
  if (s.renewal_snafu) return {TermEndOutcome::fail, RuleId::E5};
  if (s.auto_renew) return {TermEndOutcome::renew, RuleId::N1};
  return {TermEndOutcome::renew_late_notice, RuleId::N2};
}

// N2/N3 for a term entered with auto-renew already off since `off_day` (ordered so, in force so
// when the run starts, or turned off before the start): terminating (T) if that was in time for
// this term, which is then the last; otherwise active — this term renews once more (N2) and the
// next is the last.
inline SubState state_with_auto_renew_off(const Subscription& s, Date off_day, const Policy& p) {
  return off_day <= notice_cutoff(s.current_end(), p.notice_days) ? SubState::terminating
                                                                   : SubState::active;
}

// The rule that refuses an in-term action on a subscription that is not in a paid term.
RuleId rule_for_not_in_term(SubState s);

struct AutoRenewOffDecision {
  Decision decision;
  bool becomes_terminating = false;  // N3: on or before the cut-off
};
AutoRenewOffDecision decide_auto_renew_off(const Subscription& s, Date day, const Policy& p);

// N3: accepted up to the cut-off of the last term, refused after it (N3) and while a successor
// order waits on this subscription (R1 for another reseller's hand-over, S4 for a same-reseller
// reduction). The last term is the current one once the subscription is T; while auto-renew is
// off but the turn-off came after this term's cut-off (N2), it is the next term — so a turn-back-on
// after the next term's cut-off is refused even before that term starts.
Decision decide_auto_renew_on(const Subscription& s, Date day, const Policy& p,
                              bool successor_from_other_reseller);

}  // namespace subsim
