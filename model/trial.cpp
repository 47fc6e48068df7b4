#include "model/trial.hpp"

namespace subsim {

Decision check_convert_trial(const Subscription& trial, bool payer_path_change, bool has_legacy) {
  if (trial.state != SubState::trial || payer_path_change || has_legacy)
    return Decision::reject(RuleId::T1);
  return Decision::accept(RuleId::T1);
}

}  // namespace subsim
