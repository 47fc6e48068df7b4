// Same scenario + seed ⇒ byte-identical outputs, whatever the thread count or shard split.
#include <doctest/doctest.h>

#include "analysis/run_report.hpp"
#include "analysis/simulate.hpp"
#include "analysis/trace_recorder.hpp"
#include "analysis/trace_stream.hpp"
#include "scenario/names.hpp"
#include "scenario/scenario_loader.hpp"

using namespace subsim;

namespace {
Scenario small_baseline() {
  LoadOptions o;
  o.sets = {"population.initial=1500", "population.monthly_arrivals.poisson.mean=25",
            "replications=2", "horizon=2y"};
  LoadResult r = load_scenario_file(SUBSIM_SOURCE_DIR "/scenarios/baseline.yaml", o);
  for (auto& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  return *r.scenario;
}

std::string all_outputs(const Scenario& sc, int threads, std::uint32_t shard) {
  std::string events, subscriptions;
  TraceStream stream(
      sc, TraceFilter{}, [&](std::string_view b) { events += b; },
      [&](std::string_view b) { subscriptions += b; }, 2);
  SimulateOptions so;
  so.threads = threads;
  so.shard_size = shard;
  so.stream = &stream;
  SimulationResult res = simulate(sc, sc.policy, sc.seed, sc.replications, so);
  RunInfo info{sc.name, sc.seed, sc.replications, sc.start, sc.end, "default"};
  CHECK(stream.rows() == res.stats.events);
  return summary_json(info, res.replications) + timeseries_csv(info, res.replications) +
         cohorts_csv(info, res.replications) + survival_csv(res.replications) + events +
         subscriptions;
}
}  // namespace

TEST_CASE("outputs are byte-identical for 1, 2 and 8 threads and any shard split") {
  Scenario sc = small_baseline();
  std::string one = all_outputs(sc, 1, 16384);
  CHECK(one.size() > 100000);
  CHECK(all_outputs(sc, 2, 97) == one);
  CHECK(all_outputs(sc, 8, 250) == one);
  CHECK(all_outputs(sc, 8, 1) == one);
}

TEST_CASE("a different seed gives different results") {
  Scenario sc = small_baseline();
  std::string a = all_outputs(sc, 2, 500);
  sc.seed += 1;
  CHECK(all_outputs(sc, 2, 500) != a);
}

TEST_CASE("the calendar queue and the priority_queue baseline fire the same events") {
  Scenario sc = small_baseline();
  RunSpec spec{&sc, sc.policy, sc.seed, 0};
  auto plans = plan_replications(spec, 1);
  auto units = split_units(plans, 16384);
  auto trace_of = [&](QueueImpl queue) {
    std::vector<std::unique_ptr<Observer>> obs;
    RunnerOptions ro;
    ro.threads = 1;
    ro.queue = queue;
    run_units(
        spec, plans, units, [](const WorkUnit&) { return std::make_unique<TraceRecorder>(); }, obs,
        ro);
    std::vector<Event> all;
    for (auto& o : obs) {
      auto& e = static_cast<TraceRecorder*>(o.get())->events();
      all.insert(all.end(), e.begin(), e.end());
    }
    return all;
  };
  auto cal = trace_of(QueueImpl::calendar);
  auto heap = trace_of(QueueImpl::heap);
  REQUIRE(cal.size() == heap.size());
  CHECK(cal.size() > 10000);
  bool same = true;
  for (std::size_t i = 0; i < cal.size(); ++i)
    same &= cal[i].date == heap[i].date && cal[i].customer == heap[i].customer &&
            cal[i].kind == heap[i].kind && cal[i].amount == heap[i].amount;
  CHECK(same);
}

// Issue 33: with every statistic recorded (RunMetrics alone takes renewal runs), booking a run
// in bulk gives the same outputs as the renewals one by one, byte for byte.
TEST_CASE("renewal runs change no statistic: summary, timeseries, cohorts, survival") {
  struct Case {
    const char* file;
    std::vector<std::string> sets;
  };
  const Case cases[] = {
      {"scenarios/benchmark.yaml", {"population.initial=3000", "horizon=5y", "replications=2"}},
      {"scenarios/baseline.yaml", {"population.initial=1500", "replications=2"}},
      {"scenarios/book/scenario.yaml", {"replications=2"}},
      {"scenarios/faq.yaml", {}},
  };
  for (const Case& c : cases)
    for (std::uint64_t seed : {1u, 7u}) {
      INFO(c.file << " seed " << seed);
      LoadOptions lo;
      lo.sets = c.sets;
      LoadResult r = load_scenario_file(std::string(SUBSIM_SOURCE_DIR) + "/" + c.file, lo);
      REQUIRE(r.ok());
      const Scenario& sc = *r.scenario;
      RunInfo info{sc.name, seed, sc.replications, sc.start, sc.end, "default"};
      auto outputs = [&](bool runs, RunStats& stats) {
        SimulateOptions so;
        so.threads = 2;
        so.renewal_runs = runs;
        SimulationResult res = simulate(sc, sc.policy, seed, sc.replications, so);
        stats = res.stats;
        return summary_json(info, res.replications) + timeseries_csv(info, res.replications) +
               cohorts_csv(info, res.replications) + survival_csv(res.replications);
      };
      RunStats with, without;
      const std::string a = outputs(true, with), b = outputs(false, without);
      CHECK(a == b);
      CHECK(with.events == without.events);
      CHECK(without.runs == 0);
#ifndef SUBSIM_INVARIANTS  // the invariant checker (debug, sanitizer builds) takes no runs
      if (std::string(c.file) == "scenarios/benchmark.yaml") CHECK(with.runs > 3000);
#endif
    }
}
