#include "analysis/simulate.hpp"

#include "analysis/invariant_checker.hpp"
#include "analysis/trace_recorder.hpp"
#include "analysis/trace_stream.hpp"
#include "model/money.hpp"
#include "scenario/names.hpp"

namespace subsim {

SimulationResult simulate(const Scenario& sc, const Policy& policy, std::uint64_t seed,
                          int replications, const SimulateOptions& options) {
  World world{&sc, policy, seed, options.stream_offset};
  auto plans = plan_replications(world, replications);
  auto units = split_units(plans, options.shard_size);
  ObserverFactory factory = [&](const WorkUnit& u) -> std::unique_ptr<Observer> {
    auto fan = std::make_unique<FanOut>();
    fan->add(std::make_unique<RunMetrics>(sc.start, sc.end, u.first, u.last - u.first));
    if (options.trace) fan->add(std::make_unique<TraceRecorder>());
    if (options.stream) fan->add(options.stream->observer(u));
#ifdef SUBSIM_INVARIANTS
    fan->add(std::make_unique<InvariantChecker>(policy));  // debug and sanitizer builds
#endif
    return fan;
  };
  std::vector<std::unique_ptr<Observer>> observers;
  RunnerOptions ro;
  ro.threads = options.threads;
  ro.shard_size = options.shard_size;
  ro.progress = options.progress;
  if (options.stream) ro.on_failure = [&] { options.stream->abort(); };
  SimulationResult result;
  try {
    result.stats = run_units(world, plans, units, factory, observers, ro);
  } catch (const ExactnessError& x) {
    if (!x.has_customer()) throw;
    throw ExactnessError("account '" + account_name(sc, x.customer()) + "': " + x.quantity());
  } catch (const InvariantViolation& x) {
    throw std::logic_error("account '" + account_name(sc, x.customer()) + "': " + x.what());
  }
  if (options.stream) options.stream->finish(units.size());
  for (int r = 0; r < replications; ++r) result.replications.emplace_back(sc.start, sc.end, 0, 0);
  if (options.trace) result.traces.resize(replications);
  // Units are in (replication, first customer) order: merging in that order is deterministic.
  for (std::size_t i = 0; i < units.size(); ++i) {
    auto* fan = static_cast<FanOut*>(observers[i].get());
    result.replications[units[i].replication].merge(*static_cast<RunMetrics*>(fan->at(0)));
    if (options.trace) {
      auto& events = static_cast<TraceRecorder*>(fan->at(1))->events();
      auto& all = result.traces[units[i].replication];
      all.insert(all.end(), events.begin(), events.end());
      events.clear();
      events.shrink_to_fit();
    }
    observers[i].reset();
  }
  for (auto& t : result.traces) sort_trace(t);
  return result;
}

}  // namespace subsim
