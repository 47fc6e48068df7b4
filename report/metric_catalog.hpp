// What the report knows of each metric: the group a finance reader looks for it in, a readable
// name, its unit and which way is good. The run's headline table and the comparison's verdict
// table read the same catalog, so a metric reads the same everywhere.
#pragma once
#include <string>
#include <vector>

namespace subsim {

enum class MetricKind { money, count, percent, ratio };

struct MetricInfo {
  const char* metric;
  const char* label;
  MetricKind kind;
  int better;  // +1 more is better (revenue, customers), −1 less is (churn), 0 neither
};

struct MetricGroup {
  const char* title;
  std::vector<MetricInfo> rows;
};

// The order and names a finance team reads; docs/outputs.md defines each metric.
const std::vector<MetricGroup>& metric_groups();
// The entry of `metric`, or nullptr.
const MetricInfo* find_metric(const std::string& metric);

// A value in its unit: money with two decimals below 10,000, counts whole when whole, rates in
// percent, "n/a" for NaN. `sign` writes "+" before positive values (differences).
std::string format_metric(double v, MetricKind kind, bool sign = false);

// 1234567.891 → "1,234,567.89" with `decimals` decimals (a thin grouping, no currency sign).
std::string group_thousands(double v, int decimals);

}  // namespace subsim
