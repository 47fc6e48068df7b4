// Policy comparison: each metric per policy, and its difference to the reference policy with a
// paired-t interval (common random numbers) or, for independent streams, Welch's interval.
#pragma once
#include <string>
#include <vector>

#include "stats/interval.hpp"
#include "analysis/run_report.hpp"

namespace subsim {

struct PolicyRun {
  std::string name;
  std::vector<RunMetrics> replications;
};

struct ComparisonRow {
  std::string metric, policy;
  MetricUnit unit;
  Interval value;
  Interval diff;  // to the reference (the first policy); zero for the reference itself
  // The difference's standard error and its t's degrees of freedom: paired, sd/√n and n − 1;
  // independent (Welch), √(s²a/na + s²b/nb) and Welch–Satterthwaite's. (Interval::sd is the
  // spread of the paired differences; for Welch it is the standard error itself.)
  double diff_se = Interval::kNaN, diff_dof = Interval::kNaN;
  // The metric per replication (NaN where undefined) and whether replication r of every variant
  // used the same random numbers: what a verdict tests two variants on (best against runner-up).
  std::vector<double> values;
  bool paired = true;
  // A ratio of sums (LTV, quick ratio): its parts per replication; its value, difference and
  // p-value are the pooled ratio's (stats/pooled_ratio), not the mean of per-replication ratios.
  PooledParts parts;
  // The difference in % of the reference's mean (treated as fixed): NaN if that mean is 0.
  double diff_pct = Interval::kNaN, diff_pct_low = Interval::kNaN, diff_pct_high = Interval::kNaN;
  // Two-sided p-value of "no difference" (paired t, or Welch), and after Holm's correction over
  // the policies compared to the reference on the same metric. 1 for the reference itself.
  double p_value = 1, p_holm = 1;
};

// paired = true: replication r of every policy used the same random numbers.
std::vector<ComparisonRow> compare_policies(const std::vector<PolicyRun>& runs, bool paired);

// Welch's interval for the difference of two means from independent samples; `se` and `dof`,
// if given, receive its standard error and Welch–Satterthwaite degrees of freedom.
Interval welch_interval(const std::vector<double>& a, const std::vector<double>& b,
                        double level = 0.95, double* se = nullptr, double* dof = nullptr);

// The two-sided p-value of t = mean / se with `dof` degrees of freedom (1 or 0 when se is 0).
double two_sided_p(double mean, double se, double dof);

// The difference a − b of two variants' rows (the same metric): its interval, standard error,
// degrees of freedom and two-sided p-value — paired when both rows are, else Welch; a ratio of
// sums by the delta method on its pooled parts.
struct Difference {
  Interval diff;
  double se = Interval::kNaN, dof = Interval::kNaN, p = Interval::kNaN;
};
Difference difference(const ComparisonRow& a, const ComparisonRow& b);
// Holm's step-down adjustment of p-values (NaN entries are left out and stay NaN).
void holm(std::vector<double>& p);
// Fills diff_pct… and p-values of rows grouped by metric (`policies` rows per metric, the
// reference first), Holm-adjusted within each metric.
void add_percentages_and_p_values(std::vector<ComparisonRow>& rows, std::size_t policies);

std::string compare_csv(const std::vector<ComparisonRow>& rows);

// compare_differences.csv: `policy,month,metric,diff,ci_low,ci_high,n` — each variant's MRR at
// each month end minus the reference's (runs[0]), with its 95 % interval: paired by replication
// (common random numbers) or Welch's. A variant whose months are not the reference's (it moved
// the start or the horizon: `starts` differ, or its months do) is left out.
std::string compare_differences_csv(const std::vector<PolicyRun>& runs,
                                    const std::vector<Date>& starts, bool paired);

// The row of `metric` for variant `policy`, or nullptr.
const ComparisonRow* find_row(const std::vector<ComparisonRow>& rows, const std::string& metric,
                              const std::string& policy);

}  // namespace subsim
