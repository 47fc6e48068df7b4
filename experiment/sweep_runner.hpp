// Running a sweep: every point's scenario validated up front, then (point, replication) runs as
// independent jobs. A run's record never depends on who runs it — thread, MPI rank or job-array
// shard — so every way of running a sweep writes the same files.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "io/manifest.hpp"
#include "experiment/sweep_design.hpp"
#include "experiment/sweep_journal.hpp"
#include "experiment/sweep_meta.hpp"
#include "experiment/sweep_report.hpp"
#include "scenario/scenario.hpp"
#include "scenario/sweep_spec.hpp"

namespace subsim {

struct SweepPlan {
  SweepSpec spec;
  std::string scenario_text;
  SweepPoints points;
  std::vector<SweepMetric> metrics;
  std::vector<Scenario> scenarios;  // per point; loaded only for this shard's points
  SweepMeta meta;
};

struct SweepTask {
  int point, replication;
};

// Reads the sweep's scenario, builds the design and loads every point of shard `shard` of
// `shards` (in parallel). On failure, `errors` holds the lines to print and `plan` is empty.
struct SweepPrepared {
  std::optional<SweepPlan> plan;
  std::vector<std::string> errors;
};
SweepPrepared prepare_sweep(const SweepSpec& spec, const std::string& sweep_file, int shard,
                            int shards);

// This shard's runs that the journal does not hold yet, in (point, replication) order.
std::vector<SweepTask> pending_tasks(const SweepPlan& plan, const SweepJournal& journal);

struct SweepRunStats {
  std::uint64_t events = 0;
  double sim_seconds = 0;  // summed over runs
  int threads = 1;
};

// One run, on the calling thread; adds its events and time to `stats`.
SweepRecord run_sweep_task(const SweepPlan& plan, SweepTask task, SweepRunStats& stats);

using SweepProgress = std::function<void(std::size_t done, std::size_t total, std::uint64_t events)>;

// Runs `tasks` on `threads` threads (0 = all cores), journaling each record as it completes.
SweepRunStats run_sweep_tasks(const SweepPlan& plan, const std::vector<SweepTask>& tasks,
                              SweepJournal& journal, int threads, const SweepProgress& progress);

// What --dry-run prints: the design (points.csv, the first 20 points), the number of runs, and
// rough estimates of memory and time (events from the points' expected customers and months
// at the benchmark's 0.58 events per customer-month, and 9 M events/s per thread — what
// sweeps of small runs reach here, metrics included).
std::string sweep_dry_run_text(const SweepPlan& plan, int threads);

// The final files of a complete sweep as (name, content): points.csv, results.csv, summary.csv
// (and sensitivity.csv for a Sobol design). Throws std::runtime_error if results are missing.
std::vector<std::pair<std::string, std::string>> sweep_output_files(
    const SweepPoints& points, const SweepMeta& meta, std::vector<SweepRecord> records);
// The same files, each written atomically into the sweep's folder; returns them as a manifest
// lists them.
std::vector<ManifestFile> write_sweep_outputs(GrowingFolder& out, const SweepPoints& points,
                                              const SweepMeta& meta,
                                              std::vector<SweepRecord> records);

}  // namespace subsim
