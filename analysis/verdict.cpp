#include "analysis/verdict.hpp"

#include "stats/mcb.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace subsim {

namespace {

// A mean (or, `sign`, a difference) for a person: money in currency units with thousands
// grouped, counts whole or to one decimal, shares in percent (differences in points).
// A value or difference of a verdict. Money takes the decimals of `scale`'s level (the
// reference's): whole currency units when it reaches 10,000, cents below — one format for the
// line, the table's columns and the MCB block, never cents beside whole units.
std::string number(double v, const ComparisonRow& scale, bool sign = false) {
  const MetricUnit u = scale.unit;
  if (u != MetricUnit::money) return sign ? difference_text(v, u) : display_text(v, u);
  if (std::isnan(v)) return "n/a";
  const bool whole = std::isfinite(scale.value.mean) && std::fabs(scale.value.mean) / 100 >= 10000;
  const std::string t = group_thousands(v / 100, whole ? 0 : 2);
  return sign && v > 0 && t.find_first_not_of("0.,") != std::string::npos ? "+" + t : t;
}

// A relative change in %, two decimals, its sign written (a true minus, as every number here).
std::string percent(double v, bool sign = true) { return percent_text(v, sign, 2); }

// 0.95 as "95 %".
std::string share_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g %%", 100 * v);
  return buf;
}

std::string p_text(double p) {
  if (std::isnan(p)) return "n/a";
  if (p < 1e-16) return "< 1e-16";  // 0 in double precision: not an exact zero
  char buf[32];
  std::snprintf(buf, sizeof buf, p < 0.0001 ? "%.1e" : "%.4f", p);
  return buf;
}

// "p = 0.0123", or "p < 1e-16" where double precision gives 0.
std::string p_phrase(double p) {
  const std::string t = p_text(p);
  return t[0] == '<' ? "p " + t : "p = " + t;
}

}  // namespace

ConstraintOutcome judge_constraint(const Constraint& c, const std::vector<ComparisonRow>& rows,
                                   const std::string& policy) {
  const ComparisonRow* r = find_row(rows, c.metric, policy);
  const ComparisonRow* ref = find_row(rows, c.metric, rows.front().policy);
  if (!r || !ref || std::isnan(r->value.mean)) return ConstraintOutcome::not_met;
  // The slack per replication: how far inside the bound (> 0) or beyond it (< 0).
  const bool upper = c.op == Constraint::Op::le || c.op == Constraint::Op::lt;
  const bool strict = c.op == Constraint::Op::lt || c.op == Constraint::Op::gt;
  const double scale = r->unit == MetricUnit::money ? 100.0 : 1.0;
  Interval slack;  // a two-sided 90 % interval: its ends are one-sided 95 % bounds
  if (c.relative && !(r->paired && ref->paired && r->values.size() == ref->values.size())) {
    std::vector<double> bound(ref->values.size());
    for (std::size_t i = 0; i < bound.size(); ++i) bound[i] = c.value * ref->values[i];
    slack = upper ? welch_interval(bound, r->values, 0.90) : welch_interval(r->values, bound, 0.90);
  } else {
    std::vector<double> d(r->values.size());
    for (std::size_t i = 0; i < d.size(); ++i) {
      const double b = c.relative ? c.value * ref->values[i] : c.value * scale;
      d[i] = upper ? b - r->values[i] : r->values[i] - b;
    }
    slack = t_interval(d, 0.90);
  }
  if (std::isnan(slack.mean)) return ConstraintOutcome::not_met;
  auto inside = [&](double x) { return strict ? x > 0 : x >= 0; };
  // Every replication alike (a constraint of a variant on itself, a constant): exact.
  if (!slack.has_interval() || slack.zero_variance || slack.sd == 0)
    return inside(slack.mean) ? ConstraintOutcome::met : ConstraintOutcome::not_met;
  if (inside(slack.low)) return ConstraintOutcome::met;
  if (!inside(slack.high)) return ConstraintOutcome::not_met;
  return ConstraintOutcome::uncertain;
}

const char* to_string(ConstraintOutcome o) {
  switch (o) {
    case ConstraintOutcome::met: return "met";
    case ConstraintOutcome::uncertain: return "uncertain";
    case ConstraintOutcome::not_met: return "NOT met";
  }
  return "";
}

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

// The best variant among those not failing a constraint (met or uncertain; the reference
// competes too), and the runner-up: the best is tested against both. `outcome`: each variant's
// worst outcome over the constraints.
struct Leaders {
  const ComparisonRow *best = nullptr, *runner_up = nullptr;
  std::vector<ConstraintOutcome> outcome;
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
    ConstraintOutcome worst = ConstraintOutcome::met;
    for (const Constraint& c : constraints) worst = std::max(worst, judge_constraint(c, rows, r->policy));
    l.outcome.push_back(worst);
    if (worst == ConstraintOutcome::not_met || std::isnan(r->value.mean)) continue;
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
  const bool over_ref = best->p_holm < 0.05;
  std::string second;
  bool over_second = true;
  if (l.runner_up && l.runner_up != &ref) {
    const Difference d = difference(*best, *l.runner_up);
    over_second = d.p < 0.05;
    second = "; against the runner-up " + l.runner_up->policy + " " +
             number(d.diff.mean, ref, true) + ", 95 % CI [" + number(d.diff.low, ref, true) + ", " +
             number(d.diff.high, ref, true) + "], " +
             (over_second ? "significant" : "not significant") + " (" + p_phrase(d.p) + ")";
  }
  const std::string lead = !over_ref ? "No significant winner on " + metric + " (" + objective +
                                           "): the leader is "
                           : !over_second ? "No clear winner on " + metric + " (" + objective +
                                                "): the leader is "
                                          : "Best on " + metric + " (" + objective + "): ";
  if (best->diff.zero_variance && best->diff.n >= 2 && over_ref && over_second)
    // Every replication differs by the same amount: exact, nothing to test.
    return "Best on " + metric + " (" + objective + "): " + best->policy + ", " +
           number(best->diff.mean, ref, true) + " (" + percent(best->diff_pct) + ") vs " +
           ref.policy + " in every one of " + std::to_string(best->diff.n) +
           " replications (exact: no test needed)" + second + ".";
  return lead + best->policy + ", " + number(best->diff.mean, ref, true) + " (" +
         percent(best->diff_pct) + ") vs " + ref.policy + ", 95 % CI [" +
         number(best->diff.low, ref, true) + ", " + number(best->diff.high, ref, true) + "] ([" +
         percent(best->diff_pct_low) + ", " + percent(best->diff_pct_high) + "]), " +
         std::to_string(best->diff.n) + " replications; " +
         (over_ref ? "significant" : "not significant") + " after Holm over " +
         std::to_string(compared) + " variant" + (compared == 1 ? "" : "s") + " (" +
         p_phrase(best->p_value) + ", adjusted " + p_text(best->p_holm) + ")" + second + ".";
}

// The best of `rows` by mean (NaN left out), or nullptr.
const ComparisonRow* best_of(const std::vector<const ComparisonRow*>& rows, bool maximize) {
  const ComparisonRow* b = nullptr;
  for (const ComparisonRow* r : rows) {
    if (std::isnan(r->value.mean)) continue;
    if (!b || (maximize ? r->value.mean > b->value.mean : r->value.mean < b->value.mean)) b = r;
  }
  return b;
}

// What a KN selection line is made of: the rows by name, how differences and δ read.
struct SelectionText {
  const Selection& sel;
  const std::vector<const ComparisonRow*>& variants;
  const ComparisonRow& ref;
  std::string head;  // "on M (max)"

  const ComparisonRow* row(const std::string& name) const {
    for (const ComparisonRow* r : variants)
      if (r->policy == name) return r;
    return nullptr;
  }
  std::vector<const ComparisonRow*> rows(const std::vector<std::string>& names) const {
    std::vector<const ComparisonRow*> out;
    for (const std::string& n : names)
      if (const ComparisonRow* r = row(n)) out.push_back(r);
    return out;
  }
  bool excluded(const std::string& name) const {
    return std::find(sel.excluded.begin(), sel.excluded.end(), name) != sel.excluded.end();
  }
  std::string diff(const ComparisonRow& a, const ComparisonRow& b) const {
    const Difference d = difference(a, b);
    return number(d.diff.mean, ref, true) + ", 95 % CI [" + number(d.diff.low, ref, true) +
           ", " + number(d.diff.high, ref, true) + "]";
  }
  std::string zone() const {
    const std::string delta =
        std::isnan(sel.delta_share)
            ? number(sel.delta, ref)
            : percent(100 * sel.delta_share, false) + " of " + ref.policy + "'s first-stage mean, " +
                  number(sel.delta, ref);
    return "δ = " + delta + ": the best with probability ≥ " + share_text(1 - sel.alpha) +
           " when it leads by δ or more; one less than δ behind it may be selected instead";
  }
  std::string tail() const {
    std::string out = "; " + std::to_string(sel.replications) + " replications";
    std::string names;
    for (const std::string& e : sel.excluded) names += (names.empty() ? "" : ", ") + e;
    if (!names.empty()) out += "; not contending (a constraint not met in the first stage): " + names;
    return out + ".";
  }
};

// The line of a KN selection that ended with one variant.
std::string selected_line(const SelectionText& t, bool maximize) {
  const ComparisonRow* x = t.row(t.sel.left.front());
  std::vector<const ComparisonRow*> others;
  for (const ComparisonRow* r : t.variants)
    if (r != x && !t.excluded(r->policy)) others.push_back(r);
  const ComparisonRow* second = best_of(others, maximize);
  if (t.sel.by_constraints)
    return "Only " + x->policy + " meets the constraints " + t.head + ": nothing to select" +
           (x != &t.ref ? "; " + t.diff(*x, t.ref) + " vs " + t.ref.policy : std::string()) +
           t.tail();
  if (x == &t.ref)
    return "No variant is clearly better than " + t.ref.policy + " " + t.head + ": KN kept it (" +
           t.zone() + ")" +
           (second ? "; the best other, " + second->policy + ", " + t.diff(*second, t.ref) +
                         " vs " + t.ref.policy
                   : std::string()) +
           t.tail();
  return x->policy + " is best " + t.head + ": selected by KN (" + t.zone() + "); " +
         t.diff(*x, t.ref) + " (" + percent(x->diff_pct) + ") vs " + t.ref.policy +
         (second && second != &t.ref
              ? "; against the runner-up " + second->policy + " " + t.diff(*x, *second)
              : std::string()) +
         t.tail();
}

// The line of a KN selection stopped by the cap with several variants left.
std::string undecided_line(const SelectionText& t, bool maximize) {
  std::string names;
  for (std::size_t i = 0; i < t.sel.left.size(); ++i)
    names += (i == 0 ? "" : i + 1 == t.sel.left.size() ? " and " : ", ") + t.sel.left[i];
  std::vector<const ComparisonRow*> left = t.rows(t.sel.left);
  const ComparisonRow* lead = best_of(left, maximize);
  left.erase(std::find(left.begin(), left.end(), lead));
  const ComparisonRow* second = best_of(left, maximize);
  const bool ref_in =
      std::find(t.sel.left.begin(), t.sel.left.end(), t.ref.policy) != t.sel.left.end();
  const std::string ref_state = ref_in                     ? " is among them"
                                : t.excluded(t.ref.policy) ? " does not contend"
                                                           : " was eliminated";
  return names + " cannot be told apart yet " + t.head + " within the cap of " +
         std::to_string(t.sel.replications) + " replications (KN, " + t.zone() +
         "; deciding may take up to " + std::to_string(t.sel.bound) + "): " + lead->policy +
         " leads " + second->policy + " by " + t.diff(*lead, *second) + "; " + t.ref.policy +
         ref_state + t.tail();
}

// The column of variant names: the longest name (at most 60 columns, at least 22), so that long
// names keep the table's and the MCB block's columns.
std::size_t variant_name_width(const std::vector<const ComparisonRow*>& variants) {
  std::size_t width = 22;
  for (const ComparisonRow* r : variants)
    width = std::max(width, std::min<std::size_t>(terminal_width(r->policy), 60));
  return width;
}

// The verdict's table: a row per variant (ranked by the metric, or reference first), its mean,
// difference, interval, Holm p-value and whether it meets the constraints.
std::string verdict_table(const std::vector<const ComparisonRow*>& variants,
                          const std::string& metric, const std::vector<ConstraintOutcome>& ok,
                          bool constrained, bool maximize, bool ranked) {
  char buf[320];
  const std::size_t name_width = variant_name_width(variants);
  std::snprintf(buf, sizeof buf, " %16s %16s %10s  %-36s %10s  %s\n", metric.c_str(),
                "difference", "%", "95 % interval of the difference", "p (Holm)", "constraints");
  std::string table = pad_columns("variant", name_width) + buf;
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
                                  : "[" + number(r.diff.low, *variants.front(), true) + ", " +
                                        number(r.diff.high, *variants.front(), true) + "]";
    table += pad_columns(r.policy, name_width) + " " + pad_columns(number(r.value.mean, *variants.front()), 16, true) +
             " " + pad_columns(is_ref ? "" : number(r.diff.mean, *variants.front(), true), 16, true) + " " +
             pad_columns(is_ref ? "" : percent(r.diff_pct), 10, true) + "  " +
             pad_columns(interval, 36) + " " + pad_columns(is_ref ? "" : p_text(r.p_holm), 10, true) +
             "  " + (!constrained ? "-" : to_string(ok[i])) + "\n";
  }
  return table;
}

// Hsu's MCB (stats/mcb): each variant against the best of the others, jointly 95 %, in the
// metric's unit and its good direction (positive: ahead of the best of the others).
std::string mcb_block(const std::vector<const ComparisonRow*>& variants, bool maximize) {
  std::vector<std::vector<double>> data;
  bool paired = true;
  for (const ComparisonRow* r : variants) {
    data.push_back(r->values);
    paired = paired && r->paired;
  }
  const std::vector<McbInterval> mcb = mcb_intervals(data, maximize, paired);
  if (mcb.empty()) return "";
  auto bound = [&](double v) { return v == 0 ? std::string("0") : number(v, *variants.front(), true); };
  const std::size_t width = variant_name_width(variants);
  std::string s = std::string("Against the best of the others (Hsu's multiple comparisons with "
                              "the best, 95 % jointly; + means ") +
                  (maximize ? "higher" : "lower") + "):\n";
  for (std::size_t i = 0; i < mcb.size(); ++i) {
    const McbInterval& m = mcb[i];
    const std::string what = m.high <= 0 && m.low >= 0 ? "alike: no variant differs"
                             : m.high <= 0             ? "not the best"
                             : m.low >= 0              ? "the best"
                                                       : "may be the best";
    s += pad_columns(variants[i]->policy, width) + " " +
         pad_columns("[" + bound(m.low) + ", " + bound(m.high) + "]", 36) +
         "  " + what + "\n";
  }
  return s;
}

}  // namespace

// The verdict on `metric`: its one line (the leader among the variants that meet the
// constraints, tested against the reference and the runner-up) and its table.
Verdict verdict(const std::vector<ComparisonRow>& rows, const std::string& metric, bool maximize,
                const std::vector<Constraint>& constraints, bool ranked,
                const Selection* selection) {
  std::vector<const ComparisonRow*> variants;
  for (const ComparisonRow& r : rows)
    if (r.metric == metric) variants.push_back(&r);
  if (variants.empty()) throw std::invalid_argument("no metric '" + metric + "' in the comparison");
  for (const Constraint& c : constraints)
    if (!find_row(rows, c.metric, rows.front().policy))
      throw std::invalid_argument("no metric '" + c.metric + "' in the constraint '" + c.text + "'");
  const ComparisonRow& ref = *variants.front();
  const Leaders l = find_leaders(variants, rows, constraints, maximize);
  const std::string objective = maximize ? "max" : "min";
  const int compared = static_cast<int>(variants.size()) - 1;
  Verdict v;
  if (selection && selection->problem.empty() && !selection->left.empty()) {
    const SelectionText t{*selection, variants, ref, "on " + metric + " (" + objective + ")"};
    v.line = selection->done ? selected_line(t, maximize) : undecided_line(t, maximize);
    // The contest was fixed on the first stage; over every replication the table may judge the
    // selected variant's constraints otherwise: say so.
    for (std::size_t i = 0; i < variants.size(); ++i)
      if (selection->done && variants[i]->policy == selection->left.front() &&
          l.outcome[i] == ConstraintOutcome::not_met)
        v.line += " Note: over all " + std::to_string(selection->replications) +
                  " replications its constraints are NOT met.";
  } else if (!l.best) {
    v.line = "Every variant fails a constraint (95 % one-sided); nothing to recommend on " + metric + ".";
  } else if (l.best == &ref) {
    v.line = "No variant beats the reference " + ref.policy + " on " + metric + " (" + objective +
             ")" + (constraints.empty() ? "" : " within the constraints") + ": it stays the best, at " +
             number(ref.value.mean, ref) + " over " + std::to_string(ref.value.n) + " replications.";
  } else {
    v.line = leader_line(l, ref, metric, objective, compared);
  }
  v.table = verdict_table(variants, metric, l.outcome, !constraints.empty(), maximize, ranked) +
            mcb_block(variants, maximize);
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
