// The states a subscription can be in. Transitions between them are data: lifecycle_graph.hpp.
#pragma once
#include <cstdint>
#include <string_view>

namespace subsim {

enum class SubState : std::uint8_t {
  pending,       // accepted order waiting for its start (future start, R3 hand-over, S4 reduction)
  trial,         // T1 free trial
  active,        // in a paid term, auto-renewing (or turned off too late to stop this renewal)
  terminating,   // "T" (N3): the current term ends without renewal
  grace,         // E2: expired, service kept for grace_days
  suspended,     // E3: expired, no service, reactivatable until deletion
  deleted,       // E4: account information deleted
  lapsed_trial,  // T1: trial ended unconverted
  closed,        // the lineage continues in a successor subscription (S4, E2, E3, R2, R3)
  count
};
inline constexpr int kSubStateCount = static_cast<int>(SubState::count);

std::string_view to_string(SubState s);

// In a paid term: active or set to terminate ("T", N3). The only states in which in-term
// actions (S1, S3, S5, L1, E5's flag) act and the term-end clock runs.
inline bool in_paid_term(SubState s) {
  return s == SubState::active || s == SubState::terminating;
}
// Paid and in service: counts towards MRR. Grace keeps service while a renewal may still come.
inline bool earns_mrr(SubState s) {
  return s == SubState::active || s == SubState::terminating || s == SubState::grace;
}
// Its lifecycle is over: continued in a successor, deleted, or a trial that lapsed. Nothing is
// left to happen to it, and it holds no place in the account.
inline bool is_over(SubState s) {
  return s == SubState::closed || s == SubState::deleted || s == SubState::lapsed_trial;
}
// Still part of the account for the mixing rules (M2, M3).
inline bool holds_place(SubState s) {
  return s == SubState::pending || s == SubState::active || s == SubState::terminating ||
         s == SubState::grace || s == SubState::suspended;
}

}  // namespace subsim
