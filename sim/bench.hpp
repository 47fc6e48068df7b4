// Timing the engine alone: a scenario's synthetic population run with no observer attached, on
// the calendar queue or the std::priority_queue baseline. `subsim bench` reports these.
#pragma once
#include <sched.h>

#include <cstdint>
#include <vector>

#include "sim/runner.hpp"

namespace subsim {

// While it lives (and `pin` is set), the calling thread runs on one CPU only: a thread the
// scheduler moves between (virtual) CPUs loses its caches, and on this project's VMs that alone
// costs up to a third of the speed. time_engine pins its one-thread runs; `subsim bench
// --metrics` pins the observed one-thread runs the same way, so both sides are alike.
class PinToOneCpu {
 public:
  explicit PinToOneCpu(bool pin);
  ~PinToOneCpu();
  PinToOneCpu(const PinToOneCpu&) = delete;
  PinToOneCpu& operator=(const PinToOneCpu&) = delete;

 private:
  cpu_set_t saved_{};
  bool pinned_ = false;
};

// One replication of `sc`, unobserved; pinned to one CPU with threads == 1 (PinToOneCpu).
// `renewal_runs` off: every renewal queued one by one (RunSpec::renewal_runs).
RunStats time_engine(const Scenario& sc, int threads, QueueImpl queue, std::uint32_t shard_size,
                     bool renewal_runs = true);

// The run with the median wall time (runs must not be empty).
RunStats median_run(std::vector<RunStats> runs);

// Median of the per-round ratios a[i].wall / b[i].wall: rounds interleave configurations, so a
// drift in a shared machine's speed hits both sides of each ratio alike.
double median_ratio(const std::vector<RunStats>& a, const std::vector<RunStats>& b);

// The process's peak resident set, in KiB.
long peak_rss_kib();

}  // namespace subsim
