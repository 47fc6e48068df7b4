#include "analysis/compare.hpp"

#include "io/csv.hpp"
#include "model/number_format.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>

namespace subsim {

void add_percentages_and_p_values(std::vector<ComparisonRow>& rows, std::size_t policies);

Interval welch_interval(const std::vector<double>& a, const std::vector<double>& b, double level,
                        double* se_out, double* dof_out) {
  auto ia = t_interval(a);
  auto ib = t_interval(b);
  Interval r;
  r.n = std::min(ia.n, ib.n);
  if (ia.n == 0 || ib.n == 0) return r;
  r.mean = ia.mean - ib.mean;
  if (ia.n < 2 || ib.n < 2) return r;
  double va = ia.sd * ia.sd / ia.n;
  double vb = ib.sd * ib.sd / ib.n;
  r.sd = std::sqrt(va + vb);
  r.zero_variance = r.sd == 0;
  r.low = r.high = r.mean;
  if (se_out) *se_out = r.sd;
  if (r.sd == 0) return r;
  double dof = (va + vb) * (va + vb) / (va * va / (ia.n - 1) + vb * vb / (ib.n - 1));
  if (dof_out) *dof_out = dof;
  double half = student_t_quantile(0.5 + level / 2, dof) * r.sd;
  r.low = r.mean - half;
  r.high = r.mean + half;
  return r;
}

std::vector<ComparisonRow> compare_policies(const std::vector<PolicyRun>& runs, bool paired) {
  std::vector<ComparisonRow> rows;
  if (runs.empty()) return rows;
  std::vector<std::vector<MetricColumn>> cols;
  for (const PolicyRun& r : runs) cols.push_back(summary_metrics(r.replications));
  for (std::size_t m = 0; m < cols[0].size(); ++m) {
    for (std::size_t p = 0; p < runs.size(); ++p) {
      const std::vector<double>& v = cols[p][m].values;
      ComparisonRow row;
      row.metric = cols[0][m].name;
      row.policy = runs[p].name;
      row.unit = cols[0][m].unit;
      row.value = column_interval(cols[p][m]);
      row.values = v;
      row.parts = cols[p][m].parts;
      row.paired = paired;
      if (p == 0) {
        // The reference's difference to itself: 0 by definition, over its replications.
        row.diff.mean = row.diff.sd = row.diff.low = row.diff.high = 0;
        row.diff.n = row.value.n;
        row.diff_se = 0;
      } else {
        const Difference d = difference(row, rows[rows.size() - p]);  // this metric's reference
        row.diff = d.diff;
        row.diff_se = d.se;
        row.diff_dof = d.dof;
      }
      rows.push_back(row);
    }
  }
  add_percentages_and_p_values(rows, runs.size());
  return rows;
}

Difference difference(const ComparisonRow& a, const ComparisonRow& b) {
  Difference d;
  if (!a.parts.ratios.empty() && !b.parts.ratios.empty()) {
    const bool paired = a.paired && b.paired;
    d.diff = pooled_ratio_difference(a.parts, b.parts, paired, 0.95, &d.se, &d.dof);
  } else if (a.paired && b.paired && a.values.size() == b.values.size()) {
    // A replication undefined under either variant (NaN) drops out of the pairs.
    // A difference below what the files print (10⁻⁶ for shares, rates and ratios: the cent
    // rounding of a retention) is no difference: it would make "significant" out of rounding.
    const bool fractional = a.unit == MetricUnit::share || a.unit == MetricUnit::rate ||
                            a.unit == MetricUnit::ratio;
    std::vector<double> pairs(a.values.size());
    for (std::size_t r = 0; r < pairs.size(); ++r) {
      pairs[r] = a.values[r] - b.values[r];
      if (fractional && std::fabs(pairs[r]) < 5e-7) pairs[r] = 0;
    }
    d.diff = t_interval(pairs);
    d.se = d.diff.sd / std::sqrt(static_cast<double>(d.diff.n));
    d.dof = d.diff.n - 1;
  } else {
    d.diff = welch_interval(a.values, b.values, 0.95, &d.se, &d.dof);
  }
  d.p = two_sided_p(d.diff.mean, d.se, d.dof);
  return d;
}

double two_sided_p(double mean, double se, double dof) {
  if (std::isnan(mean) || std::isnan(se)) return Interval::kNaN;
  if (se == 0) return mean == 0 ? 1.0 : 0.0;
  if (!(dof >= 1)) return Interval::kNaN;
  boost::math::students_t_distribution<double> t(dof);
  return 2 * boost::math::cdf(boost::math::complement(t, std::fabs(mean) / se));
}

void holm(std::vector<double>& p) {
  std::vector<std::size_t> order(p.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // NaN last; a strict weak order (two NaNs are equivalent, never "less" both ways).
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (std::isnan(p[a])) return false;
    return std::isnan(p[b]) || p[a] < p[b];
  });
  // m counts the defined p-values only; they come first in `order`.
  const auto m = static_cast<std::size_t>(
      std::count_if(p.begin(), p.end(), [](double v) { return !std::isnan(v); }));
  double running = 0;
  std::vector<double> adjusted(p.size(), Interval::kNaN);
  for (std::size_t k = 0; k < m; ++k) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - k) * p[order[k]]));
    adjusted[order[k]] = running;
  }
  p = adjusted;
}

void add_percentages_and_p_values(std::vector<ComparisonRow>& rows, std::size_t policies) {
  for (std::size_t start = 0; start + policies <= rows.size(); start += policies) {
    const double ref = rows[start].value.mean;
    std::vector<double> p;
    for (std::size_t i = start; i < start + policies; ++i) {
      ComparisonRow& r = rows[i];
      // Every metric is non-negative (model/metric), so a variant is at least 0: its difference
      // to the reference at least −ref (−100 %); a bound below is impossible, clipping it cannot
      // lower the coverage (as summary intervals are clipped to their range).
      if (ref > 0 && r.diff.low < -ref) r.diff.low = -ref;
      if (ref != 0 && !std::isnan(ref)) {
        r.diff_pct = 100 * r.diff.mean / std::fabs(ref);
        r.diff_pct_low = 100 * r.diff.low / std::fabs(ref);
        r.diff_pct_high = 100 * r.diff.high / std::fabs(ref);
      }
      if (i == start) continue;
      // The t of the interval: the same standard error and degrees of freedom, so a 95 %
      // interval excludes 0 exactly when p < 0.05 (paired or Welch).
      r.p_value = two_sided_p(r.diff.mean, r.diff_se, r.diff_dof);
      p.push_back(r.p_value);
    }
    holm(p);
    for (std::size_t i = start + 1; i < start + policies; ++i) rows[i].p_holm = p[i - start - 1];
  }
}

const ComparisonRow* find_row(const std::vector<ComparisonRow>& rows, const std::string& metric,
                              const std::string& policy) {
  for (const ComparisonRow& r : rows)
    if (r.metric == metric && r.policy == policy) return &r;
  return nullptr;
}

std::string compare_csv(const std::vector<ComparisonRow>& rows) {
  CsvWriter out({"metric", "policy", "mean", "ci_low", "ci_high", "diff", "diff_ci_low",
                 "diff_ci_high", "n", "diff_n", "diff_pct", "diff_pct_ci_low", "diff_pct_ci_high",
                 "p_value", "p_holm"});
  auto num = [](double v, MetricUnit u) { return mean_text(v, u); };
  auto pct = [](double v) { return fixed_text(v, 6); };
  for (const ComparisonRow& r : rows)
    out.row({r.metric, r.policy, num(r.value.mean, r.unit), num(r.value.low, r.unit),
             num(r.value.high, r.unit), num(r.diff.mean, r.unit), num(r.diff.low, r.unit),
             num(r.diff.high, r.unit), std::to_string(r.value.n), std::to_string(r.diff.n),
             pct(r.diff_pct), pct(r.diff_pct_low), pct(r.diff_pct_high), pct(r.p_value),
             pct(r.p_holm)});
  return out.take();
}


std::string compare_differences_csv(const std::vector<PolicyRun>& runs,
                                    const std::vector<Date>& starts, bool paired) {
  std::string out = "policy,month,metric,diff,ci_low,ci_high,n\n";
  if (runs.empty() || runs[0].replications.empty()) return out;
  const std::vector<RunMetrics>& ref = runs[0].replications;
  const int months = ref[0].monthly().months;
  const Date first(starts[0].year(), starts[0].month(), 1);
  for (std::size_t i = 1; i < runs.size(); ++i) {
    const std::vector<RunMetrics>& v = runs[i].replications;
    if (v.empty() || starts[i] != starts[0] || v[0].monthly().months != months ||
        (paired && v.size() != ref.size()))
      continue;
    for (int m = 0; m < months; ++m) {
      std::vector<double> a, b, d;
      for (const RunMetrics& r : v) a.push_back(static_cast<double>(r.monthly().series(Series::mrr, m)));
      for (const RunMetrics& r : ref) b.push_back(static_cast<double>(r.monthly().series(Series::mrr, m)));
      for (std::size_t k = 0; paired && k < a.size(); ++k) d.push_back(a[k] - b[k]);
      const Interval iv = paired ? t_interval(d) : welch_interval(a, b);
      append_csv_field(out, runs[i].name);
      out += "," + format_month(add_months_clamped(first, m)) + ",mrr";
      for (double x : {iv.mean, iv.low, iv.high}) out += "," + value_text(x, MetricUnit::money);
      out += "," + std::to_string(iv.n) + "\n";
    }
  }
  return out;
}

}  // namespace subsim
