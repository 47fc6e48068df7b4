#include "experiment/backtest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "analysis/simulate.hpp"
#include "analysis/subscription_export.hpp"
#include "analysis/trace_recorder.hpp"
#include "io/csv.hpp"
#include "model/number_format.hpp"

namespace subsim {

namespace {


const Date kOpen(9799, 12, 31);  // the end of a row still in paid service

// The month (1 … H) of `day`, or 0 when it is outside [bounds[0], bounds[H]).
int month_of(const std::vector<Date>& bounds, Date day) {
  if (day < bounds.front() || day >= bounds.back()) return 0;
  return static_cast<int>(std::upper_bound(bounds.begin(), bounds.end(), day) - bounds.begin());
}

// A row's price per term in cents: its MRR × its months when the export priced it, else its
// list price (0, counted, for an edition the catalog lacks).
double term_price(const ExportRow& r, const Catalog& catalog, std::int64_t* unpriced) {
  if (r.mrr) return static_cast<double>(*r.mrr) * r.months();
  const auto edition = catalog.find(r.edition);
  if (!edition || r.seats <= 0 || r.seats > 1000000) {
    if (unpriced) ++*unpriced;
    return 0;
  }
  return static_cast<double>(
      catalog.term_price(*edition, r.annual ? TermType::annual : TermType::monthly, r.seats));
}

// Each term start of `r` in the months: its list price added to the month's bookings.
void book_terms(const ExportRow& r, double price, const std::vector<Date>& bounds,
                std::vector<double>& bookings) {
  const Date last = r.end.value_or(kOpen);
  const CivilDate anchor = to_civil(r.start);
  // The first term that can start on or after the cut: from the months elapsed, one term early.
  int j = std::max(0, month_index(r.start, bounds.front()) / r.months() - 1);
  for (;; ++j) {
    const Date t = add_months_clamped(anchor, j * r.months());
    if (t >= bounds.back() || t > last) break;
    if (const int k = month_of(bounds, t)) bookings[k] += price;
  }
}

struct Span {
  Date first, last;
};

}  // namespace

std::vector<ExportRow> censor_export(const std::vector<ExportRow>& rows, Date cut) {
  std::vector<ExportRow> out;
  for (ExportRow r : rows) {
    if (r.start >= cut) continue;  // not known yet
    if (r.end && *r.end >= cut) {  // paying on the cut day: its end is the future's
      r.end.reset();
      r.end_reason = ExportRow::End::active;
    }
    if (r.off_date && *r.off_date >= cut) r.off_date.reset();
    // The auto-renew state on the cut day: off when turned off before it; on when the export
    // shows a later turn-off; unknown when the export gives a state without its date.
    if (r.end) {
      r.auto_renew.reset();
    } else if (r.off_date) {
      r.auto_renew = false;
    } else if (r.auto_renew && !*r.auto_renew) {
      r.auto_renew.reset();
    }
    out.push_back(std::move(r));
  }
  return out;
}

MonthTable export_months(const std::vector<ExportRow>& rows, const Catalog& catalog, Date cut,
                         int months, std::int64_t* unpriced) {
  std::vector<Date> bounds(months + 1);
  for (int k = 0; k <= months; ++k) bounds[k] = add_months_clamped(cut, k);
  std::vector<Date> level_day(months + 1);
  for (int k = 0; k <= months; ++k) level_day[k] = add_days(bounds[k], -1);
  MonthTable t;
  for (int m = 0; m < kBacktestMetrics; ++m) {
    t[m].assign(months + 1, 0.0);
    if (!kBacktestMetricInfo[m].level) t[m][0] = Interval::kNaN;
  }
  auto& mrr = t[static_cast<int>(BacktestMetric::mrr)];
  std::map<std::string, std::vector<Span>> spans;  // by account
  for (const ExportRow& r : rows) {
    const double price = term_price(r, catalog, unpriced);
    const Date last = r.end.value_or(kOpen);
    for (int k = 0; k <= months; ++k)
      if (r.start <= level_day[k] && level_day[k] <= last) mrr[k] += price / r.months();
    book_terms(r, price, bounds, t[static_cast<int>(BacktestMetric::bookings)]);
    if (last >= r.start) spans[r.account].push_back({r.start, last});
  }
  for (auto& [account, list] : spans) {
    std::sort(list.begin(), list.end(), [](const Span& a, const Span& b) { return a.first < b.first; });
    std::vector<Span> joined;  // paid service without a day's gap
    for (const Span& s : list) {
      if (!joined.empty() && days_between(joined.back().last, s.first) <= 1)
        joined.back().last = std::max(joined.back().last, s.last);
      else
        joined.push_back(s);
    }
    for (std::size_t i = 0; i < joined.size(); ++i) {
      const Span& s = joined[i];
      if (const int k = month_of(bounds, s.first))
        ++t[static_cast<int>(i == 0 ? BacktestMetric::new_customers
                                    : BacktestMetric::reactivated_customers)][k];
      if (s.last < kOpen)
        if (const int k = month_of(bounds, add_days(s.last, 1)))
          ++t[static_cast<int>(BacktestMetric::churned_customers)][k];
      for (int k = 0; k <= months; ++k)
        if (s.first <= level_day[k] && level_day[k] <= s.last)
          ++t[static_cast<int>(BacktestMetric::active_customers)][k];
    }
  }
  return t;
}

std::vector<MonthTable> forecast_months(const ScenarioOf& scenario_of,
                                        const std::vector<ExportRow>& past, std::uint64_t seed,
                                        int replications, int threads, int months) {
  std::vector<MonthTable> out;
  std::map<std::pair<std::string, std::string>, const ExportRow*> opened;  // account, subscription
  for (const ExportRow& r : past) opened[{r.account, r.subscription}] = &r;
  for (int r = 0; r < replications; ++r) {
    const Scenario sc = scenario_of(r);
    SimulateOptions o;
    o.threads = threads;
    o.trace = true;
    o.stream_offset = static_cast<std::uint32_t>(r);
    SimulationResult res = simulate(sc, sc.policy, seed, 1, o);
    const std::string csv = subscriptions_csv(res.traces.at(0), trace_names(sc));
    res = {};
    const CsvTable table = CsvTable::parse(csv, "forecast replication " + std::to_string(r + 1));
    std::vector<ExportRow> rows = read_subscription_export(table, sc.end);
    std::set<std::pair<std::string, std::string>> simulated;
    for (ExportRow& row : rows)
      if (auto it = opened.find({row.account, row.subscription}); it != opened.end()) {
        simulated.insert(it->first);
        row.edition = it->second->edition;
        row.seats = it->second->seats;
        row.annual = it->second->annual;
        row.mrr = it->second->mrr;
      }
    // The past the run did not simulate (rows ended before the cut: e.g. a lost account's), so
    // that an account's service starting again after the cut counts as a reactivation, as in
    // the export, not as a new customer.
    for (const auto& [key, row] : opened)
      if (row->end && !simulated.count(key)) rows.push_back(*row);
    out.push_back(export_months(rows, sc.catalog, sc.start, months));
  }
  return out;
}

double BacktestRow::error_pct() const {
  return actual == 0 ? Interval::kNaN : 100.0 * error() / actual;
}

const BacktestRow* Backtest::find(int month, BacktestMetric m) const {
  for (const BacktestRow& r : rows)
    if (r.month == month && r.metric == m) return &r;
  return nullptr;
}

Backtest compare_backtest(const std::vector<MonthTable>& forecasts, const MonthTable& actual,
                          Date cut, int months) {
  Backtest b;
  b.cut = cut;
  b.months = months;
  b.replications = static_cast<int>(forecasts.size());
  std::vector<double> values(forecasts.size());
  for (int k = 0; k <= months; ++k)
    for (int m = 0; m < kBacktestMetrics; ++m) {
      if (k == 0 && !kBacktestMetricInfo[m].level) continue;
      for (std::size_t r = 0; r < forecasts.size(); ++r) values[r] = forecasts[r][m][k];
      BacktestRow row;
      row.month = k;
      row.metric = static_cast<BacktestMetric>(m);
      row.forecast = t_interval(values);
      if (row.forecast.low < 0) row.forecast.low = 0;  // every figure is ≥ 0
      row.actual = actual[m][k];
      if (row.has_band()) {
        const double n = row.forecast.n;
        const double half = row.forecast.zero_variance
                                ? 0.0
                                : student_t_quantile(0.95, n - 1) * row.forecast.sd *
                                      std::sqrt(1 + 1 / n);
        row.pi_low = std::max(0.0, row.forecast.mean - half);
        row.pi_high = row.forecast.mean + half;
      }
      b.rows.push_back(row);
    }
  return b;
}

std::string backtest_csv(const Backtest& b) {
  CsvWriter out({"month", "metric", "forecast", "ci_low", "ci_high", "pi_low", "pi_high",
                 "actual", "error", "error_pct", "inside"});
  for (const BacktestRow& r : b.rows) {
    const MetricUnit u = backtest_metric(r.metric).unit;
    out.row({std::to_string(r.month), backtest_metric(r.metric).name,
             value_text(r.forecast.mean, u), value_text(r.forecast.low, u),
             value_text(r.forecast.high, u), value_text(r.pi_low, u), value_text(r.pi_high, u),
             value_text(r.actual, u), value_text(r.error(), u), fixed_text(r.error_pct(), 2),
             r.has_band() ? (r.inside() ? "true" : "false") : "n/a"});
  }
  return out.take();
}

namespace {

// "+1.3 %", "−0.4 %" (U+2212), "n/a".
std::string signed_pct(double v) {
  if (std::isnan(v)) return "n/a";
  std::string t = fixed_text(std::fabs(v), 1);
  if (t == "0.0") return "0.0 %";
  return (v < 0 ? "\u2212" : "+") + t + " %";
}

}  // namespace

std::string backtest_summary(const Backtest& b) {
  const int h = b.months;
  auto inside_months = [&](BacktestMetric m) {
    int in = 0;
    for (int k = 1; k <= h; ++k)
      if (const BacktestRow* r = b.find(k, m); r && r->inside()) ++in;
    return std::to_string(in) + " of " + std::to_string(h) + " months";
  };
  std::string s;
  const BacktestRow* last = b.find(h, BacktestMetric::mrr);
  s += "MRR at " + std::to_string(h) + (h == 1 ? " month " : " months ") +
       signed_pct(last->error_pct()) + " (actual inside the 90 % prediction band in " +
       inside_months(BacktestMetric::mrr) + ")\n";
  for (int m = 0; m < kBacktestMetrics; ++m) {
    const BacktestMetric metric = static_cast<BacktestMetric>(m);
    const BacktestMetricInfo& info = kBacktestMetricInfo[m];
    double forecast = 0, actual = 0;
    std::string what;
    if (info.level) {
      const BacktestRow* r = b.find(h, metric);
      forecast = r->forecast.mean;
      actual = r->actual;
      what = " at month " + std::to_string(h);
    } else {
      for (int k = 1; k <= h; ++k) {
        forecast += b.find(k, metric)->forecast.mean;
        actual += b.find(k, metric)->actual;
      }
      what = " over " + std::to_string(h) + (h == 1 ? " month" : " months");
    }
    const BacktestRow* first = b.find(1, metric);
    const double scale = info.unit == MetricUnit::money ? 0.01 : 1;  // cents → currency units
    s += "  " + std::string(info.label) + what + ": forecast " +
         display_text(forecast * scale, info.unit) + ", actual " +
         display_text(actual * scale, info.unit) + " (" +
         signed_pct(actual == 0 ? Interval::kNaN : 100 * (forecast - actual) / actual) +
         "); month 1 " + signed_pct(first->error_pct()) + "; inside the band in " +
         inside_months(metric) + "\n";
  }
  return s;
}

}  // namespace subsim
