#include "analysis/compare_runs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/simulate.hpp"
#include "stats/kn_selection.hpp"
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

// The row of `metric` for variant `policy`.
const ComparisonRow* row_of(const std::vector<ComparisonRow>& rows, const std::string& metric,
                            const std::string& policy) {
  for (const ComparisonRow& r : rows)
    if (r.metric == metric && r.policy == policy) return &r;
  return nullptr;
}

// The line saying why automatic replications stopped under KN.
std::string selection_stop(const Selection& sel, const CompareRunOptions& o, int done) {
  const std::string head = "replications auto: KN (Kim & Nelson's fully sequential selection) on " +
                           o.metric + ", " + std::to_string(done) + " replications";
  if (!sel.problem.empty()) return head + "; no selection: " + sel.problem;
  if (sel.by_constraints)
    return head + "; only " + sel.left.front() + " meets the constraints: nothing to select";
  if (sel.done)
    return head + (sel.decided_at > 0 && done > sel.decided_at
                       ? " run (decided at " + std::to_string(sel.decided_at) + ")"
                       : std::string()) +
           "; selected " + sel.left.front();
  return head + "; stopped at the cap (--max-replications " + std::to_string(o.max_replications) +
         ") with " + std::to_string(sel.left.size()) + " variants left; KN decides by " +
         std::to_string(sel.bound);
}

// One KN step after a batch: on the first, δ and the contenders are fixed (a constraint not met
// at the first stage excludes a variant); then KN over every replication so far. True when the
// runs can stop (selected, or KN cannot run); `next` the next batch's size otherwise.
bool select_step(const std::vector<ComparisonRow>& rows, const std::vector<std::string>& names,
                 const CompareRunOptions& o, int done, Selection& sel, std::vector<int>& contenders,
                 int& next) {
  if (done == o.replications) {  // the first stage
    const ComparisonRow* ref = row_of(rows, o.metric, names[0]);
    if (o.min_effect_share) {
      sel.delta_share = o.min_effect;
      sel.delta = o.min_effect * std::fabs(ref ? ref->value.mean : NAN);
    } else {
      sel.delta = o.min_effect * (ref && ref->unit == MetricUnit::money ? 100.0 : 1.0);
    }
    if (!(sel.delta > 0)) {
      sel.problem = "the smallest effect that matters is 0 (the reference's mean is 0 or undefined)";
      return true;
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      ConstraintOutcome worst = ConstraintOutcome::met;
      for (const Constraint& c : o.constraints)
        worst = std::max(worst, judge_constraint(c, rows, names[i]));
      if (worst == ConstraintOutcome::not_met)
        sel.excluded.push_back(names[i]);
      else
        contenders.push_back(static_cast<int>(i));
    }
  }
  sel.left.clear();
  if (contenders.size() <= 1) {  // nothing to select among
    for (int i : contenders) sel.left.push_back(names[i]);
    sel.done = !contenders.empty();
    sel.by_constraints = sel.done;
    sel.replications = done;
    if (contenders.empty()) sel.problem = "every variant fails a constraint";
    return true;
  }
  std::vector<std::vector<double>> obs;
  for (int i : contenders) {
    const ComparisonRow* r = row_of(rows, o.metric, names[i]);
    obs.push_back(r->values);
    for (double v : r->values)
      if (!std::isfinite(v)) {
        sel.problem = o.metric + " is undefined in a replication of " + names[i];
        return true;
      }
  }
  KnOptions ko;
  ko.delta = sel.delta;
  ko.n0 = o.replications;
  ko.maximize = o.maximize;
  ko.alpha = sel.alpha;
  const KnState st = kn_select(obs, ko);
  for (int j : st.survivors) sel.left.push_back(names[contenders[j]]);
  sel.done = st.done;
  sel.replications = done;
  sel.decided_at = st.done ? st.replications : 0;
  sel.bound = st.bound;
  if (st.done || done >= o.max_replications) return true;
  // Run ahead in growing batches: KN's decisions do not depend on the batching.
  next = std::min({std::max(o.replications, done / 2), o.max_replications - done,
                   std::max(1, st.bound - done)});
  return false;
}

}  // namespace

CompareRunResult run_comparison(const std::vector<Scenario>& scenarios,
                                const std::vector<std::string>& names, std::uint64_t seed,
                                const CompareRunOptions& o) {
  CompareRunResult result;
  for (const std::string& n : names) result.runs.push_back({n, {}});
  int done = 0;
  int batch = o.automatic ? std::min(o.replications, o.max_replications) : o.replications;
  std::vector<int> contenders;  // select: the variants KN selects among
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
    if (o.select) {
      int next = 0;
      if (select_step(result.rows, names, o, done, result.selection, contenders, next)) {
        result.stop = selection_stop(result.selection, o, done);
        break;
      }
      batch = next;
      continue;
    }
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
