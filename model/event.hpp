// What the model emits: one record per fired event. analysis/ derives every number from these.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/date.hpp"
#include "model/money.hpp"
#include "model/rule_id.hpp"
#include "model/sub_state.hpp"

namespace subsim {

enum class EventKind : std::uint8_t {
  opening,  // a subscription already in force on the first simulated day
  order,    // an order is placed (accepted)
  pending,  // an accepted order is held until its start (R3, S4, future start, F1)
  start,    // a term starts for a new subscription
  renewal,  // N1/N2, dated the term's last day (C2)
  auto_renew_off,
  auto_renew_on,
  notice_cutoff,   // N3: the termination of this term is final
  expiry,          // E1: the first day after the last paid term
  grace_end,       // E2: the first day without service
  restore,         // E2: lineage restored inside the grace window (a grace save)
  reactivation,    // E3
  deletion,        // E4
  seat_add,        // S1
  upgrade,         // S5
  downgrade,       // S6 (through S4 steps)
  renewal_failed,  // E5
  renewal_fixed,   // E5: the snafu is fixed before it bites
  handover,        // R2/R3: the subscription starts with a new reseller
  close,           // the lineage moved on to a successor subscription
  trial_start,
  trial_convert,
  trial_lapse,
  reallocation,  // L1
  rejected,      // rule = the refusing rule
  price_change,  // P1: a subscription's own price moved at a renewal (mrr_delta: the move)
  count
};
inline constexpr int kEventKindCount = static_cast<int>(EventKind::count);
std::string_view to_string(EventKind k);
// The kind named `text` (events.csv's event column), if any.
std::optional<EventKind> parse_event_kind(std::string_view text);
// Every kind's name, comma-separated: for messages that say what would have been right.
std::string event_kind_names();

// Rule ids are enough for the metrics; the account and subscription are slots that the runner
// can name (scripted ids or synthetic "c<n>").
struct Event {
  Date date;
  std::uint32_t customer = 0;
  std::int16_t sub = -1;  // slot in the account, -1 when none
  EventKind kind = EventKind::order;
  RuleId rule = RuleId::none;
  SubState from = SubState::count;  // count = "no subscription before" (a new one)
  SubState to = SubState::count;
  Cents amount = 0;              // invoiced by this event
  Cents mrr_delta = 0;           // change of the subscription's MRR
  std::int32_t seats_delta = 0;  // change of seats in service
  Cents revenue = 0;             // revenue recognised daily over [rev_from, rev_to]
  Date rev_from, rev_to;
  Date anchor;                   // C1 anchor of the subscription's terms (lifecycle events)
  std::uint8_t term_months = 0;  // 1 or 12 (lifecycle events), 0 for notes
  // What the subscription is after the event (lifecycle events; notes: reseller only).
  std::uint8_t edition = 0;
  std::uint8_t basis = 0;        // 0 per_device, 1 per_user
  std::uint16_t reseller = 0xffff;
  std::int32_t seats = 0;        // its seats, in service or not
};

// A renewal run (issue 33): subscription `sub` of `customer` renews unchanged (rule N1) into
// terms first_term … first_term + terms − 1 of its anchor (C1), each invoiced `amount` on the
// eve of its first day and recognised over it — `terms` renewal events in one record, decided
// when the renewal before them happened (nothing can change them: sim/lifecycle). Observers
// that take runs get it then, ahead of its terms' days; the others get no runs (the engine then
// renews term by term).
struct RenewalRun {
  std::uint32_t customer = 0;
  std::int16_t sub = -1;
  std::int16_t first_term = 0;
  std::int32_t terms = 0;
  CivilDate anchor;
  std::uint8_t term_months = 1;
  Cents amount = 0;
  std::int32_t seats = 0;
  // Term first_term + j's first day (its last is the next one's eve).
  Date term_start(int j) const { return add_months_clamped(anchor, (first_term + j) * term_months); }
};

}  // namespace subsim
