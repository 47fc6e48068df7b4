#include "analysis/compare_runs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/simulate.hpp"
#include "model/random_stream.hpp"

namespace subsim {

namespace {

// The half-width of the difference the verdict would report on `metric`, as a share of the
// reference's mean: of the best variant other than the reference. NaN while undefined.
double relative_half_width(const std::vector<ComparisonRow>& rows, const std::string& metric,
                           bool maximize, std::string& variant) {
  const ComparisonRow* ref = nullptr;
  const ComparisonRow* best = nullptr;
  for (const ComparisonRow& r : rows) {
    if (r.metric != metric) continue;
    if (!ref) {
      ref = &r;
      continue;
    }
    if (std::isnan(r.value.mean)) continue;
    if (!best || (maximize ? r.value.mean > best->value.mean : r.value.mean < best->value.mean))
      best = &r;
  }
  if (!ref || !best || ref->value.mean == 0 || !best->diff.has_interval()) return NAN;
  variant = best->policy;
  return (best->diff.high - best->diff.low) / 2 / std::fabs(ref->value.mean);
}

}  // namespace

CompareRunResult run_comparison(const std::vector<Scenario>& scenarios,
                                const std::vector<std::string>& names, std::uint64_t seed,
                                const CompareRunOptions& o) {
  CompareRunResult result;
  for (const std::string& n : names) result.runs.push_back({n, {}});
  int done = 0;
  int batch = o.automatic ? std::min(o.replications, o.max_replications) : o.replications;
  for (;;) {
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      SimulateOptions so;
      so.threads = o.threads;
      // Replications done … done + batch − 1: the same draws as in one longer run.
      so.stream_offset = static_cast<std::uint32_t>(done) +
                         (o.independent ? independent_stream_offset(i) : 0);
      SimulationResult res = simulate(scenarios[i], scenarios[i].policy, seed, batch, so);
      result.wall_seconds += res.stats.wall_seconds;
      result.events += res.stats.events;
      auto& reps = result.runs[i].replications;
      for (RunMetrics& m : res.replications) reps.push_back(std::move(m));
      if (o.progress) o.progress(i + 1, scenarios.size(), result.events);
    }
    done += batch;
    result.rows = compare_policies(result.runs, !o.independent);
    if (!o.automatic) break;
    std::string variant;
    const double half = relative_half_width(result.rows, o.metric, o.maximize, variant);
    char buf[256];
    if (half <= o.precision) {
      std::snprintf(buf, sizeof buf,
                    "replications auto: %d replications; the interval of %s's difference on %s is "
                    "±%.3f %% of the reference (target ±%.3f %%)",
                    done, variant.c_str(), o.metric.c_str(), 100 * half, 100 * o.precision);
      result.stop = buf;
      break;
    }
    if (done >= o.max_replications) {
      std::snprintf(buf, sizeof buf,
                    "replications auto: stopped at the cap of %d replications; the interval of "
                    "%s's difference on %s is ±%.3f %% of the reference, wider than the target "
                    "±%.3f %%",
                    done, variant.empty() ? "the best variant" : variant.c_str(),
                    o.metric.c_str(), 100 * half, 100 * o.precision);
      result.stop = buf;
      break;
    }
    // Double the replications each round (the half-width falls like 1/√n), within the cap.
    batch = std::min(done, o.max_replications - done);
  }
  return result;
}

}  // namespace subsim
