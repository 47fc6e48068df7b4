#include "analysis/verdict.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace subsim {

namespace {

std::string number(double v, MetricUnit u, bool sign = false) {
  std::string s = mean_text(v, u);
  if (sign && v > 0) s = "+" + s;
  return s;
}

std::string percent(double v, bool sign = true) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, sign ? "%+.2f %%" : "%.2f %%", v);
  return buf;
}

std::string p_text(double p) {
  if (std::isnan(p)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, p < 0.0001 ? "%.1e" : "%.4f", p);
  return buf;
}

const ComparisonRow* find(const std::vector<ComparisonRow>& rows, const std::string& metric,
                          const std::string& policy) {
  for (const ComparisonRow& r : rows)
    if (r.metric == metric && r.policy == policy) return &r;
  return nullptr;
}

bool meets(const Constraint& c, const std::vector<ComparisonRow>& rows, const std::string& policy) {
  const ComparisonRow* r = find(rows, c.metric, policy);
  const ComparisonRow* ref = find(rows, c.metric, rows.front().policy);
  if (!r || !ref || std::isnan(r->value.mean)) return false;
  double bound = c.relative ? c.value * ref->value.mean
                            : c.value * (r->unit == MetricUnit::money ? 100.0 : 1.0);
  const double v = r->value.mean;
  switch (c.op) {
    case Constraint::Op::le: return v <= bound;
    case Constraint::Op::lt: return v < bound;
    case Constraint::Op::ge: return v >= bound;
    case Constraint::Op::gt: return v > bound;
  }
  return false;
}

}  // namespace

std::optional<Constraint> parse_constraint(const std::string& written, std::string& error) {
  Constraint c;
  c.text = written;
  // Spaces mean nothing in a constraint ('churned_customers <= ref * 1.02' is the same).
  std::string text;
  for (char ch : written)
    if (ch != ' ' && ch != '\t') text += ch;
  std::size_t at = text.find_first_of("<>");
  if (at == std::string::npos || at == 0) {
    error = "a constraint looks like METRIC<=ref*1.02 or METRIC>=NUMBER, not '" + text + "'";
    return std::nullopt;
  }
  c.metric = text.substr(0, at);
  bool eq = at + 1 < text.size() && text[at + 1] == '=';
  c.op = text[at] == '<' ? (eq ? Constraint::Op::le : Constraint::Op::lt)
                         : (eq ? Constraint::Op::ge : Constraint::Op::gt);
  std::string bound = text.substr(at + (eq ? 2 : 1));
  if (bound.rfind("ref", 0) == 0) {
    c.relative = true;
    bound = bound.substr(3);
    if (bound.empty()) bound = "*1";
    if (bound[0] != '*') {
      error = "a relative bound is ref or ref*FACTOR, not '" + text + "'";
      return std::nullopt;
    }
    bound = bound.substr(1);
  }
  char* end = nullptr;
  c.value = std::strtod(bound.c_str(), &end);
  if (bound.empty() || *end != '\0' || !std::isfinite(c.value)) {
    error = "'" + bound + "' is not a number in the constraint '" + text + "'";
    return std::nullopt;
  }
  return c;
}

namespace {

// The best variant among those that meet every constraint (the reference competes too), and
// the runner-up: the best is tested against both. `ok`: whether each variant meets them all.
struct Leaders {
  const ComparisonRow *best = nullptr, *runner_up = nullptr;
  std::vector<bool> ok;
};

// The leaders among `variants` (one metric's rows, reference first).
Leaders find_leaders(const std::vector<const ComparisonRow*>& variants,
                     const std::vector<ComparisonRow>& rows,
                     const std::vector<Constraint>& constraints, bool maximize) {
  Leaders l;
  auto better = [&](const ComparisonRow* a, const ComparisonRow* b) {
    return !b || (maximize ? a->value.mean > b->value.mean : a->value.mean < b->value.mean);
  };
  for (const ComparisonRow* r : variants) {
    bool all = true;
    for (const Constraint& c : constraints) all = all && meets(c, rows, r->policy);
    l.ok.push_back(all);
    if (!all || std::isnan(r->value.mean)) continue;
    if (better(r, l.best)) {
      l.runner_up = l.best;
      l.best = r;
    } else if (better(r, l.runner_up)) {
      l.runner_up = r;
    }
  }
  return l;
}

// The verdict's line when a variant other than the reference leads. "Best" only for a win
// tested both ways: against the reference (Holm over the variants) and against the runner-up,
// when that is another variant (issue 31: a winner never tested against the runner-up was
// crowned in a close race).
std::string leader_line(const Leaders& l, const ComparisonRow& ref, const std::string& metric,
                        const std::string& objective, int compared) {
  const ComparisonRow* best = l.best;
  const MetricUnit u = ref.unit;
  const bool over_ref = best->p_holm < 0.05;
  std::string second;
  bool over_second = true;
  if (l.runner_up && l.runner_up != &ref) {
    const Difference d = difference(*best, *l.runner_up);
    over_second = d.p < 0.05;
    second = "; against the runner-up " + l.runner_up->policy + " " +
             number(d.diff.mean, u, true) + ", 95 % CI [" + number(d.diff.low, u, true) + ", " +
             number(d.diff.high, u, true) + "], " +
             (over_second ? "significant" : "not significant") + " (p = " + p_text(d.p) + ")";
  }
  const std::string lead = !over_ref ? "No significant winner on " + metric + " (" + objective +
                                           "): the leader is "
                           : !over_second ? "No clear winner on " + metric + " (" + objective +
                                                "): the leader is "
                                          : "Best on " + metric + " (" + objective + "): ";
  return lead + best->policy + ", " + number(best->diff.mean, u, true) + " (" +
         percent(best->diff_pct) + ") vs " + ref.policy + ", 95 % CI [" +
         number(best->diff.low, u, true) + ", " + number(best->diff.high, u, true) + "] ([" +
         percent(best->diff_pct_low) + ", " + percent(best->diff_pct_high) + "]), " +
         std::to_string(best->diff.n) + " replications; " +
         (over_ref ? "significant" : "not significant") + " after Holm over " +
         std::to_string(compared) + " variant" + (compared == 1 ? "" : "s") + " (p = " +
         p_text(best->p_value) + ", adjusted " + p_text(best->p_holm) + ")" + second + ".";
}

// The verdict's table: a row per variant (ranked by the metric, or reference first), its mean,
// difference, interval, Holm p-value and whether it meets the constraints.
std::string verdict_table(const std::vector<const ComparisonRow*>& variants,
                          const std::string& metric, const std::vector<bool>& ok,
                          bool constrained, bool maximize, bool ranked) {
  const MetricUnit u = variants.front()->unit;
  char buf[320];
  std::snprintf(buf, sizeof buf, "%-22s %16s %16s %10s  %-36s %10s  %s\n", "variant",
                metric.c_str(), "difference", "%", "95 % interval of the difference", "p (Holm)",
                "constraints");
  std::string table = buf;
  std::vector<std::size_t> order(variants.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (ranked)
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double x = variants[a]->value.mean, y = variants[b]->value.mean;
      return maximize ? x > y : x < y;
    });
  for (std::size_t i : order) {
    const ComparisonRow& r = *variants[i];
    const bool is_ref = i == 0;
    std::string interval = is_ref ? "reference"
                                  : "[" + number(r.diff.low, u, true) + ", " +
                                        number(r.diff.high, u, true) + "]";
    std::snprintf(buf, sizeof buf, "%-22s %16s %16s %10s  %-36s %10s  %s\n", r.policy.c_str(),
                  number(r.value.mean, u).c_str(), number(r.diff.mean, u, true).c_str(),
                  percent(r.diff_pct).c_str(), interval.c_str(),
                  is_ref ? "" : p_text(r.p_holm).c_str(),
                  !constrained ? "-" : ok[i] ? "met" : "NOT met");
    table += buf;
  }
  return table;
}

}  // namespace

// The verdict on `metric`: its one line (the leader among the variants that meet the
// constraints, tested against the reference and the runner-up) and its table.
Verdict verdict(const std::vector<ComparisonRow>& rows, const std::string& metric, bool maximize,
                const std::vector<Constraint>& constraints, bool ranked) {
  std::vector<const ComparisonRow*> variants;
  for (const ComparisonRow& r : rows)
    if (r.metric == metric) variants.push_back(&r);
  if (variants.empty()) throw std::invalid_argument("no metric '" + metric + "' in the comparison");
  for (const Constraint& c : constraints)
    if (!find(rows, c.metric, rows.front().policy))
      throw std::invalid_argument("no metric '" + c.metric + "' in the constraint '" + c.text + "'");
  const ComparisonRow& ref = *variants.front();
  const MetricUnit u = ref.unit;
  const Leaders l = find_leaders(variants, rows, constraints, maximize);
  const std::string objective = maximize ? "max" : "min";
  const int compared = static_cast<int>(variants.size()) - 1;
  Verdict v;
  if (!l.best) {
    v.line = "No variant meets every constraint; nothing to recommend on " + metric + ".";
  } else if (l.best == &ref) {
    v.line = "No variant beats the reference " + ref.policy + " on " + metric + " (" + objective +
             ")" + (constraints.empty() ? "" : " within the constraints") + ": it stays the best, at " +
             number(ref.value.mean, u) + " over " + std::to_string(ref.value.n) + " replications.";
  } else {
    v.line = leader_line(l, ref, metric, objective, compared);
  }
  v.table = verdict_table(variants, metric, l.ok, !constraints.empty(), maximize, ranked);
  return v;
}

std::string ranked_headlines(const std::vector<ComparisonRow>& rows) {
  std::vector<const MetricDef*> headlines;  // the registry's, in their order
  for (const MetricDef& m : metric_registry())
    if (m.headline > 0) headlines.push_back(&m);
  std::sort(headlines.begin(), headlines.end(),
            [](const MetricDef* a, const MetricDef* b) { return a->headline < b->headline; });
  std::string out;
  for (const MetricDef* m : headlines) {
    Verdict v = verdict(rows, m->name, m->better > 0, {}, true);
    out += v.line + "\n" + v.table + "\n";
  }
  return out;
}

}  // namespace subsim
