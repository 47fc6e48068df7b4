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
  bool trace = false;  // the run keeps every event until it ends
};

// Bytes the run needs, roughly: per thread one shard's accounts and queue; per replication the
// monthly, cohort and survival arrays; with a trace every event (about 2 per customer-month).
double estimated_run_bytes(const Scenario& sc, const RunShape& shape);
// A problem at the scenario's top if the estimate exceeds 80 % of the machine's memory.
std::optional<Diagnostic> check_memory(const Scenario& sc, const RunShape& shape);

// load_scenario_file / _text, then check_memory.
LoadResult load_for_run(const std::string& path, const LoadOptions& options, const RunShape& shape);
LoadResult load_text_for_run(const std::string& text, const std::string& file,
                             const LoadOptions& options, const RunShape& shape);

}  // namespace subsim
