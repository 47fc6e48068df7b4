#include "model/sub_state.hpp"

#include <array>

namespace subsim {

std::string_view to_string(SubState s) {
  static constexpr std::array<std::string_view, kSubStateCount> kNames = {
      "pending",   "trial",   "active",       "terminating", "grace",
      "suspended", "deleted", "lapsed_trial", "closed"};
  return kNames[static_cast<int>(s)];
}

}  // namespace subsim
