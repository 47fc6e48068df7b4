// `subsim bench`: events per second of the engine on scenarios/benchmark.yaml (built in; by
// default 1,000,000 customers over 5 years), with the calendar queue on 1 and N threads and the
// std::priority_queue baseline on 1 thread, plus peak RSS. No observer is attached; with
// --metrics the same population is also run with every statistic recorded (what `subsim run`
// does, without writing files), in the same rounds, and its event rate set against the engine's.
#include <algorithm>
#include <cstdio>

#include "analysis/simulate.hpp"
#include "cli/commands.hpp"
#include "cli/embedded_scenarios.hpp"
#include "cli/options.hpp"
#include "scenario/scenario_loader.hpp"
#include "sim/bench.hpp"

namespace subsim::cli {

namespace {

// Prints the median of `runs` with the spread, so machine noise is visible.
RunStats print_median(const std::vector<RunStats>& runs, const std::string& label) {
  RunStats m = median_run(runs);
  auto [lo, hi] = std::minmax_element(
      runs.begin(), runs.end(),
      [](const RunStats& a, const RunStats& b) { return a.wall_seconds < b.wall_seconds; });
  std::printf(
      "%-26s events %12llu  %8.2f M events/s  wall %7.3f s  (median of %zu; %.3f .. %.3f)\n",
      label.c_str(), static_cast<unsigned long long>(m.events), m.events / m.wall_seconds / 1e6,
      m.wall_seconds, runs.size(), lo->wall_seconds, hi->wall_seconds);
  std::printf("%-26s %.2f M customer-years/s; %llu renewal runs\n", "",
              m.customer_years / m.wall_seconds / 1e6, static_cast<unsigned long long>(m.runs));
  return m;
}

// bench's options.
po::options_description bench_options() {
  po::options_description o("bench options");
  o.add_options()("help,h", "show this help")(
      "customers", po::value<std::int64_t>()->default_value(1'000'000), "population size")(
      "years", po::value<int>()->default_value(5), "horizon in years")(
      "threads", po::value<int>()->default_value(2), "threads for the parallel run")(
      "shard", po::value<std::uint32_t>()->default_value(kDefaultShardSize), "customers per shard")(
      "repeat", po::value<int>()->default_value(5), "runs per configuration (the median is shown)")(
      "baseline", po::value<bool>()->default_value(true),
      "also run the std::priority_queue baseline")(
      "renewal-runs", po::value<bool>()->default_value(true),
      "renewals that change nothing as one event a run (off: every renewal queued one by one, "
      "the engine before issue 33 — e.g. to compare the queues event by event)")(
      "metrics", po::bool_switch(),
      "also run with every statistic recorded (subsim run's metrics, no files) and give its "
      "event rate as a share of the bare engine's");
  return o;
}

// What bench runs: the threads of the parallel run, customers per shard, rounds, and whether
// the baseline and the run with metrics are included.
struct BenchPlan {
  int threads = 2;
  std::uint32_t shard = 1;
  int repeat = 1;
  bool baseline = true, metrics = false;
  bool runs = true;  // renewal runs (--renewal-runs)
};

// Each configuration's runs, one per round.
struct BenchRounds {
  std::vector<RunStats> one, many, heap, one_observed, many_observed;
};

// The rounds: they interleave the configurations, so a drift in the machine's speed (a shared
// VM's neighbours) hits all of them alike; ratios are the median of the per-round ratios.
BenchRounds run_rounds(const Scenario& sc, const BenchPlan& plan) {
  auto observed = [&](int t) {
    PinToOneCpu pin(t == 1);  // as time_engine pins its one-thread runs
    SimulateOptions so;
    so.threads = t;
    so.shard_size = plan.shard;
    so.renewal_runs = plan.runs;
    return simulate(sc, sc.policy, sc.seed, 1, so).stats;
  };
  BenchRounds r;
  for (int i = 0; i < plan.repeat; ++i) {
    r.one.push_back(time_engine(sc, 1, QueueImpl::calendar, plan.shard, plan.runs));
    r.many.push_back(time_engine(sc, plan.threads, QueueImpl::calendar, plan.shard, plan.runs));
    if (plan.baseline)
      r.heap.push_back(time_engine(sc, 1, QueueImpl::heap, plan.shard, plan.runs));
    if (plan.metrics) {
      r.one_observed.push_back(observed(1));
      r.many_observed.push_back(observed(plan.threads));
    }
  }
  return r;
}

// The rounds' medians and ratios: the calendar queue on 1 and N threads, the baseline and the
// run with every statistic recorded.
void print_rounds(const BenchRounds& r, const BenchPlan& plan) {
  RunStats m1 = print_median(r.one, "calendar queue, 1 thread");
  print_median(r.many, "calendar queue, " + std::to_string(plan.threads) + " threads");
  std::printf("parallel speed-up: %.2fx (median of per-round ratios)\n",
              median_ratio(r.one, r.many));
  if (plan.baseline) {
    RunStats mh = print_median(r.heap, "priority_queue, 1 thread");
    if (mh.events != m1.events)
      std::printf("WARNING: the baseline fired a different number of events\n");
    std::printf("calendar queue vs priority_queue: %.2fx faster (median of per-round ratios)\n",
                median_ratio(r.heap, r.one));
  }
  if (plan.metrics) {
    const std::string n = std::to_string(plan.threads) + " threads";
    print_median(r.one_observed, "every statistic, 1 thread");
    print_median(r.many_observed, "every statistic, " + n);
    // A share of the event rate: the engine's wall over the observed run's, round by round.
    std::printf("metrics: %.2fx the bare engine's event rate on 1 thread, %.2fx on %s "
                "(median of per-round ratios)\n",
                median_ratio(r.one, r.one_observed), median_ratio(r.many, r.many_observed),
                n.c_str());
  }
}

}  // namespace

// subsim bench: reads the options, loads the built-in benchmark at the size asked, runs the
// rounds after a warm-up and prints their medians and the peak RSS.
int bench_command(const std::vector<std::string>& args) {
  const po::options_description o = bench_options();
  auto [vm, code] = parse_command(args, o, nullptr, 0,
                                  "usage: subsim bench [--customers N] [--years Y] [--threads T]");
  if (!vm) return code;
  auto customers = (*vm)["customers"].as<std::int64_t>();
  int years = (*vm)["years"].as<int>();
  BenchPlan plan;
  plan.threads = (*vm)["threads"].as<int>();
  plan.repeat = std::max(1, (*vm)["repeat"].as<int>());
  plan.shard = std::max<std::uint32_t>(1, (*vm)["shard"].as<std::uint32_t>());
  if (customers < 1 || customers > 100'000'000 || years < 1 || years > 50 || plan.threads < 1) {
    std::fprintf(stderr, "subsim: bench needs 1..1e8 customers, 1..50 years, threads >= 1\n");
    return 2;
  }
  LoadOptions lo;
  lo.sets = {"population.initial=" + std::to_string(customers),
             "horizon=" + std::to_string(years) + "y"};
  LoadResult loaded = load_scenario_text(k_benchmark_yaml, "scenarios/benchmark.yaml", lo);
  if (!loaded.ok()) {
    for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
    return 2;
  }
  const Scenario& sc = *loaded.scenario;
  plan.metrics = (*vm)["metrics"].as<bool>();
  plan.baseline = (*vm)["baseline"].as<bool>();
  plan.runs = (*vm)["renewal-runs"].as<bool>();
  std::printf("bench: scenarios/benchmark.yaml, %lld customers, %d years (%s .. %s), "
              "no observer attached%s%s\n",
              static_cast<long long>(customers), years, format_iso(sc.start).c_str(),
              format_iso(sc.end).c_str(),
              plan.metrics ? " (and, --metrics, with every statistic recorded)" : "",
              plan.runs ? "" : "; every renewal queued one by one (--renewal-runs off)");
  // The warm-up: page faults, caches.
  time_engine(sc, plan.threads, QueueImpl::calendar, plan.shard, plan.runs);
  print_rounds(run_rounds(sc, plan), plan);
  long rss = peak_rss_kib();
  std::printf("peak RSS: %.1f MiB = %.1f bytes per customer\n", rss / 1024.0,
              rss * 1024.0 / static_cast<double>(customers));
  return 0;
}

}  // namespace subsim::cli
