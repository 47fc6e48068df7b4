// A comparison of variants as `subsim compare` and the Python module run it: the request (what
// to compare and how to judge it), its checks before any run, the variants loaded and paired,
// and the files of its folder. The command reads its options into a CompareRequest; the module
// its arguments.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare_runs.hpp"
#include "analysis/run_report.hpp"
#include "analysis/verdict.hpp"
#include "io/manifest.hpp"
#include "sim/memory_estimate.hpp"

namespace subsim {

struct CompareRequest {
  ScenarioInput source;
  std::vector<std::string> names;                          // the variants, reference first
  std::map<std::string, std::vector<std::string>> built;   // --set-variant NAME → KEY=VALUE…
  std::optional<std::string> metric;                       // the verdict's; none: headlines
  std::string objective = "max";
  std::vector<Constraint> constraints;
  LoadOptions lo;
  bool automatic = false;  // --replications auto
  CompareRunOptions co;
};

// --set-variant NAME:KEY=VALUE into `rq` (a name not yet compared is compared after the others);
// the problem if it is malformed or changes 'default'.
std::optional<std::string> add_built_variant(CompareRequest& rq, const std::string& text);
// --objective and a --constraint; the problem if malformed.
std::optional<std::string> set_objective(CompareRequest& rq, const std::string& objective);
std::optional<std::string> add_constraint(CompareRequest& rq, const std::string& text);
// --replications auto: --precision ("0.5%" or a number in the metric's unit) or --min-effect,
// and --max-replications; the problem if one is missing or out of range.
std::optional<std::string> set_automatic(CompareRequest& rq, const std::optional<std::string>& precision,
                                         const std::optional<std::string>& min_effect,
                                         int max_replications);
// Checks before any run: two variants or more, every metric named known.
std::optional<std::string> check_request(const CompareRequest& rq);

// Every variant loaded and validated before any run, paired by common random numbers (one seed
// and one replication count for all). `errors` holds the scenario's problems; `error` any other.
struct LoadedVariants {
  std::vector<Scenario> scenarios;
  Diagnostics errors;
  std::string error;
  bool ok() const { return errors.empty() && error.empty(); }
};
LoadedVariants load_variants(const CompareRequest& rq, const RunShape& shape);

// The replications to run (with --replications auto, the first batch): `requested` (0: the
// scenario's); fewer than 2 cannot give intervals (the caller refuses them).
int first_replications(const CompareRequest& rq, int requested, const Scenario& base);

// compare's answer: the verdict on the metric (its line, why the replications stopped, its
// table), or the ranked headlines — what stdout shows and verdict.txt keeps.
std::string comparison_answer(const CompareRequest& rq, const std::string& scenario_name,
                              const CompareRunResult& cr, int reps);
// compare's files: compare.csv, verdict.txt, compare_timeseries.csv, compare_differences.csv,
// replications.csv (manifest.json is the caller's).
std::vector<OutputText> compare_files(const CompareRequest& rq, const std::vector<Scenario>& scenarios,
                                      const CompareRunResult& cr, std::uint64_t seed, int reps,
                                      const std::string& answer);
// What manifest.json records of the comparison besides the simulation's: the variants, how
// each was built, --independent and why automatic replications stopped.
void add_compare_overrides(Manifest& m, const CompareRequest& rq, const CompareRunResult& cr);

}  // namespace subsim
