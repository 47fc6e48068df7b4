// The back-test's pieces on hand-written rows: what an export shows month by month after a cut,
// what it showed at the cut, and the comparison of a forecast with the actual.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "experiment/backtest.hpp"

using namespace subsim;

namespace {

Date d(const char* iso) { return *parse_iso_date(iso); }

ExportRow row(const char* account, const char* sub, bool annual, std::int64_t seats,
              const char* start, const char* end = nullptr,
              ExportRow::End reason = ExportRow::End::cancelled) {
  ExportRow r;
  r.account = account;
  r.subscription = sub;
  r.reseller = "r1";
  r.edition = "x";
  r.annual = annual;
  r.seats = seats;
  r.start = d(start);
  if (end) {
    r.end = d(end);
    r.end_reason = reason;
  }
  return r;
}

double at(const MonthTable& t, BacktestMetric m, int k) { return t[static_cast<int>(m)][k]; }

}  // namespace

namespace {
// A catalog of one edition "x" at `price` a seat a month, annual terms `annual_bp` off.
Catalog one_edition(Cents price, int annual_bp) {
  Catalog c;
  c.editions.push_back({"x", price, -1});
  c.annual_discount_bp = annual_bp;
  return c;
}
}  // namespace

TEST_CASE("export_months: levels on each month's last day, customers' starts and ends, terms booked") {
  // 5.00 a seat a month; annual terms 10 % off: 54.00 a seat a year (4.50 a month).
  const Catalog catalog = one_edition(500, 1000);
  const std::vector<ExportRow> rows = {
      row("a", "a1", false, 2, "2028-11-15"),                          // active throughout
      row("b", "b1", true, 1, "2028-02-10", "2029-02-09"),             // leaves in month 2
      row("c", "c1", false, 1, "2029-02-03"),                          // new in month 2
      row("d", "d1", false, 1, "2028-06-01", "2028-12-31"),            // leaves on the cut
      row("d", "d2", false, 1, "2029-03-10"),                          // comes back in month 3
      row("e", "e1", false, 1, "2028-05-01", "2029-01-20", ExportRow::End::switched),
      row("e", "e2", false, 1, "2029-01-21"),                          // the next day: no gap
      row("f", "f1", false, 1, "2029-04-01"),                          // after the horizon
      row("g", "g1", false, 3, "2029-01-05"),                          // an edition unpriced
  };
  std::vector<ExportRow> priced = rows;
  priced.back().edition = "unknown";
  std::int64_t unpriced = 0;
  const MonthTable t = export_months(priced, catalog, d("2029-01-01"), 3, &unpriced);
  CHECK(unpriced == 1);
  using M = BacktestMetric;
  // Month 0 is the day before the cut (2028-12-31): a, b, d1, e1.
  CHECK(at(t, M::active_customers, 0) == 4);
  CHECK(at(t, M::mrr, 0) == doctest::Approx(1000 + 450 + 500 + 500));
  CHECK(std::isnan(at(t, M::new_customers, 0)));
  CHECK(std::isnan(at(t, M::bookings, 0)));
  // 2029-01-31: a, b, e2, g (at no price).
  CHECK(at(t, M::active_customers, 1) == 4);
  CHECK(at(t, M::mrr, 1) == doctest::Approx(1000 + 450 + 500));
  // 2029-02-28: a, c, e2, g; 2029-03-31: a, c, d2, e2, g.
  CHECK(at(t, M::active_customers, 2) == 4);
  CHECK(at(t, M::mrr, 2) == doctest::Approx(2000));
  CHECK(at(t, M::active_customers, 3) == 5);
  CHECK(at(t, M::mrr, 3) == doctest::Approx(2500));
  CHECK(at(t, M::new_customers, 1) == 1);  // g
  CHECK(at(t, M::new_customers, 2) == 1);  // c
  CHECK(at(t, M::new_customers, 3) == 0);  // d is back, f is after the horizon
  CHECK(at(t, M::churned_customers, 1) == 1);  // d: nothing on 2029-01-01
  CHECK(at(t, M::churned_customers, 2) == 1);  // b: nothing on 2029-02-10
  CHECK(at(t, M::churned_customers, 3) == 0);  // e switched without a day's gap
  CHECK(at(t, M::reactivated_customers, 1) == 0);
  CHECK(at(t, M::reactivated_customers, 3) == 1);  // d
  // Terms starting in each month (C1 from each row's start): a on the 15th; e1 on 01-01; e2 on
  // the 21st; c on the 3rd; d2 on 03-10; b's next annual term (02-10) is after its end.
  CHECK(at(t, M::bookings, 1) == doctest::Approx(1000 + 500 + 500));
  CHECK(at(t, M::bookings, 2) == doctest::Approx(1000 + 500 + 500));
  CHECK(at(t, M::bookings, 3) == doctest::Approx(1000 + 500 + 500 + 500));
}

TEST_CASE("export_months: a term anchored on the 31st books on each month's last day (C1)") {
  const Catalog catalog = one_edition(100, 0);
  const MonthTable t =
      export_months({row("a", "a1", false, 1, "2028-01-31")}, catalog, d("2029-02-01"), 2);
  // Terms start 2029-02-28 and 2029-03-31: one in each month.
  CHECK(at(t, BacktestMetric::bookings, 1) == 100);
  CHECK(at(t, BacktestMetric::bookings, 2) == 100);
}

TEST_CASE("censor_export: what an export taken on the cut day would have shown") {
  std::vector<ExportRow> rows = {
      row("a", "a1", false, 1, "2028-01-01", "2029-03-04"),  // paying on the cut: active then
      row("b", "b1", false, 1, "2028-01-01", "2028-12-31"),  // ended the day before
      row("c", "c1", false, 1, "2029-01-01"),                // starts on the cut: not yet known
      row("d", "d1", false, 1, "2028-01-01"),
      row("e", "e1", false, 1, "2028-01-01"),
  };
  rows[0].off_date = d("2029-01-10");  // turned off after the cut: unknown then
  rows[3].off_date = d("2028-12-20");  // turned off before: known, off
  rows[3].auto_renew = false;
  rows[4].auto_renew = false;  // off on the export date, day unknown: unknown at the cut
  const std::vector<ExportRow> past = censor_export(rows, d("2029-01-01"));
  REQUIRE(past.size() == 4);
  CHECK_FALSE(past[0].end.has_value());
  CHECK(past[0].end_reason == ExportRow::End::active);
  CHECK_FALSE(past[0].off_date.has_value());
  CHECK(past[1].end == d("2028-12-31"));
  CHECK(past[1].end_reason == ExportRow::End::cancelled);
  CHECK(past[2].account == "d");
  CHECK(past[2].off_date == d("2028-12-20"));
  CHECK(past[2].auto_renew == std::optional<bool>(false));
  CHECK_FALSE(past[3].auto_renew.has_value());
}

TEST_CASE("compare_backtest: mean, 95 % interval of the mean, 90 % prediction band, inside") {
  const int months = 2;
  auto table = [&](double mrr1, double churn1) {
    MonthTable t;
    for (auto& v : t) v.assign(months + 1, 10.0);
    t[static_cast<int>(BacktestMetric::mrr)][1] = mrr1;
    t[static_cast<int>(BacktestMetric::churned_customers)][1] = churn1;
    return t;
  };
  const std::vector<MonthTable> forecasts = {table(100, 4), table(110, 4), table(120, 4)};
  MonthTable actual = table(131, 5);
  const Backtest b = compare_backtest(forecasts, actual, d("2029-01-01"), months);
  // Month 0: the two levels; months 1 and 2: all six figures.
  CHECK(b.rows.size() == 2 + 2 * kBacktestMetrics);
  const BacktestRow* m = b.find(1, BacktestMetric::mrr);
  REQUIRE(m);
  CHECK(m->forecast.mean == doctest::Approx(110));
  CHECK(m->forecast.sd == doctest::Approx(10));
  // t(0.95; 2) = 2.919986: half-width 2.919986 · 10 · √(1 + 1/3) = 33.717.
  CHECK(m->pi_high - 110 == doctest::Approx(2.919986 * 10 * std::sqrt(4.0 / 3)).epsilon(1e-5));
  CHECK(m->pi_low == doctest::Approx(110 - 33.7171).epsilon(1e-4));
  CHECK(m->inside());  // 131 < 143.7
  CHECK(m->error() == doctest::Approx(-21));
  CHECK(m->error_pct() == doctest::Approx(-21.0 / 131 * 100));
  // Every replication 4: the band is [4, 4]; the actual 5 is outside it.
  const BacktestRow* c = b.find(1, BacktestMetric::churned_customers);
  CHECK(c->pi_low == 4);
  CHECK(c->pi_high == 4);
  CHECK_FALSE(c->inside());
  const std::string csv = backtest_csv(b);
  CHECK(csv.rfind("month,metric,forecast,ci_low,ci_high,pi_low,pi_high,actual,error,error_pct,inside\n"
                  "0,mrr,0.10,", 0) == 0);
  CHECK(csv.find("\n1,mrr,1.10,") != std::string::npos);
  CHECK(csv.find(",1.31,-0.21,-16.03,true\n") != std::string::npos);
  CHECK(csv.find("\n1,churned_customers,4,4,4,4,4,5,-1,-20.00,false\n") != std::string::npos);
  // The first line printed: MRR at the last month and the months inside the band.
  const std::string summary = backtest_summary(b);
  CHECK(summary.rfind("MRR at 2 months 0.0 % (actual inside the 90 % prediction band in 2 of 2 months)\n", 0) == 0);
  // One replication: no band, "n/a".
  const Backtest one = compare_backtest({forecasts[0]}, actual, d("2029-01-01"), months);
  CHECK(backtest_csv(one).find("\n1,mrr,1.00,n/a,n/a,n/a,n/a,1.31,-0.31,-23.66,n/a\n") != std::string::npos);
}
