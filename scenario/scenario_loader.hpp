// Loads a scenario from YAML and validates it. Never throws for bad input: every problem becomes
// a Diagnostic with the file, line and column. Whether a run of it fits in memory depends on
// the run too: sim/memory_estimate.hpp.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "io/diagnostic.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

// Bounds on what a scenario may ask for, so that no file — however small, with YAML aliases —
// makes loading exhaust memory.
inline constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;
inline constexpr std::size_t kMaxScriptedItems = 1'000'000;

struct LoadOptions {
  std::vector<std::string> sets;  // "dotted.path=value" overrides (--set)
  // A variant: a name from `variants:` (overrides of any section) or from `policies:` (the
  // policy-only shorthand, applied over `policy:`); "default" is the scenario as written.
  std::string policy;
  // "dotted.path=value" overrides that define (or extend) that variant on the command line
  // (compare --set-variant NAME:KEY=VALUE), applied after the file's variant, before --set.
  std::vector<std::string> variant_sets;
};

struct LoadResult {
  std::optional<Scenario> scenario;
  Diagnostics errors;
  bool ok() const { return scenario.has_value() && errors.empty(); }
};

// A scenario's file, or its text (from the Python module: a dict as YAML) with the name its
// problems give as their file.
struct ScenarioInput {
  std::string path;
  std::optional<std::string> text;
};

LoadResult load_scenario_file(const std::string& path, const LoadOptions& options = {});
LoadResult load_scenario_text(const std::string& text, const std::string& file_name,
                              const LoadOptions& options = {});
// The file's or the text's, as the input says.
LoadResult load_scenario(const ScenarioInput& input, const LoadOptions& options = {});

// Parses "5y", "18m", "400d" into the last day of a horizon starting on `start`.
std::optional<Date> horizon_end(Date start, const std::string& text);
// Customers per replication the scenario expects: scripted, opening, and mean arrivals.
double expected_customers(const Scenario& sc);

}  // namespace subsim
