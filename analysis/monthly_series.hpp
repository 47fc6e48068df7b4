// The monthly figures of a run (or of one segment of it): integer counts and cents per month,
// so shards and replications merge by addition. RunMetrics keeps one; SegmentMetrics one per
// segment; timeseries.csv and timeseries_by_segment.csv are written from the same type.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "model/metric.hpp"
#include "model/money.hpp"

namespace subsim {

// Monthly series, indexed by month since the first simulated month.
enum class Series : int {
  mrr,
  new_mrr,
  expansion_mrr,        // seats and editions up (price moves apart: ChartMogul's convention)
  contraction_mrr,
  price_expansion_mrr,  // P1: a subscription's own price up at a renewal
  price_contraction_mrr,
  churned_mrr,
  reactivation_mrr,
  active_customers,
  active_subscriptions,
  seats,
  bookings,
  recognized_revenue,
  churned_customers,
  new_customers,
  in_grace,
  deletions,
  // The customer bridge: customers_start + new + reactivated − churned = active_customers.
  customers_start,
  reactivated_customers,
  churned_voluntary,    // their last subscription ended after auto-renew was turned off
  churned_involuntary,  // a renewal failed (E5) and was not fixed
  count
};
inline constexpr int kSeriesCount = static_cast<int>(Series::count);
// Its name in timeseries.csv and its unit (money or count), from model/metric's series_registry().
const char* series_name(Series s);
MetricUnit series_unit(Series s);

// Trailing-12-month revenue retention of month m (m ≥ 12): over the customers paying at the end
// of month m − 12, their MRR then (base), Σ min(now, then) (gross) and Σ now (net).
struct TrailingRetention {
  std::int64_t base = 0, gross = 0, net = 0;
};

// How one customer's MRR moved over a month, ChartMogul's convention: from 0 the first time
// new, from 0 again reactivation (an account deleted under E4 that orders again too), to 0
// churn, up expansion, down contraction.
enum class MrrMove { none, new_business, reactivation, churn, expansion, contraction };
inline MrrMove classify_move(std::int64_t start, std::int64_t end, bool first_time) {
  if (start == 0 && end > 0) return first_time ? MrrMove::new_business : MrrMove::reactivation;
  if (start > 0 && end == 0) return MrrMove::churn;
  if (end > start) return MrrMove::expansion;
  if (end < start) return MrrMove::contraction;
  return MrrMove::none;
}

// A run's (or a segment's) levels now; a month's figures are written from them when it closes.
struct MonthLevels {
  std::int64_t customers = 0, subscriptions = 0, seats = 0, in_grace = 0;
  std::int64_t opening_mrr = 0, opening_customers = 0;  // the book already paying on day one
};

struct MonthlySeries {
  int months = 0;
  std::array<std::vector<std::int64_t>, kSeriesCount> values;
  std::vector<TrailingRetention> retention;  // trailing 12 months, by month

  explicit MonthlySeries(int months_ = 0) : months(months_) {
    for (auto& v : values) v.assign(months, 0);
    retention.assign(months, {});
  }
  std::int64_t series(Series s, int m) const { return values[static_cast<int>(s)][m]; }
  const TrailingRetention& trailing(int m) const { return retention[m]; }
  std::int64_t& at(Series s, int m) { return values[static_cast<int>(s)][m]; }
  // One customer's move in month m (its MRR from `start` to `end`, `price` of it by price
  // changes, P1); churn is involuntary when a renewal failed (E5) and nothing has paid since.
  // A customer paying at both ends splits its move: the price part to price expansion or
  // contraction, the rest to expansion or contraction.
  void record_move(int m, MrrMove move, std::int64_t start, std::int64_t end, bool involuntary,
                   std::int64_t price = 0);
  // Month m's levels (customers, subscriptions, seats, grace) from `now`, its customers at the
  // start from the month before (or the opening book), and its MRR from the previous month's
  // (or the opening MRR) and the month's movements.
  void close_levels(int m, const MonthLevels& now);
  void merge(const MonthlySeries& o);
};

}  // namespace subsim
