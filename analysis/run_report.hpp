// The files of `subsim run`: summary.json, timeseries.csv, cohorts.csv, survival.csv — each a
// function of the per-replication metrics, so each can be tested on hand-made metrics.
#pragma once
#include <string>
#include <vector>

#include "stats/interval.hpp"
#include "stats/pooled_ratio.hpp"
#include "analysis/run_metrics.hpp"
#include "analysis/segment_metrics.hpp"
#include "io/output_text.hpp"
#include "model/metric.hpp"
#include "model/number_format.hpp"

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
  MetricUnit unit;
  std::vector<double> values;  // per replication (money in cents); NaN: undefined there
  // A ratio of sums (LTV, quick ratio): its parts per replication, pooled over replications
  // for the figure and its interval (stats/pooled_ratio); empty for every other metric.
  PooledParts parts;
};

// The figure and 95 % interval of a column over its replications: pooled for a ratio of sums,
// else summary_interval within the unit's range.
Interval column_interval(const MetricColumn& c);

// The range a metric of this unit can take, for its interval: shares (logo churn rate, gross
// revenue retention) in [0, 1], counts non-negative integers, money, rates (net revenue
// retention) and ratios non-negative.
Support support_of(MetricUnit u);
// A ratio with an empty denominator is undefined (NaN): that replication is left out.
double ratio(double num, double den);

// The summary metrics, one column per metric of the registry (model/metric.hpp), in its order.
std::vector<MetricColumn> summary_metrics(const std::vector<RunMetrics>& reps);
// Registry metrics without a computation, and computations of no registry metric (a test
// asserts there are none).
std::vector<std::string> metrics_without_computation();

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

// The files of `subsim run` made from its results, in the order they are written: summary.json,
// replications.csv, timeseries.csv, timeseries_by_segment.csv (with segments), cohorts.csv,
// survival.csv. The command writes them into its folder; the Python module returns them.
std::vector<OutputText> run_files(const RunInfo& info, const std::vector<RunMetrics>& reps,
                                  const std::vector<SegmentMetrics>* segments);

// A few lines for stdout.
std::string summary_text(const RunInfo& info, const std::vector<RunMetrics>& reps);

}  // namespace subsim
