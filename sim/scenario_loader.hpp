// Loads a scenario from YAML and validates everything a run would need. Never throws for bad
// input: every problem becomes a Diagnostic with the file, line and column.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sim/diagnostic.hpp"
#include "sim/scenario.hpp"

namespace subsim {

struct LoadOptions {
  std::vector<std::string> sets;  // "dotted.path=value" overrides (--set)
  std::string policy;             // a name from `policies:`, applied over `policy:`
  bool trace = false;             // the run keeps every event: count it in the memory estimate
  int threads = 1;
};

struct LoadResult {
  std::optional<Scenario> scenario;
  Diagnostics errors;
  bool ok() const { return scenario.has_value() && errors.empty(); }
};

LoadResult load_scenario_file(const std::string& path, const LoadOptions& options = {});
LoadResult load_scenario_text(const std::string& text, const std::string& file_name,
                              const LoadOptions& options = {});

// Parses "5y", "18m", "400d" into the last day of a horizon starting on `start`.
std::optional<Date> horizon_end(Date start, const std::string& text);
// "4.00" / "4" / 4.5 → cents, exactly; nullopt if it is not a non-negative amount.
std::optional<Cents> parse_money(const std::string& text);

}  // namespace subsim
