// A back-test (`subsim backtest`, docs/fitting.md "Back-test"): the behaviour fitted from what an
// export showed before a cut, run forward from the book in force at the cut, and compared month
// by month with what the export shows after it. Forecast and actual are measured the same way,
// from subscription rows — each forecast replication's own export (the format `run --trace`
// writes) and the user's export — so a difference is the forecast's, not one of definitions.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "stats/interval.hpp"
#include "fitting/subscription_table.hpp"
#include "model/backtest_metric.hpp"
#include "model/catalog.hpp"
#include "model/metric.hpp"
#include "scenario/scenario.hpp"

namespace subsim {


// Month k = 1 … H is [cut + (k−1) months, cut + k months), C1 from the cut. A level is taken on
// the month's last day (month 0: the day before the cut, the book the forecast opens); a flow
// counts the month's events (month 0: NaN).
// table[metric][k], k = 0 … H.
using MonthTable = std::array<std::vector<double>, kBacktestMetrics>;

// What an export taken on `cut` would have shown: rows starting on or after the cut left out;
// a row paid through the cut day or later active (its end, end reason and any auto-renew
// turn-off after the cut unknown). Seats and edition stay as exported (an export shows only the
// current ones).
std::vector<ExportRow> censor_export(const std::vector<ExportRow>& rows, Date cut);

// The figures of the `months` months after `cut`, from subscription rows:
// - mrr: Σ over rows in paid service that day (start ≤ day ≤ end) of the row's MRR — the
//   export's (`mrr`, or `price` × seats) when it gives one, else its list price per month
//   (catalog price of its edition, term and seats; annual discount included) — in cents;
// - active_customers: accounts with a row in paid service that day;
// - new_customers: accounts whose first row starts in the month;
// - churned_customers: an account's paid service (its rows' union, adjacent rows joined) ending
//   with nothing the next day, that next day in the month;
// - reactivated_customers: an account's paid service starting again (not its first start);
// - bookings: the price (as for mrr: MRR × months) of every term starting in the month (terms
//   from each row's start, C1), in cents.
// Unpriced rows of an edition the catalog lacks count as customers at no price; `unpriced`
// counts them.
MonthTable export_months(const std::vector<ExportRow>& rows, const Catalog& catalog, Date cut,
                         int months, std::int64_t* unpriced = nullptr);

// The scenario of forecast replication r (each may draw its own parameters).
using ScenarioOf = std::function<Scenario(int replication)>;

// The forecast: `scenario_of(r)` (starting on the cut, ending after `months` months, opening the
// book made from `past`) run for r = 0 … replications − 1, each replication's trace exported as subscription
// rows and measured by export_months. An export shows each subscription's current seats,
// edition and term only, and the book was opened with those of `past` (the user's export): a
// forecast row of the book keeps them, so forecast and actual measure a subscription alike; a
// new row shows its values at the horizon's end, as the export shows a new row's. Replication r
// draws the streams of replication r of a run with this seed.
std::vector<MonthTable> forecast_months(const ScenarioOf& scenario_of, const std::vector<ExportRow>& past,
                                        std::uint64_t seed, int replications, int threads,
                                        int months);

struct BacktestRow {
  int month = 0;
  BacktestMetric metric{};
  Interval forecast;  // mean over replications, 95 % confidence interval of the mean
  // 90 % prediction interval of one month's value: mean ± t(0.95; n−1)·sd·√(1 + 1/n), not
  // below 0; [mean, mean] when every replication gave the same value; undefined below 2.
  double pi_low = Interval::kNaN, pi_high = Interval::kNaN;
  double actual = Interval::kNaN;
  double error() const { return forecast.mean - actual; }
  double error_pct() const;  // NaN when actual is 0
  bool has_band() const { return forecast.n >= 2; }
  bool inside() const { return has_band() && actual >= pi_low && actual <= pi_high; }
};

struct Backtest {
  Date cut;
  int months = 0, replications = 0;
  std::vector<BacktestRow> rows;  // by month, then metric; month 0 has the levels only
  const BacktestRow* find(int month, BacktestMetric m) const;
};

Backtest compare_backtest(const std::vector<MonthTable>& forecasts, const MonthTable& actual,
                          Date cut, int months);

// backtest.csv: month,metric,forecast,ci_low,ci_high,pi_low,pi_high,actual,error,error_pct,inside
std::string backtest_csv(const Backtest& b);
// What `subsim backtest` prints: first "MRR at 12 months −0.4 % (actual inside the 90 %
// prediction band in 11 of 12 months)", then a line per figure.
std::string backtest_summary(const Backtest& b);

}  // namespace subsim
