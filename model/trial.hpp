// T1 free trial: one per end user, no seat limit; converts with no payer-path change and no
// legacy number; lapses at its end.
#pragma once
#include "model/account.hpp"
#include "model/decision.hpp"

namespace subsim {

inline Decision check_start_trial(const Account& a) {
  return a.trial_used ? Decision::reject(RuleId::T1) : Decision::accept(RuleId::T1);
}
// The last trial day is start + trial_days − 1; it lapses on start + trial_days.
inline Date trial_lapse_day(Date start, int trial_days) {
  return add_days(start, trial_days);
}

Decision check_convert_trial(const Subscription& trial, bool payer_path_change, bool has_legacy);

}  // namespace subsim
