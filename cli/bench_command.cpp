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
  return m;
}

}  // namespace

int bench_command(const std::vector<std::string>& args) {
  po::options_description o("bench options");
  o.add_options()("help,h", "show this help")(
      "customers", po::value<std::int64_t>()->default_value(1'000'000), "population size")(
      "years", po::value<int>()->default_value(5), "horizon in years")(
      "threads", po::value<int>()->default_value(2), "threads for the parallel run")(
      "shard", po::value<std::uint32_t>()->default_value(kDefaultShardSize), "customers per shard")(
      "repeat", po::value<int>()->default_value(5), "runs per configuration (the median is shown)")(
      "baseline", po::value<bool>()->default_value(true),
      "also run the std::priority_queue baseline")(
      "metrics", po::bool_switch(),
      "also run with every statistic recorded (subsim run's metrics, no files) and give its "
      "event rate as a share of the bare engine's");
  po::positional_options_description pos;
  bool help = false;
  auto vm =
      parse(args, o, pos, "usage: subsim bench [--customers N] [--years Y] [--threads T]", help);
  if (!vm) return help ? 0 : 2;
  auto customers = (*vm)["customers"].as<std::int64_t>();
  int years = (*vm)["years"].as<int>();
  int threads = (*vm)["threads"].as<int>();
  int repeat = std::max(1, (*vm)["repeat"].as<int>());
  std::uint32_t shard = std::max<std::uint32_t>(1, (*vm)["shard"].as<std::uint32_t>());
  if (customers < 1 || customers > 100'000'000 || years < 1 || years > 50 || threads < 1) {
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
  const bool metrics = (*vm)["metrics"].as<bool>();
  std::printf("bench: scenarios/benchmark.yaml, %lld customers, %d years (%s .. %s), "
              "no observer attached%s\n",
              static_cast<long long>(customers), years, format_iso(sc.start).c_str(),
              format_iso(sc.end).c_str(),
              metrics ? " (and, --metrics, with every statistic recorded)" : "");
  time_engine(sc, threads, QueueImpl::calendar, shard);  // warm-up: page faults, caches
  // Rounds interleave the configurations, so a drift in the machine's speed (a shared VM's
  // neighbours) hits all of them alike; ratios are the median of the per-round ratios.
  bool baseline = (*vm)["baseline"].as<bool>();
  auto observed = [&](int t) {
    PinToOneCpu pin(t == 1);  // as time_engine pins its one-thread runs
    SimulateOptions so;
    so.threads = t;
    so.shard_size = shard;
    return simulate(sc, sc.policy, sc.seed, 1, so).stats;
  };
  std::vector<RunStats> one, many, heap, one_observed, many_observed;
  for (int i = 0; i < repeat; ++i) {
    one.push_back(time_engine(sc, 1, QueueImpl::calendar, shard));
    many.push_back(time_engine(sc, threads, QueueImpl::calendar, shard));
    if (baseline) heap.push_back(time_engine(sc, 1, QueueImpl::heap, shard));
    if (metrics) {
      one_observed.push_back(observed(1));
      many_observed.push_back(observed(threads));
    }
  }
  RunStats m1 = print_median(one, "calendar queue, 1 thread");
  print_median(many, "calendar queue, " + std::to_string(threads) + " threads");
  std::printf("parallel speed-up: %.2fx (median of per-round ratios)\n", median_ratio(one, many));
  if (baseline) {
    RunStats mh = print_median(heap, "priority_queue, 1 thread");
    if (mh.events != m1.events)
      std::printf("WARNING: the baseline fired a different number of events\n");
    std::printf("calendar queue vs priority_queue: %.2fx faster (median of per-round ratios)\n",
                median_ratio(heap, one));
  }
  if (metrics) {
    const std::string n = std::to_string(threads) + " threads";
    print_median(one_observed, "every statistic, 1 thread");
    print_median(many_observed, "every statistic, " + n);
    // A share of the event rate: the engine's wall over the observed run's, round by round.
    std::printf("metrics: %.2fx the bare engine's event rate on 1 thread, %.2fx on %s "
                "(median of per-round ratios)\n",
                median_ratio(one, one_observed), median_ratio(many, many_observed), n.c_str());
  }
  long rss = peak_rss_kib();
  std::printf("peak RSS: %.1f MiB = %.1f bytes per customer\n", rss / 1024.0,
              rss * 1024.0 / static_cast<double>(customers));
  return 0;
}

}  // namespace subsim::cli
