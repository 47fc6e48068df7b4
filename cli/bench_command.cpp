// `subsim bench`: events per second of the engine on a synthetic population (default 1,000,000
// customers over 5 years), with the calendar queue on 1 and 2 threads and the std::priority_queue
// baseline on 1 thread, plus peak RSS.
#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "sim/runner.hpp"
#include "scenario/scenario_loader.hpp"

namespace subsim::cli {

namespace {

// Monthly and annual terms, renewals, cancellations with notice, seat additions.
Scenario bench_scenario(std::int64_t customers, int years) {
  Scenario sc;
  sc.name = "bench";
  sc.seed = 2027;
  sc.start = Date(2027, 1, 1);
  sc.end = add_days(add_months_clamped(sc.start, 12 * years), -1);
  sc.has_population = true;
  sc.population.initial = customers;
  sc.population.resellers = 20;
  sc.population.term = Distribution::choice_of({"monthly", "annual"}, {0.7, 0.3});
  sc.population.seats = Distribution::uniform_range(1, 50);
  Behaviour& b = sc.behaviour;
  b.cancel_monthly = 0.02;
  b.cancel_annual = 0.1;
  b.seat_growth = 0.05;
  b.upgrade = 0.005;
  b.downgrade_monthly = 0.002;
  b.snafu = 0.002;
  b.come_back = 0.2;
  b.switch_reseller = 0.002;
  for (int r = 0; r < sc.population.resellers; ++r) {
    std::string name = "r";
    name += std::to_string(r + 1);
    sc.resellers.push_back(name);
  }
  return sc;
}

long peak_rss_kib() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::uint32_t g_shard = kDefaultShardSize;

RunStats measure(const Scenario& sc, int threads, QueueImpl queue) {
  World world{&sc, sc.policy, sc.seed, 0};
  auto plans = plan_replications(world, 1);
  auto units = split_units(plans, g_shard);
  std::vector<std::unique_ptr<Observer>> observers;
  RunnerOptions ro;
  ro.threads = threads;
  ro.queue = queue;
  return run_units(world, plans, units, nullptr, observers, ro);
}

// One-thread runs are pinned to one CPU: a thread the scheduler moves between (virtual) CPUs
// loses its caches, and on this project's VMs that alone costs up to a third of the speed.
struct PinToOneCpu {
  cpu_set_t saved{};
  bool pinned = false;
  explicit PinToOneCpu(bool pin) {
    if (!pin || ::sched_getaffinity(0, sizeof saved, &saved) != 0) return;
    int last = -1;
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &saved)) last = c;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(last, &one);
    pinned = last >= 0 && ::sched_setaffinity(0, sizeof one, &one) == 0;
  }
  ~PinToOneCpu() {
    if (pinned) ::sched_setaffinity(0, sizeof saved, &saved);
  }
};

RunStats measure_pinned(const Scenario& sc, int threads, QueueImpl queue) {
  PinToOneCpu pin(threads == 1);
  return measure(sc, threads, queue);
}

// Prints the median of `runs` with the spread, so machine noise is visible.
RunStats print_median(std::vector<RunStats> runs, const char* label) {
  std::sort(runs.begin(), runs.end(),
            [](const RunStats& a, const RunStats& b) { return a.wall_seconds < b.wall_seconds; });
  const RunStats& m = runs[runs.size() / 2];
  std::printf(
      "%-26s events %12llu  %8.2f M events/s  wall %7.3f s  (median of %zu; %.3f .. %.3f)\n", label,
      static_cast<unsigned long long>(m.events), m.events / m.wall_seconds / 1e6, m.wall_seconds,
      runs.size(), runs.front().wall_seconds, runs.back().wall_seconds);
  return m;
}

// Median of the per-round ratios a[i] / b[i] of wall times.
double median_ratio(const std::vector<RunStats>& a, const std::vector<RunStats>& b) {
  std::vector<double> r;
  for (std::size_t i = 0; i < a.size(); ++i) r.push_back(a[i].wall_seconds / b[i].wall_seconds);
  std::sort(r.begin(), r.end());
  return r[r.size() / 2];
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
      "also run the std::priority_queue baseline");
  po::positional_options_description pos;
  bool help = false;
  auto vm =
      parse(args, o, pos, "usage: subsim bench [--customers N] [--years Y] [--threads T]", help);
  if (!vm) return help ? 0 : 2;
  auto customers = (*vm)["customers"].as<std::int64_t>();
  int years = (*vm)["years"].as<int>();
  int threads = (*vm)["threads"].as<int>();
  int repeat = std::max(1, (*vm)["repeat"].as<int>());
  g_shard = std::max<std::uint32_t>(1, (*vm)["shard"].as<std::uint32_t>());
  if (customers < 1 || customers > 100'000'000 || years < 1 || years > 50 || threads < 1) {
    std::fprintf(stderr, "subsim: bench needs 1..1e8 customers, 1..50 years, threads >= 1\n");
    return 2;
  }
  Scenario sc = bench_scenario(customers, years);
  std::printf("bench: %lld customers, %d years (%s .. %s), no observer attached\n",
              static_cast<long long>(customers), years, format_iso(sc.start).c_str(),
              format_iso(sc.end).c_str());
  measure(sc, threads, QueueImpl::calendar);  // warm-up: page faults, caches
  // Rounds interleave the configurations, so a drift in the machine's speed (a shared VM's
  // neighbours) hits all of them alike; ratios are the median of the per-round ratios.
  bool baseline = (*vm)["baseline"].as<bool>();
  std::vector<RunStats> one, many, heap;
  for (int i = 0; i < repeat; ++i) {
    one.push_back(measure_pinned(sc, 1, QueueImpl::calendar));
    many.push_back(measure_pinned(sc, threads, QueueImpl::calendar));
    if (baseline) heap.push_back(measure_pinned(sc, 1, QueueImpl::heap));
  }
  RunStats m1 = print_median(one, "calendar queue, 1 thread");
  std::string label = "calendar queue, " + std::to_string(threads) + " threads";
  print_median(many, label.c_str());
  std::printf("parallel speed-up: %.2fx (median of per-round ratios)\n", median_ratio(one, many));
  if (baseline) {
    RunStats mh = print_median(heap, "priority_queue, 1 thread");
    if (mh.events != m1.events)
      std::printf("WARNING: the baseline fired a different number of events\n");
    std::printf("calendar queue vs priority_queue: %.2fx faster (median of per-round ratios)\n",
                median_ratio(heap, one));
  }
  long rss = peak_rss_kib();
  std::printf("peak RSS: %.1f MiB = %.1f bytes per customer\n", rss / 1024.0,
              rss * 1024.0 / static_cast<double>(customers));
  return 0;
}

}  // namespace subsim::cli
