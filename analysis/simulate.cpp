#include "analysis/simulate.hpp"

#include "analysis/invariant_checker.hpp"
#include "analysis/trace_recorder.hpp"
#include "analysis/trace_stream.hpp"
#include "model/money.hpp"
#include "scenario/names.hpp"

namespace subsim {

SimulationResult simulate(const Scenario& sc, const Policy& policy, std::uint64_t seed,
                          int replications, const SimulateOptions& options) {
  RunSpec spec{&sc, policy, seed, options.stream_offset};
  spec.renewal_runs = options.renewal_runs;
  auto plans = plan_replications(spec, replications);
  auto units = split_units(plans, options.shard_size);
#ifdef SUBSIM_INVARIANTS
  const bool fanned = true;  // the invariant checker watches every event (debug, sanitizers)
#else
  const bool fanned = options.trace || options.stream || options.segments;
#endif
  auto names = std::make_shared<SegmentNames>();
  if (options.segments) {
    names->editions = sc.catalog.names();
    names->resellers = sc.resellers;
  }
  // The observers' order in the fan: metrics, trace, segments, stream, invariants.
  ObserverFactory factory = [&](const WorkUnit& u) -> std::unique_ptr<Observer> {
    auto metrics = std::make_unique<RunMetrics>(sc.start, sc.end, u.first, u.last - u.first);
    if (!fanned) return metrics;  // one observer: no FanOut between the engine and it
    auto fan = std::make_unique<FanOut>();
    fan->add(std::move(metrics));
    if (options.trace) fan->add(std::make_unique<TraceRecorder>());
    if (options.segments)
      fan->add(std::make_unique<SegmentMetrics>(sc.start, sc.end, u.first, u.last - u.first, names));
    if (options.stream) fan->add(options.stream->observer(u));
#ifdef SUBSIM_INVARIANTS
    fan->add(std::make_unique<InvariantChecker>(policy));
#endif
    return fan;
  };
  SimulationResult result;
  for (int r = 0; r < replications; ++r) {
    result.replications.emplace_back(sc.start, sc.end, 0, 0);
    if (options.segments) result.segments.emplace_back(sc.start, sc.end, 0, 0, names);
  }
  if (options.trace) result.traces.resize(replications);
  std::vector<std::unique_ptr<Observer>> observers;
  RunnerOptions ro;
  ro.threads = options.threads;
  ro.shard_size = options.shard_size;
  ro.progress = options.progress;
  if (options.stream) ro.on_failure = [&] { options.stream->abort(); };
  // Units arrive in (replication, first customer) order: merging in that order is deterministic.
  ro.fold = [&](const WorkUnit& u, std::unique_ptr<Observer> o) {
    auto* fan = fanned ? static_cast<FanOut*>(o.get()) : nullptr;
    result.replications[u.replication].merge(
        *static_cast<RunMetrics*>(fan ? fan->at(0) : o.get()));
    std::size_t next = 1;
    if (options.trace) {
      auto& events = static_cast<TraceRecorder*>(fan->at(next++))->events();
      auto& all = result.traces[u.replication];
      all.insert(all.end(), events.begin(), events.end());
    }
    if (options.segments)
      result.segments[u.replication].merge(*static_cast<SegmentMetrics*>(fan->at(next++)));
  };
  try {
    result.stats = run_units(spec, plans, units, factory, observers, ro);
  } catch (const ExactnessError& x) {
    if (!x.has_customer()) throw;
    throw ExactnessError("account '" + account_name(sc, x.customer()) + "': " + x.quantity());
  } catch (const InvariantViolation& x) {
    throw std::logic_error("account '" + account_name(sc, x.customer()) + "': " + x.what());
  }
  if (options.stream) options.stream->finish(units.size());
  for (auto& t : result.traces) sort_trace(t);
  return result;
}

}  // namespace subsim
