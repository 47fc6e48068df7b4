#include "sim/bench.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <algorithm>

namespace subsim {

PinToOneCpu::PinToOneCpu(bool pin) {
  if (!pin || ::sched_getaffinity(0, sizeof saved_, &saved_) != 0) return;
  int last = -1;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &saved_)) last = c;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(last, &one);
  pinned_ = last >= 0 && ::sched_setaffinity(0, sizeof one, &one) == 0;
}

PinToOneCpu::~PinToOneCpu() {
  if (pinned_) ::sched_setaffinity(0, sizeof saved_, &saved_);
}

RunStats time_engine(const Scenario& sc, int threads, QueueImpl queue, std::uint32_t shard_size,
                     bool renewal_runs) {
  PinToOneCpu pin(threads == 1);
  RunSpec spec{&sc, sc.policy, sc.seed, 0};
  spec.renewal_runs = renewal_runs;
  auto plans = plan_replications(spec, 1);
  auto units = split_units(plans, shard_size);
  std::vector<std::unique_ptr<Observer>> observers;
  RunnerOptions ro;
  ro.threads = threads;
  ro.queue = queue;
  return run_units(spec, plans, units, nullptr, observers, ro);
}

RunStats median_run(std::vector<RunStats> runs) {
  std::sort(runs.begin(), runs.end(),
            [](const RunStats& a, const RunStats& b) { return a.wall_seconds < b.wall_seconds; });
  return runs[runs.size() / 2];
}

double median_ratio(const std::vector<RunStats>& a, const std::vector<RunStats>& b) {
  std::vector<double> r;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    r.push_back(a[i].wall_seconds / b[i].wall_seconds);
  std::sort(r.begin(), r.end());
  return r.empty() ? 0 : r[r.size() / 2];
}

long peak_rss_kib() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace subsim
