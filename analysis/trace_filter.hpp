// Which part of a run a trace holds: --trace-accounts, --trace-events, --trace-from,
// --trace-to, --trace-sample. Account filters (accounts, sample) pick customers and apply to
// events.csv and subscriptions.csv; event and date filters pick rows of events.csv only (a
// subscription export needs whole histories).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/date.hpp"
#include "model/event.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

struct TraceFilter {
  std::uint32_t kinds = (std::uint32_t{1} << kEventKindCount) - 1;  // a bit per EventKind
  std::optional<Date> from, to;                                      // inclusive
  std::vector<std::uint32_t> accounts;  // customer ids, sorted; empty: every account
  double sample = 1.0;                  // share of customers kept
  std::uint64_t sample_seed = 0;        // the run's seed: the same sample for any thread count

  bool customer_kept(std::uint32_t customer) const;
  bool event_kept(const Event& e) const {
    return (kinds >> static_cast<unsigned>(e.kind) & 1u) && (!from || e.date >= *from) &&
           (!to || e.date <= *to);
  }
  bool filters_events() const {
    return kinds != (std::uint32_t{1} << kEventKindCount) - 1 || from || to;
  }
};

// The options as typed; empty strings are options not given.
struct TraceFilterText {
  std::string accounts;  // "ID,ID,…" or "@FILE" (ids separated by commas or lines, # comments)
  std::string events;    // "KIND,KIND,…" (events.csv's event column)
  std::string from, to;  // YYYY-MM-DD
  std::string sample;    // a fraction in (0, 1]
};

// The filter, or nullopt with one message per problem in `errors` (an unknown account — a
// synthetic c<n> beyond every replication's population of this seed included — or event, a bad
// date or fraction, an unreadable @FILE).
std::optional<TraceFilter> parse_trace_filter(const Scenario& sc, std::uint64_t seed,
                                              std::uint32_t replications,
                                              const TraceFilterText& text,
                                              std::vector<std::string>& errors);

}  // namespace subsim
