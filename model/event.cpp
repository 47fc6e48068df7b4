#include "model/event.hpp"

#include <array>

namespace subsim {

std::string_view to_string(EventKind k) {
  static constexpr std::array<std::string_view, kEventKindCount> kNames = {
      "opening",        "order",          "pending",       "start",        "renewal",
      "auto_renew_off", "auto_renew_on",  "notice_cutoff", "expiry",       "grace_end",
      "restore",        "reactivation",   "deletion",      "seat_add",     "upgrade",
      "downgrade",      "renewal_failed", "renewal_fixed", "handover",     "close",
      "trial_start",    "trial_convert",  "trial_lapse",   "reallocation", "rejected"};
  return kNames[static_cast<int>(k)];
}

}  // namespace subsim
