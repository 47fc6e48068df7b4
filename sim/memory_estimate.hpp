// Will a run fit in memory? The estimate depends on the scenario and on the run (threads,
// replications, trace), so it lives next to the runner; commands load a scenario through
// load_for_run(), which refuses a run that would not fit with the estimate in the message.
#pragma once
#include <optional>
#include <string>

#include "scenario/scenario_loader.hpp"

namespace subsim {

struct RunShape {
  int threads = 1;
  bool trace = false;    // the run streams a trace (a fixed budget per thread)
  int replications = 0;  // from the command line (--replications); 0: the scenario's
  // The share of the customers whose trace is kept whole in memory (the Python module's
  // trace=…, returned as text and a DataFrame), not streamed: 0 none, 1 all.
  double trace_in_memory = 0;
};

// Bytes the run needs, roughly: per thread one shard's accounts and queue while it runs; per
// work unit (shard × replication) its metrics — kept until the run ends, when the units merge in
// customer order: the cohort matrices (months², the largest part over long horizons), the monthly
// series, the survival and day maps and the shard's customer records; with a trace, per thread
// the events and rows of the units in flight or waiting to be written (not the whole trace).
double estimated_run_bytes(const Scenario& sc, const RunShape& shape);

// What this process may use: the least of physical memory, the cgroup's memory.max (v2) or
// memory.limit_in_bytes (v1), and RLIMIT_AS (ulimit -v). `what` names the binding one.
struct MemoryLimit {
  double bytes;
  std::string what;
};
MemoryLimit memory_limit();

// A problem at the scenario's top if the estimate exceeds 80 % of `limit` (default: this
// process's memory_limit()), with both figures in the message.
std::optional<Diagnostic> check_memory(const Scenario& sc, const RunShape& shape);
std::optional<Diagnostic> check_memory(const Scenario& sc, const RunShape& shape,
                                       const MemoryLimit& limit);

// load_scenario_file / _text, then check_memory.
LoadResult load_for_run(const std::string& path, const LoadOptions& options, const RunShape& shape);
LoadResult load_text_for_run(const std::string& text, const std::string& file,
                             const LoadOptions& options, const RunShape& shape);
LoadResult load_for_run(const ScenarioInput& input, const LoadOptions& options, const RunShape& shape);

// `subsim validate`'s check of a loaded scenario's named variants (its variants:, then its
// policies:): each loaded from `input` with `options` and that variant, as a run would load it.
struct VariantsChecked {
  std::vector<std::string> names;
  Diagnostics problems;  // every variant's, in the order of `names`
};
VariantsChecked check_variants(const ScenarioInput& input, const LoadOptions& options,
                               const Scenario& sc);

}  // namespace subsim
