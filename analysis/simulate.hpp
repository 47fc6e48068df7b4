// Runs a scenario's replications with the metrics (and optionally trace) observers attached
// and merges each replication's shards in customer order, as they finish.
#pragma once
#include <vector>

#include "analysis/run_metrics.hpp"
#include "analysis/segment_metrics.hpp"
#include "sim/runner.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

class TraceStream;

struct SimulateOptions {
  int threads = 0;
  bool trace = false;            // keep every event in memory (SimulationResult::traces)
  TraceStream* stream = nullptr;  // or stream the trace to files as the run goes
  std::uint32_t shard_size = kDefaultShardSize;
  std::uint32_t stream_offset = 0;
  bool segments = false;  // also every monthly series by edition, term and reseller
  bool renewal_runs = true;  // RunSpec::renewal_runs (off: to check that runs change nothing, or
                             // to time the engine without them, bench --renewal-runs off)
  std::function<void(std::size_t done, std::size_t total, std::uint64_t events)> progress;
};

struct SimulationResult {
  std::vector<RunMetrics> replications;
  std::vector<std::vector<Event>> traces;  // per replication, in trace order (with trace)
  std::vector<SegmentMetrics> segments;    // per replication (with segments)
  RunStats stats;
};

SimulationResult simulate(const Scenario& sc, const Policy& policy, std::uint64_t seed,
                          int replications, const SimulateOptions& options);

}  // namespace subsim
