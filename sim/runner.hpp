// Runs replications × shards on a pool of threads. Each (replication, shard) unit gets its own
// observer; units are merged by the caller in a fixed order, so results never depend on the
// thread count.
#pragma once
#include "sim/parallel_for.hpp"  // default_threads(), for the runner's users
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sim/observer.hpp"
#include "sim/population_plan.hpp"
#include "sim/shard_engine.hpp"

namespace subsim {

struct WorkUnit {
  std::uint32_t replication;
  std::uint32_t first, last;  // customer ids [first, last)
  std::uint32_t index = 0;    // position in the run's list of units (the merge order)
};

struct RunStats {
  std::uint64_t events = 0;
  std::uint64_t stale = 0;
  std::uint64_t runs = 0;  // renewal runs (ShardStats::runs)
  double customer_years = 0;  // what the units simulated (customer_years())
  double wall_seconds = 0;
};

using ObserverFactory = std::function<std::unique_ptr<Observer>(const WorkUnit&)>;

// Customers per shard: small enough that a shard's accounts and queue stay in cache.
inline constexpr std::uint32_t kDefaultShardSize = 4096;
// A streamed trace (analysis/trace_stream.hpp) lets at most this many finished units per thread
// wait for the writer: its memory budget.
inline constexpr int kTraceUnitsWaitingPerThread = 2;

struct RunnerOptions {
  int threads = 0;                               // 0 = all cores
  QueueImpl queue = QueueImpl::calendar;         // the heap: benchmark and equivalence tests
  std::uint32_t shard_size = kDefaultShardSize;  // customers per unit
  // Called under a lock after each unit, with the events fired so far.
  std::function<void(std::size_t done, std::size_t total, std::uint64_t events)> progress;
  // Called on the failing worker's thread when a unit throws, before the error travels on: a
  // consumer other units may be waiting for (a trace writer) can let them go.
  std::function<void()> on_failure;
  // When set, each unit's observer is handed over in unit order (under a lock) as soon as it
  // and every unit before it have finished, then freed: results are folded while the run goes,
  // so memory holds a few units' observers instead of all of them (observers stays empty).
  std::function<void(const WorkUnit& unit, std::unique_ptr<Observer> observer)> fold;
};

// The plan of one replication's population, and the units that cover it.
std::vector<PopulationPlan> plan_replications(const RunSpec& spec, int replications);
std::vector<WorkUnit> split_units(const std::vector<PopulationPlan>& plans,
                                  std::uint32_t shard_size);

// Runs every unit; observers[i] belongs to units[i] (unless options.fold takes them). Throws the
// first exception any unit threw.
RunStats run_units(const RunSpec& spec, const std::vector<PopulationPlan>& plans,
                   const std::vector<WorkUnit>& units, const ObserverFactory& make_observer,
                   std::vector<std::unique_ptr<Observer>>& observers, const RunnerOptions& options);

}  // namespace subsim
