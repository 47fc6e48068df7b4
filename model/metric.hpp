// The metric registry: every summary metric subsim reports, declared once — its name, unit
// (which also says its range and how it is printed), which direction is good, where the report
// shows it and under which label, and a one-line definition. summary.json, replications.csv,
// compare.csv and the verdict, the report's tables and the sweep outputs all read this table;
// the computation of each metric from the event stream is in analysis/summary_metrics.
// Shards and replications merge before any metric is computed: every metric is a function of
// the merged integer totals and monthly series (RunMetrics::merge adds them), so no metric has
// a merge rule of its own.
#pragma once
#include <string_view>
#include <vector>

namespace subsim {

// What a metric measures, which decides its range (for intervals), how the output files print
// it and how the report shows it.
enum class MetricUnit {
  money,  // cents; files: currency units with 2 decimals; range ≥ 0
  count,  // files: whole numbers (3 decimals when a mean is not whole); range: non-negative integers
  share,  // a fraction in [0, 1] (churn rate, gross retention); files: 6 decimals; shown in %
  rate,   // a non-negative fraction that may pass 1 (net retention); files: 6 decimals; shown in %
  ratio,  // a non-negative ratio (quick ratio); files: 6 decimals; shown as a number
};

struct MetricDef {
  const char* name;
  MetricUnit unit;
  // +1 more is better (revenue, customers), −1 less is (churn), 0 neither: a count whose
  // change has no direction of its own (fewer reactivations, or fewer grace saves, may just
  // mean fewer customers left) is not coloured as better or worse.
  int better;
  const char* group;      // the report's group ("Revenue", …); "" for an alias, not shown
  int rank;               // the order inside the group
  const char* label;      // what a finance reader calls it
  const char* definition; // one line; docs/outputs.md gives the full formula
  int headline = 0;       // > 0: compare's ranked headlines, in this order

  // An alias repeats another metric under an earlier name: the report does not show it.
  bool is_alias() const { return *group == '\0'; }
};

// A monthly series of timeseries.csv (a count or cents per month, summed over customers): its
// name in the file, its unit (money or count) and what it counts. analysis/monthly_series's
// `Series` enumerates them in this order (a static_assert checks the count).
struct SeriesDef {
  const char* name;
  MetricUnit unit;
  const char* definition;  // one line; docs/outputs.md gives the full rule
};

// Every monthly series, in the order timeseries.csv lists them each month.
const std::vector<SeriesDef>& series_registry();

// Every summary metric, in the order summary.json lists them.
const std::vector<MetricDef>& metric_registry();
// The row of `name`, or nullptr.
const MetricDef* find_metric(std::string_view name);
// The report's groups, in the order it shows them.
const std::vector<const char*>& metric_groups();
// The metrics of `group`, in the report's order.
std::vector<const MetricDef*> metrics_of_group(std::string_view group);

}  // namespace subsim
