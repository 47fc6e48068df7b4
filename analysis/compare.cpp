#include "analysis/compare.hpp"

#include "io/csv.hpp"

#include <cmath>
#include <cstdio>

namespace subsim {

Interval welch_interval(const std::vector<double>& a, const std::vector<double>& b, double level) {
  auto ia =
      t_interval(Eigen::Map<const Eigen::VectorXd>(a.data(), static_cast<Eigen::Index>(a.size())));
  auto ib =
      t_interval(Eigen::Map<const Eigen::VectorXd>(b.data(), static_cast<Eigen::Index>(b.size())));
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
  if (r.sd == 0) return r;
  double dof = (va + vb) * (va + vb) / (va * va / (ia.n - 1) + vb * vb / (ib.n - 1));
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
    const std::vector<double>& ref = cols[0][m].values;
    for (std::size_t p = 0; p < runs.size(); ++p) {
      const std::vector<double>& v = cols[p][m].values;
      ComparisonRow row{cols[0][m].name, runs[p].name, cols[0][m].unit, {}, {}};
      row.value = summary_interval(v, support_of(cols[0][m].name, cols[0][m].unit));
      if (p == 0) {
        // The reference's difference to itself: 0 by definition, over its replications.
        row.diff.mean = row.diff.sd = row.diff.low = row.diff.high = 0;
        row.diff.n = row.value.n;
      } else {
        if (paired) {
          // A replication undefined under either policy (NaN) drops out of the pairs.
          std::vector<double> d(v.size());
          for (std::size_t r = 0; r < v.size(); ++r) d[r] = v[r] - ref[r];
          row.diff = t_interval(
              Eigen::Map<const Eigen::VectorXd>(d.data(), static_cast<Eigen::Index>(d.size())));
        } else {
          row.diff = welch_interval(v, ref);
        }
      }
      rows.push_back(row);
    }
  }
  return rows;
}

namespace {
std::string num(double v, MetricColumn::Unit u) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  if (u == MetricColumn::Unit::money)
    std::snprintf(buf, sizeof buf, "%.2f", v / 100.0);
  else if (u == MetricColumn::Unit::ratio)
    std::snprintf(buf, sizeof buf, "%.6f", v);
  else
    std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s = buf;
  if (s.rfind("-0.", 0) == 0 && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}
}  // namespace

std::string compare_csv(const std::vector<ComparisonRow>& rows) {
  CsvWriter out({"metric", "policy", "mean", "ci_low", "ci_high", "diff", "diff_ci_low",
                 "diff_ci_high", "n", "diff_n"});
  for (const ComparisonRow& r : rows)
    out.row({r.metric, r.policy, num(r.value.mean, r.unit), num(r.value.low, r.unit),
             num(r.value.high, r.unit), num(r.diff.mean, r.unit), num(r.diff.low, r.unit),
             num(r.diff.high, r.unit), std::to_string(r.value.n), std::to_string(r.diff.n)});
  return out.take();
}

std::string compare_text(const std::vector<ComparisonRow>& rows) {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-26s %-22s %16s %16s  %s\n", "metric", "policy", "mean", "diff",
                "95% interval of diff");
  out += buf;
  for (const ComparisonRow& r : rows) {
    bool ref = r.diff.low == 0 && r.diff.high == 0 && r.diff.mean == 0;
    bool significant = !ref && (r.diff.low > 0 || r.diff.high < 0);
    std::string interval =
        ref ? "(reference)" : "[" + num(r.diff.low, r.unit) + ", " + num(r.diff.high, r.unit) + "]";
    std::snprintf(buf, sizeof buf, "%-26s %-22s %16s %16s  %s%s\n", r.metric.c_str(),
                  r.policy.c_str(), num(r.value.mean, r.unit).c_str(),
                  ref ? "" : num(r.diff.mean, r.unit).c_str(), interval.c_str(),
                  significant ? " *" : "");
    out += buf;
  }
  out += "* the interval of the difference to the reference excludes 0\n";
  return out;
}

}  // namespace subsim
