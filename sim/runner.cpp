#include "sim/runner.hpp"

#include "sim/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>

namespace subsim {

std::vector<PopulationPlan> plan_replications(const RunSpec& spec, int replications) {
  std::vector<PopulationPlan> plans;
  for (int r = 0; r < replications; ++r)
    plans.push_back(plan_population(*spec.scenario, spec.seed,
                                    static_cast<std::uint32_t>(r) + spec.stream_offset));
  return plans;
}

std::vector<WorkUnit> split_units(const std::vector<PopulationPlan>& plans,
                                  std::uint32_t shard_size) {
  std::vector<WorkUnit> units;
  for (std::uint32_t r = 0; r < plans.size(); ++r) {
    std::uint32_t total = plans[r].total();
    for (std::uint32_t first = 0; first < total; first += shard_size)
      units.push_back({r, first, std::min(total, first + shard_size),
                       static_cast<std::uint32_t>(units.size())});
    if (total == 0) units.push_back({r, 0, 0, static_cast<std::uint32_t>(units.size())});
  }
  return units;
}

RunStats run_units(const RunSpec& spec, const std::vector<PopulationPlan>& plans,
                   const std::vector<WorkUnit>& units, const ObserverFactory& make_observer,
                   std::vector<std::unique_ptr<Observer>>& observers,
                   const RunnerOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  observers.clear();
  observers.resize(units.size());
  std::atomic<std::uint64_t> events{0}, stale{0}, runs{0};
  std::mutex mutex;
  std::size_t done = 0, next_fold = 0;
  parallel_for(units.size(), options.threads, [&](std::size_t i) {
    const WorkUnit& u = units[i];
    try {
      std::unique_ptr<Observer> obs = make_observer ? make_observer(u) : nullptr;
      ShardEngine engine(spec, plans[u.replication], u.replication, u.first, u.last, obs.get(),
                         options.queue);
      ShardStats s = engine.run();
      events += s.events;
      stale += s.stale;
      runs += s.runs;
      std::lock_guard<std::mutex> lock(mutex);
      observers[i] = std::move(obs);
      if (options.fold)
        for (; next_fold < units.size() && observers[next_fold]; ++next_fold)
          options.fold(units[next_fold], std::move(observers[next_fold]));
      ++done;
      if (options.progress) options.progress(done, units.size(), events.load());
    } catch (...) {
      if (options.on_failure) options.on_failure();
      throw;
    }
  });
  if (options.fold) observers.clear();
  RunStats stats;
  stats.events = events;
  stats.stale = stale;
  stats.runs = runs;
  for (const WorkUnit& u : units)
    stats.customer_years += customer_years(plans[u.replication], *spec.scenario, u.first, u.last);
  stats.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

}  // namespace subsim
