#include "model/event.hpp"

#include <array>

namespace subsim {

std::string_view to_string(EventKind k) {
  static constexpr std::array<std::string_view, kEventKindCount> kNames = {
      "opening",        "order",          "pending",       "start",        "renewal",
      "auto_renew_off", "auto_renew_on",  "notice_cutoff", "expiry",       "grace_end",
      "restore",        "reactivation",   "deletion",      "seat_add",     "upgrade",
      "downgrade",      "renewal_failed", "renewal_fixed", "handover",     "close",
      "trial_start",    "trial_convert",  "trial_lapse",   "reallocation", "rejected",
      "price_change"};
  return kNames[static_cast<int>(k)];
}

std::optional<EventKind> parse_event_kind(std::string_view text) {
  for (int k = 0; k < kEventKindCount; ++k)
    if (to_string(static_cast<EventKind>(k)) == text) return static_cast<EventKind>(k);
  return std::nullopt;
}

std::string event_kind_names() {
  std::string known;
  for (int k = 0; k < kEventKindCount; ++k) {
    if (k) known += ", ";
    known += to_string(static_cast<EventKind>(k));
  }
  return known;
}

}  // namespace subsim
