#include "analysis/compare_runs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/simulate.hpp"
#include "model/number_format.hpp"
#include "stats/kn_selection.hpp"
#include "stats/two_stage.hpp"
#include "model/random_stream.hpp"

namespace subsim {

namespace {

// The half-widths of every variant's difference to the reference on `metric` (in the rows'
// units: cents for money), the reference's mean, and the widest with its variant. NaN where
// undefined.
struct Widths {
  double reference = NAN, widest = NAN;
  std::string variant;
  MetricUnit unit = MetricUnit::count;
  // Each variant's spread of one replication's difference: its standard error × √n (paired: the
  // differences' standard deviation; Welch: the same scale), 0 when exact, NaN when undefined —
  // Stein's S, unaffected by the interval's clipping at −100 %.
  std::vector<double> spreads;
};
Widths widths(const std::vector<ComparisonRow>& rows, const std::string& metric) {
  Widths w;
  bool first = true;
  for (const ComparisonRow& r : rows) {
    if (r.metric != metric) continue;
    if (first) {  // the reference
      first = false;
      w.reference = r.value.mean;
      w.unit = r.unit;
      continue;
    }
    const double half = r.diff.has_interval() ? (r.diff.high - r.diff.low) / 2
                        : std::isnan(r.diff.mean) ? NAN
                                                  : 0.0;  // exact: no variation
    w.spreads.push_back(!r.diff.has_interval() ? (std::isnan(r.diff.mean) ? NAN : 0.0)
                                               : r.diff_se * std::sqrt(static_cast<double>(r.diff.n)));
    if (!std::isnan(half) && (std::isnan(w.widest) || half > w.widest)) {
      w.widest = half;
      w.variant = r.policy;
    }
  }
  return w;
}

// Stopped by the cap short of Stein's N (`needed`): what was reached, without a guarantee.
std::string capped_stop(const std::vector<ComparisonRow>& rows, const CompareRunOptions& o,
                        int done, std::int64_t needed) {
  const Widths w = widths(rows, o.metric);
  return "replications auto: two-stage (Stein) on " + o.metric + " stopped at the cap of " +
         std::to_string(done) + " replications, short of what the target needs (" +
         std::to_string(needed) + "): no guarantee; the widest interval of a difference is ±" +
         display_text(w.unit == MetricUnit::money ? w.widest / 100 : w.widest, w.unit) + " (" +
         w.variant + ")";
}

// A precision target by Stein's two-stage procedure (stats/two_stage): after the first stage of
// n0, N from each variant's difference to the reference (its first-stage variance, the target
// ±h: a share of the reference's first-stage mean, or in the metric's unit), the largest N run
// as the second stage; then every difference is within ±h with 95 % confidence (each; for
// normal differences). Returns true (and `stop` said) when done; else `next` is the second
// stage's size and `why` says it.
bool precision_step(const std::vector<ComparisonRow>& rows, const CompareRunOptions& o, int done,
                    double& h, std::string& stop, std::string& why, int& next) {
  const Widths w = widths(rows, o.metric);
  auto width = [&](double v) {
    return o.precision_share && w.reference != 0
               ? "±" + fixed_text(100 * v / std::fabs(w.reference), 3) + " % of the reference"
               : "±" + display_text(w.unit == MetricUnit::money ? v / 100 : v, w.unit);
  };
  // The target as given: a share of the reference's first-stage mean, or in the metric's unit.
  auto target = [&] {
    const std::string abs = "±" + display_text(w.unit == MetricUnit::money ? h / 100 : h, w.unit);
    return o.precision_share ? "±" + fixed_text(100 * o.precision, 3) +
                                   " % of the reference's first-stage mean (" + abs + ")"
                             : abs;
  };
  const std::string head = "replications auto: two-stage (Stein) on " + o.metric + ", ";
  // A share's h is fixed from the first stage's reference mean, which moves with the first
  // stage's differences: Stein's guarantee then holds approximately (to about the reference
  // mean's coefficient of variation); in the metric's unit exactly, for normal differences.
  auto confidence = [&] {
    return std::string(o.precision_share ? "about 95 % confidence" : "95 % confidence") +
           " (for normal differences)";
  };
  if (h > 0) {  // the second stage has run
    stop = head + std::to_string(done) + " replications (" + std::to_string(o.replications) +
           " in the first stage): each variant's difference to the reference is within " +
           target() + " with " + confidence() + "; the widest interval now " + width(w.widest) +
           " (" + w.variant + ")";
    return true;
  }
  h = o.precision_share || w.unit != MetricUnit::money ? o.precision : 100 * o.precision;
  if (o.precision_share) h *= std::fabs(w.reference);
  if (!(h > 0) || std::isnan(w.widest)) {
    stop = head + std::to_string(done) + " replications: no target to reach (" +
           (std::isnan(w.widest) ? "no difference is defined" : "the reference's mean is 0") + ")";
    return true;
  }
  std::int64_t needed = done;
  for (double spread : w.spreads)
    if (!std::isnan(spread)) needed = std::max(needed, stein_replications(done, spread, h, 0.05));
  if (needed <= done) {
    stop = head + std::to_string(done) + " replications: the first stage already puts each " +
           "variant's difference to the reference within " + target() + " with " + confidence() +
           " (the widest " + width(w.widest) + ", " + w.variant + ")";
    return true;
  }
  const bool capped = needed > o.max_replications;
  if (capped && done >= o.max_replications) {  // no room for a second stage
    stop = capped_stop(rows, o, done, needed);
    return true;
  }
  const std::int64_t total = capped ? o.max_replications : needed;
  next = static_cast<int>(total - done);
  why = "the second stage of Stein's procedure: " + std::to_string(total) + " in all for " +
        target() + (capped ? " (the cap: it needs " + std::to_string(needed) + "; no guarantee)" : "");
  if (capped) h = -static_cast<double>(needed);  // the stop line says what was reached, no guarantee
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
  double stein_h = 0;  // precision: the target ±h once the first stage has set it (< 0: capped, −N needed)
  std::string why = o.select ? "the first stage of KN" : "the first stage of Stein's two-stage procedure";
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
    if (stein_h < 0) {  // a capped second stage has run (−stein_h: what it needed)
      result.stop = capped_stop(result.rows, o, done, static_cast<std::int64_t>(-stein_h));
      break;
    }
    if (precision_step(result.rows, o, done, stein_h, result.stop, why, batch)) break;
  }
  return result;
}

}  // namespace subsim
