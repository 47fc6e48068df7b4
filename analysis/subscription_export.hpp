// A replication's trace as a subscription export — the format a billing system exports and
// `subsim fit` reads (docs/fitting.md), so a round trip simulate → export → fit is testable.
#pragma once
#include <string>
#include <vector>

#include "fitting/fit_input.hpp"
#include "analysis/trace_recorder.hpp"
#include "model/event.hpp"

namespace subsim {


// One row per subscription that paid at least one term, in order of account, then its first
// paid day, then subscription (so a run's shards can be written one after the other):
// - `start`: the first day of its first term (its anchor; before the run for the opening book);
// - `end`: the last day of service paid for (the day before its expiry), empty while it is in a
//   paid term on the last simulated day; a restore or reactivation of the same subscription
//   clears it again;
// - `end_reason`: `cancelled` (auto-renew turned off and the subscription expired), `lapsed`
//   (a renewal failed, E5, and was not fixed in time), `switched` (another reseller took the
//   lineage over: R2, R3), empty while active. A successor by the same reseller (a reduction or
//   downgrade at renewal, a restore or reactivation by order) continues the row: one row per
//   charge agreement number and reseller;
// - `reseller`, `edition`, `basis`, `term`, `seats`: as on its last event (an export shows the
//   current values: upgrades and added seats included);
// - `auto_renew`: `on` or `off` on the last simulated day, for a subscription still in a paid
//   term (empty once ended); `auto_renew_off_date`: the day auto-renew was last turned off (kept
//   on the row when it then ended; cleared when turned back on or paying again after a restore
//   or reactivation). A book row opened with auto-renew off has the run's first day.
// Trials are not subscriptions until converted; pending orders that never start are left out.
std::string subscriptions_csv(const std::vector<Event>& events, const Names& names);
// The rows alone (no header), appended to `out`: one shard's accounts, their events grouped
// by account and in firing order within each.
void append_subscription_rows(std::string& out, const std::vector<const Event*>& grouped,
                              const Names& names);

}  // namespace subsim
