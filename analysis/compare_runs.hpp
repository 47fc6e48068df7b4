// The runs of a comparison: every policy (variant) over the same replications — common random
// numbers unless independent — either a fixed number, or (automatic) batches added until the
// interval of the verdict's difference is narrow enough, or (select) until KN has selected the
// best with its guarantee. Replication r is always the same
// draws, so an automatic comparison that stops at N replications gives exactly the files of a
// comparison run with N.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/verdict.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

struct CompareRunOptions {
  int threads = 0;
  bool independent = false;
  int replications = 10;  // fixed; with `automatic`, the first batch
  bool automatic = false;
  double precision = 0.005;  // target half-width of the difference: a share of |reference|,
  bool precision_share = true;  // or (false) in the metric's output unit (currency units for money)
  // Automatic with `select`: KN on `metric` instead of a precision target — the smallest
  // difference that matters, as a share of the reference's first-stage mean (or, not a share,
  // in the metric's output unit: currency units for money); the constraints decide who contends.
  bool select = false;
  double min_effect = 0.005;
  bool min_effect_share = true;
  std::vector<Constraint> constraints;
  int max_replications = 1000;
  std::string metric;  // the verdict's metric (automatic)
  bool maximize = true;
  std::function<void(std::size_t done, std::size_t total, std::uint64_t events)> progress;
  // automatic: called before each batch with what it runs and why ("replications 11–20: KN, 3
  // variants in contention").
  std::function<void(const std::string& text)> stage;
};

struct CompareRunResult {
  std::vector<PolicyRun> runs;
  std::vector<ComparisonRow> rows;
  double wall_seconds = 0;
  std::uint64_t events = 0;
  std::string stop;  // automatic: why it stopped, with the half-width reached
  Selection selection;  // automatic with select: what KN selected
};

CompareRunResult run_comparison(const std::vector<Scenario>& scenarios,
                                const std::vector<std::string>& names, std::uint64_t seed,
                                const CompareRunOptions& options);

}  // namespace subsim
