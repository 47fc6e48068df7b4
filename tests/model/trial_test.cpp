// T1 free trial.
#include "model/trial.hpp"

#include <doctest/doctest.h>

using namespace subsim;

TEST_CASE(
    "T1 one trial per end user — it lapses after trial_days — conversion without payer-path "
    "change or legacy number") {
  Account a;
  CHECK(check_start_trial(a).accepted);
  a.trial_used = true;
  Decision again = check_start_trial(a);
  CHECK_FALSE(again.accepted);
  CHECK(again.rule == RuleId::T1);
  CHECK(trial_lapse_day(Date(2027, 2, 1), 30) == Date(2027, 3, 3));
  Subscription t;
  t.state = SubState::trial;
  CHECK(check_convert_trial(t, false, false).accepted);
  CHECK_FALSE(check_convert_trial(t, true, false).accepted);
  CHECK_FALSE(check_convert_trial(t, false, true).accepted);
  t.state = SubState::lapsed_trial;
  CHECK_FALSE(check_convert_trial(t, false, false).accepted);
}
