// When leavers turn auto-renew off, in days before their term's last day (the scenario's
// behaviour.notice_days_before): under N2 it decides who pays one more term (late_share), so the
// fit needs it to model decisions rather than paid terms. An export with `auto_renew_off_date`
// shows it: each turn-off date (of a row that ended `cancelled`, or still pays with auto-renew
// off) gives one draw d, the days from the turn-off to the last day of the term it fell in —
// right-censored when it fell on that term's first day (the engine places an earlier draw there:
// d ≥ the term's span), as every monthly leaver deciding a month or more ahead is. The distribution is then the Kaplan–Meier
// estimate of d over those rows. Without enough of them (kMinTurnOffs seen uncensored) it is
// assumed: uniform from 0 to 60 days (the engine's default), and the scenario says so.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "fitting/subscription_table.hpp"

namespace subsim {

// The assumption, when an export does not show when leavers decide: uniform on [0, 60] days.
inline constexpr double kAssumedNoticeDaysBefore[2] = {0, 60};
// Turn-offs seen on a term's day other than its first, before the timing is estimated.
inline constexpr std::int64_t kMinTurnOffs = 30;

struct TurnOffTiming {
  bool estimated = false;
  std::int64_t observed = 0;  // cancelled rows with a turn-off date, consistent with their end
  std::int64_t censored = 0;  // of them, on their term's first day (d ≥ the term's span)
  std::int64_t skipped = 0;   // turn-off dates whose row did not end at that term or the next
  // Days before the term's last day → probability, ascending (when estimated). The mass the
  // Kaplan–Meier estimate leaves beyond its last event sits at the largest censored value.
  std::vector<std::pair<int, double>> mass;

  // P(d ≤ x) for the draw d, rounded to whole days as the engine rounds it.
  double at_most(double x) const;
  // The median of d in days.
  double median() const;
};

// The timing the rows show, or the assumption. A turn-off counts when its term ended before
// `as_of` (so its late and on-time leavers are both seen: a cancelled row ending with that term
// or the next, or a row still paying in the next term with auto-renew off — it renewed, late)
// and, with `observed_since`, not before it.
TurnOffTiming fit_turn_off_timing(const std::vector<ExportRow>& rows, Date as_of,
                                  std::optional<Date> observed_since = std::nullopt);

// N2 under `timing`: the share of leavers of a term type whose turn-off comes after the cut-off
// of `notice_days`, so that they pay one more term. As the engine places it: d days before the
// term's last day, d the draw rounded, not before the term's first day — on time iff
// min(d, last − first) > notice_days (a monthly term's span averaged over the 12 months). At
// most 0.99: an export may show a leaver the rule says cannot be.
double late_share(bool annual, int notice_days, const TurnOffTiming& timing = TurnOffTiming{});

}  // namespace subsim
