// The figures a back-test compares (backtest.csv's `metric` column), declared once for the
// computation (experiment/backtest) and the report (report/backtest_charts).
#pragma once
#include <cstdint>

#include "model/metric.hpp"

namespace subsim {

// In backtest.csv's order.
enum class BacktestMetric : std::uint8_t {
  mrr,
  active_customers,
  new_customers,
  churned_customers,
  reactivated_customers,
  bookings,
  count
};
inline constexpr int kBacktestMetrics = static_cast<int>(BacktestMetric::count);

struct BacktestMetricInfo {
  const char* name;   // in backtest.csv
  const char* label;  // for people, in a sentence
  MetricUnit unit;    // money in cents, or a count
  bool level;         // a level on a day (month 0 is the cut day), else a count within a month
};

inline constexpr BacktestMetricInfo kBacktestMetricInfo[kBacktestMetrics] = {
    {"mrr", "MRR", MetricUnit::money, true},
    {"active_customers", "active customers", MetricUnit::count, true},
    {"new_customers", "new customers", MetricUnit::count, false},
    {"churned_customers", "churned customers", MetricUnit::count, false},
    {"reactivated_customers", "reactivated customers", MetricUnit::count, false},
    {"bookings", "bookings", MetricUnit::money, false},
};

inline const BacktestMetricInfo& backtest_metric(BacktestMetric m) {
  return kBacktestMetricInfo[static_cast<int>(m)];
}

}  // namespace subsim
