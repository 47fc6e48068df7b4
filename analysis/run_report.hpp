// The files of `subsim run`: summary.json, timeseries.csv, cohorts.csv, survival.csv — each a
// function of the per-replication metrics, so each can be tested on hand-made metrics.
#pragma once
#include <string>
#include <vector>

#include "analysis/interval.hpp"
#include "analysis/run_metrics.hpp"
#include "analysis/segment_metrics.hpp"

namespace subsim {

struct RunInfo {
  std::string scenario;
  std::uint64_t seed = 0;
  int replications = 0;
  Date start, end;
  std::string policy;
};

// One scalar metric over replications.
struct MetricColumn {
  std::string name;
  enum class Unit { money, count, ratio } unit;
  std::vector<double> values;  // per replication (money in cents); NaN: undefined there
};

// A metric value as the output files print it: money (cents) in currency units with two
// decimals, ratios with six, counts as integers when they are whole, else three decimals;
// "n/a" for an undefined value (NaN), which pandas reads as missing.
std::string format_metric(double v, MetricColumn::Unit u);

// The range a metric can take, for its interval: shares (logo churn rate, gross revenue
// retention) in [0, 1], counts non-negative integers, money and net revenue retention
// non-negative.
Support support_of(const std::string& metric, MetricColumn::Unit u);

// The interval of a metric as summary.json writes it:
// {"n": N, "mean": M, "sd": S, "ci95": [L, H], "zero_variance": false}, with null for what is
// undefined (mean with n = 0; sd and ci95 with n < 2).
std::string interval_json(const Interval& i, MetricColumn::Unit u);

// The summary metrics, one column per metric, in the order summary.json lists them.
std::vector<MetricColumn> summary_metrics(const std::vector<RunMetrics>& reps);

std::string summary_json(const RunInfo& info, const std::vector<RunMetrics>& reps);
std::string timeseries_csv(const RunInfo& info, const std::vector<RunMetrics>& reps);
// timeseries.csv's rows for every segment (edition, term, reseller): `month,metric,segment,
// value,mean,ci_low,ci_high,n`, segments in the order SegmentMetrics numbers them.
std::string timeseries_by_segment_csv(const RunInfo& info, const std::vector<SegmentMetrics>& reps);
std::string cohorts_csv(const RunInfo& info, const std::vector<RunMetrics>& reps);
std::string survival_csv(const std::vector<RunMetrics>& reps);
// replications.csv: `variant,replication,metric,value`, one row per variant, replication and
// summary metric (value as summary.json's units; n/a where undefined), so users can compute
// their own (paired) statistics.
struct VariantReplications {
  std::string variant;
  const std::vector<RunMetrics>* replications;
};
std::string replications_csv(const std::vector<VariantReplications>& variants);

// A few lines for stdout.
std::string summary_text(const RunInfo& info, const std::vector<RunMetrics>& reps);

}  // namespace subsim
