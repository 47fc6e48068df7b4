// A parameter sweep as written in SWEEP.yaml: a base scenario, parameters by their --set paths
// with values or ranges, a design, samples and replications.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/diagnostic.hpp"

namespace subsim {

struct SweepParameter {
  std::string path;                 // a --set path, e.g. policy.notice_days
  std::vector<std::string> values;  // a list of values, or …
  bool is_range = false;            // … a continuous range [low, high]
  double low = 0, high = 0;
  bool integer = false;  // a range of whole numbers (both bounds written as integers)
  // A range's values rounded to this many decimals ({range: [1.0, 1.15], decimals: 4}): for a
  // parameter that takes only so many (a price change's factor, 6), or a grid of sorts; -1 none.
  int decimals = -1;
};

// The smallest and largest numbers with `decimals` decimals inside [low, high] (low > high when
// there is none), and 10^decimals. A bound that is such a number already stays itself (1.15
// with 4 decimals is 1.15, not 1.1499).
struct DecimalBounds {
  double low, high, scale;
};
DecimalBounds decimal_bounds(double low, double high, int decimals);

enum class SweepDesign { grid, lhs, sobol };
// Their names in sweep files and in a sweep folder's sweep.meta, in enum order.
inline const std::vector<std::string>& sweep_design_names() {
  static const std::vector<std::string> names = {"grid", "lhs", "sobol"};
  return names;
}
inline const std::string& design_name(SweepDesign d) {
  return sweep_design_names()[static_cast<std::size_t>(d)];
}

struct SweepSpec {
  std::string file;
  std::string scenario;           // path of the base scenario (relative paths: to the sweep file)
  std::vector<std::string> sets;  // fixed overrides applied to every point
  std::vector<SweepParameter> parameters;
  SweepDesign design = SweepDesign::grid;
  int samples = 0;  // lhs: points; sobol: base samples N (N·(k+2) points, N·(2k+2) with
                    // second_order)
  bool second_order = false;  // sobol: also the BA_i rows, for second-order indices
  int replications = 1;
  bool common_random_numbers = true;
  std::uint64_t seed = 1;                      // of the design (lhs) and of the bootstrap
  std::optional<std::uint64_t> scenario_seed;  // overrides the scenario's seed
  std::vector<std::string> metrics;            // summary metrics to record (empty: all)
};

struct SweepLoad {
  std::optional<SweepSpec> spec;
  Diagnostics errors;
};

// The number of points `spec`'s design produces (grid: the product of the value counts, lhs:
// samples, sobol: samples × (parameters + 2)); UINT64_MAX when the product overflows.
std::uint64_t design_points(const SweepSpec& spec);
// Limits checked when the sweep file is read, before any point is made: beyond them a design
// would exhaust memory (each point keeps its validated scenario) instead of running.
inline constexpr std::uint64_t kMaxSweepPoints = 1'000'000;
inline constexpr std::size_t kMaxSweepParameters = 1000;

SweepLoad load_sweep_file(const std::string& path);
// The --set paths a parameter sets: "a+b" (a linked factor) sets both to the same value.
std::vector<std::string> linked_paths(const std::string& parameter);
// A KEY=VALUE override that sets `replications`: the sweep's own setting, refused in a sweep
// file's `set:` and in `sweep --set` alike.
bool sets_sweep_replications(const std::string& set_entry);
// A sweep file rather than a scenario: it has a top-level `parameters:` key.
bool is_sweep_file(const std::string& path);
SweepLoad load_sweep_text(const std::string& text, const std::string& file);

}  // namespace subsim
