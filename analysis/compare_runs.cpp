#include "analysis/compare_runs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/simulate.hpp"
#include "model/number_format.hpp"
#include "stats/kn_selection.hpp"
#include "model/random_stream.hpp"

namespace subsim {

namespace {

// The half-width of the difference the verdict would report on `metric` — of the best variant
// other than the reference — as a share of the reference's mean (`share`) or in the metric's
// unit (cents for money). NaN while undefined.
double half_width(const std::vector<ComparisonRow>& rows, const std::string& metric, bool maximize,
                  bool share, std::string& variant, MetricUnit& unit) {
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
  if (!ref || !best || !best->diff.has_interval() || (share && ref->value.mean == 0)) return NAN;
  variant = best->policy;
  unit = ref->unit;
  const double half = (best->diff.high - best->diff.low) / 2;
  return share ? half / std::fabs(ref->value.mean) : half;
}

// A precision target's step after a batch: true (and `stop` said) when the interval is narrow
// enough or the cap is reached; else `why` says how far it is.
bool precision_step(const std::vector<ComparisonRow>& rows, const CompareRunOptions& o, int done,
                    std::string& stop, std::string& why) {
  std::string variant;
  MetricUnit unit = MetricUnit::count;
  const double half = half_width(rows, o.metric, o.maximize, o.precision_share, variant, unit);
  auto width = [&](double v) {
    return o.precision_share ? "±" + fixed_text(100 * v, 3) + " % of the reference"
                             : "±" + display_text(unit == MetricUnit::money ? v / 100 : v, unit);
  };
  const double target = o.precision_share || unit != MetricUnit::money ? o.precision : 100 * o.precision;
  const std::string who = variant.empty() ? "the best variant" : variant;
  if (half <= target) {
    stop = "replications auto: " + std::to_string(done) + " replications; the interval of " + who +
           "'s difference on " + o.metric + " is " + width(half) + " (target " + width(target) + ")";
    return true;
  }
  if (done >= o.max_replications) {
    stop = "replications auto: stopped at the cap of " + std::to_string(done) +
           " replications; the interval of " + who + "'s difference on " + o.metric + " is " +
           width(half) + ", wider than the target " + width(target);
    return true;
  }
  why = "the interval of " + who + "'s difference is " + width(half) + ", the target " + width(target);
  return false;
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
    const ComparisonRow* ref = find_row(rows, o.metric, names[0]);
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
    const ComparisonRow* r = find_row(rows, o.metric, names[i]);
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
  std::string why = o.select ? "the first stage of KN" : "the first batch";
  for (;;) {
    if (o.automatic && o.stage)
      o.stage("replications " + std::to_string(done + 1) + "–" + std::to_string(done + batch) +
              ": " + why);
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
      why = "KN, " + std::to_string(result.selection.left.size()) + " variants in contention";
      continue;
    }
    if (precision_step(result.rows, o, done, result.stop, why)) break;
    // Double the replications each round (the half-width falls like 1/√n), within the cap.
    batch = std::min(done, o.max_replications - done);
  }
  return result;
}

}  // namespace subsim
