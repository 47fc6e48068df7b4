// What a queued event does, and the fixed order of a day's events (rule C3):
//   0 deletion (E4) · 1 grace end (E2) · 2 expiry (E1), trial lapse (T1) · 3 pending starts ·
//   4 orders and actions (scripted in list order) · 5 notice cut-off (N3) · 6 term end (C2).
// So on X + 60 the deletion precedes an order placed that day, an order on X meets the expired
// subscription, a pending order starts after its predecessor expired, auto-renew can still be
// turned off on the cut-off day, and seats added on the last day are renewed with the term.
// Ties within a class follow scheduling order, which per customer depends only on that
// customer's own history; across customers nothing interacts, and traces sort by customer.
#pragma once
#include <cstdint>

namespace subsim {

enum class QueueKind : std::uint8_t {
  deletion,
  grace_end,
  expiry,
  trial_lapse,
  pending_start,
  arrival,
  scripted,
  intent,
  federal,
  notice_cutoff,
  term_end
};
inline constexpr int kQueueClasses = 7;

inline int class_of(QueueKind k) {
  static constexpr std::uint8_t kClass[] = {0, 1, 2, 2, 3, 4, 4, 4, 4, 5, 6};
  return kClass[static_cast<int>(k)];
}

}  // namespace subsim
