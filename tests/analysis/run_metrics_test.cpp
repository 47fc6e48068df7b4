// Metrics computed from hand-written event lists.
#include "analysis/run_metrics.hpp"
#include "tests/test_dates.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "analysis/run_report.hpp"
#include "tests/analysis/event_feed.hpp"
#include "tests/test_files.hpp"

using namespace subsim;

namespace {
using subsim::test::D;

using Feed = test_feed::Feed<RunMetrics>;

// The feed's event maker under its short name.
subsim::Event ev(std::uint32_t c, EventKind k, SubState from, SubState to, Cents mrr,
                 Cents amount = 0) {
  return test_feed::event(c, k, from, to, mrr, amount);
}
constexpr SubState NEW = SubState::count;

// A summary metric of one replication, by name.
double metric_of(const RunMetrics& m, const std::string& name) {
  for (const MetricColumn& c : summary_metrics({m}))
    if (c.name == name) return c.values[0];
  FAIL("no metric " << name);
  return 0.0;
}
}  // namespace

TEST_CASE("MRR movements follow ChartMogul: new, expansion, contraction, churn, reactivation") {
  Feed f(D(2027, 1, 1), D(2027, 6, 30), 3);
  f.at(D(2027, 1, 1), ev(0, EventKind::opening, NEW, SubState::active, 10000));
  f.at(D(2027, 1, 10), ev(1, EventKind::start, NEW, SubState::active, 5000, 5000));
  f.at(D(2027, 2, 3), ev(0, EventKind::seat_add, SubState::active, SubState::active, 2000, 700));
  // A customer losing one of two subscriptions is contraction; losing the last is churn.
  f.at(D(2027, 2, 5), ev(2, EventKind::start, NEW, SubState::active, 3000, 3000));
  f.at(D(2027, 2, 6), ev(2, EventKind::start, NEW, SubState::active, 1000, 1000));
  f.at(D(2027, 3, 16), ev(2, EventKind::grace_end, SubState::grace, SubState::suspended, -1000));
  f.at(D(2027, 3, 16), ev(1, EventKind::grace_end, SubState::grace, SubState::suspended, -5000));
  f.at(D(2027, 4, 10), ev(1, EventKind::reactivation, NEW, SubState::active, 5000, 5000));
  // An S4 reduction closes one subscription and starts the next on the same day: contraction.
  f.at(D(2027, 5, 1), ev(0, EventKind::close, SubState::grace, SubState::closed, -12000));
  f.at(D(2027, 5, 1), ev(0, EventKind::start, SubState::pending, SubState::active, 6000, 6000));
  f.finish(D(2027, 6, 30));
  const RunMetrics& m = f.m;
  auto S = [&](Series s, int month) { return m.series(s, month); };
  CHECK(m.totals().opening_mrr == 10000);
  CHECK(S(Series::new_mrr, 0) == 5000);
  CHECK(S(Series::mrr, 0) == 15000);
  CHECK(S(Series::expansion_mrr, 1) == 2000);
  CHECK(S(Series::new_mrr, 1) == 4000);
  CHECK(S(Series::contraction_mrr, 2) == 1000);
  CHECK(S(Series::churned_mrr, 2) == 5000);
  CHECK(S(Series::churned_customers, 2) == 1);
  CHECK(S(Series::reactivation_mrr, 3) == 5000);
  CHECK(S(Series::contraction_mrr, 4) == 6000);
  CHECK(S(Series::churned_customers, 4) == 0);
  CHECK(S(Series::mrr, 5) == 6000 + 5000 + 3000);
  CHECK(S(Series::active_customers, 5) == 3);
  CHECK(m.series_total(Series::new_customers) == 2);
  CHECK(m.series_total(Series::churned_customers) == 1);
  CHECK(m.series_total(Series::bookings) == 5000 + 700 + 3000 + 1000 + 5000 + 6000);
  for (int month = 1; month < m.months(); ++month)
    CHECK(S(Series::mrr, month) - S(Series::mrr, month - 1) ==
          S(Series::new_mrr, month) + S(Series::expansion_mrr, month) +
              S(Series::reactivation_mrr, month) - S(Series::contraction_mrr, month) -
              S(Series::churned_mrr, month));
  // Survival: customer 1 paid from Jan 10 to its first day without service, Mar 16.
  CHECK(m.survival_events()[days_between(D(2027, 1, 10), D(2027, 3, 16))] == 1);
}

TEST_CASE("revenue is recognised daily across the term, exactly to the cent") {
  Feed f(D(2027, 1, 1), D(2027, 12, 31), 1);
  Event e = ev(0, EventKind::start, NEW, SubState::active, 10000, 120000);
  e.revenue = 120000;
  e.rev_from = D(2027, 3, 15);
  e.rev_to = D(2028, 3, 14);  // 366 days (Feb 29, 2028)
  f.at(D(2027, 3, 15), e);
  f.finish(D(2027, 12, 31));
  const RunMetrics& m = f.m;
  CHECK(m.series(Series::recognized_revenue, 0) == 0);
  // Mar 15–31: 17 of 366 days.
  CHECK(m.series(Series::recognized_revenue, 2) == prorate(120000, 17, 366));
  Cents in_2027 = 0;
  for (int month = 0; month < 12; ++month) in_2027 += m.series(Series::recognized_revenue, month);
  CHECK(in_2027 == prorate(120000, 292, 366));  // Mar 15 … Dec 31
  CHECK(m.series_total(Series::recognized_revenue) == in_2027);
  CHECK(m.series_total(Series::bookings) == 120000);
}

// Issue 33: a renewal run booked in bulk is its renewals booked one by one — month-end anchors
// (C1 clamping), a leap February, the horizon's last day as a renewal's eve, annual terms
// crossing the end.
TEST_CASE("a renewal run books what its renewals one by one book, to the cent") {
  struct Case {
    Date anchor;
    int months, first, terms;
    Cents amount;
  } cases[] = {{D(2026, 1, 31), 1, 13, 23, 12345},   // Feb 2027 … Dec 2028, 29 Feb 2028
               {D(2026, 12, 1), 1, 1, 23, 999},      // the last renewal's eve: 2028-12-31
               {D(2026, 12, 1), 1, 1, 30, 999},      // renewals past the end: not booked
               {D(2025, 6, 17), 12, 2, 3, 1000003}}; // annual, the last term crossing the end
  for (const Case& c : cases) {
    INFO("anchor " << format_iso(c.anchor) << ", " << c.terms << " terms");
    const Date start = D(2027, 1, 1), end = D(2028, 12, 31);
    RenewalRun r;
    r.customer = 0;
    r.sub = 0;
    r.first_term = static_cast<std::int16_t>(c.first);
    r.terms = c.terms;
    r.anchor = to_civil(c.anchor);
    r.term_months = static_cast<std::uint8_t>(c.months);
    r.amount = c.amount;
    Feed bulk(start, end, 1), single(start, end, 1);
    bulk.m.on_renewal_run(r);
    for (int j = 0; j < c.terms; ++j) {
      const Date from = r.term_start(j), eve = add_days(from, -1);
      if (eve > end) break;  // the engine makes no renewal after the horizon
      Event e = ev(0, EventKind::renewal, SubState::active, SubState::active, 0, c.amount);
      e.rule = RuleId::N1;
      e.revenue = c.amount;
      e.rev_from = from;
      e.rev_to = add_days(r.term_start(j + 1), -1);
      single.at(eve, e);
    }
    bulk.finish(end);
    single.finish(end);
    CHECK(bulk.m.totals().events == c.terms);
    for (Series s : {Series::bookings, Series::recognized_revenue})
      for (int month = 0; month < bulk.m.months(); ++month) {
        INFO("series " << static_cast<int>(s) << ", month " << month);
        CHECK(bulk.m.series(s, month) == single.m.series(s, month));
      }
    CHECK(bulk.m.series_total(Series::bookings) > 0);
  }
}

// The runs' monthly terms go to difference arrays (MonthlyRunBook) and are folded at the end:
// 300 random runs into one observer — periods starting and ending mid-month, anchors on the
// 28th–31st and elsewhere, runs starting anywhere and running past the end — against the same
// renewals one by one.
TEST_CASE("many renewal runs booked in bulk book what their renewals one by one book") {
  std::uint64_t x = 88172645463325252ull;
  auto next = [&x](int n) {  // xorshift64: a fixed sequence, no library's algorithm
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<int>(x % static_cast<std::uint64_t>(n));
  };
  for (int period = 0; period < 8; ++period) {
    // The last two periods are whole months (a term on the 1st then ends on the last day).
    const bool whole = period >= 6;
    const Date start = whole ? D(2027, 1 + next(12), 1) : add_days(D(2027, 1, 1), next(400));
    const Date end = whole ? add_days(add_months_clamped(start, 13 + next(24)), -1)
                           : add_days(start, 200 + next(900));
    INFO("period " << format_iso(start) << " .. " << format_iso(end));
    Feed bulk(start, end, 1), single(start, end, 1);
    std::vector<std::pair<Date, Event>> renewals;
    for (int k = 0; k < 50; ++k) {
      RenewalRun r;
      r.customer = 0;
      r.sub = 0;
      r.term_months = static_cast<std::uint8_t>(next(5) == 0 ? 12 : 1);
      const int day = next(3) == 0 ? 28 + next(4) : next(4) == 0 ? 1 : 1 + next(31);
      const Date anchor = add_months_clamped(to_civil(add_days(start, -next(800))), 0);
      r.anchor = to_civil(anchor);
      r.anchor.day = static_cast<std::uint8_t>(
          std::min<int>(day, days_between(Date(anchor.year(), anchor.month(), 1),
                                          add_months_clamped(Date(anchor.year(), anchor.month(), 1), 1))));
      r.amount = next(10) == 0 ? 0 : 1 + next(2'000'000);
      // The run's first term starts inside the period, as the engine's do: the first term of
      // the anchor starting on or after the period's first day, or one or two later.
      r.first_term = 0;
      while (r.term_start(0) < start) ++r.first_term;
      r.first_term = static_cast<std::int16_t>(r.first_term + next(3));
      r.terms = 1 + next(40);
      bulk.m.on_renewal_run(r);
      for (int j = 0; j < r.terms; ++j) {
        const Date from = r.term_start(j), eve = add_days(from, -1);
        if (eve > end) break;
        Event e = ev(0, EventKind::renewal, SubState::active, SubState::active, 0, r.amount);
        e.rule = RuleId::N1;
        e.revenue = r.amount;
        e.rev_from = from;
        e.rev_to = add_days(r.term_start(j + 1), -1);
        e.date = eve;
        renewals.emplace_back(eve, e);
      }
    }
    std::stable_sort(renewals.begin(), renewals.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [eve, e] : renewals) single.at(eve, e);
    bulk.finish(end);
    single.finish(end);
    CHECK(bulk.m.series_total(Series::bookings) > 0);
    for (Series s : {Series::bookings, Series::recognized_revenue})
      for (int month = 0; month < bulk.m.months(); ++month) {
        INFO("series " << static_cast<int>(s) << ", month " << month);
        CHECK(bulk.m.series(s, month) == single.m.series(s, month));
      }
  }
}

TEST_CASE("counters: rejections by rule, grace saves, late notice, deletions") {
  Feed f(D(2027, 1, 1), D(2027, 3, 31), 2);
  Event r = ev(0, EventKind::rejected, NEW, NEW, 0);
  r.rule = RuleId::M2;
  f.at(D(2027, 1, 5), r);
  r.rule = RuleId::S3;
  f.at(D(2027, 1, 6), r);
  f.at(D(2027, 1, 6), r);
  Event late = ev(1, EventKind::renewal, SubState::active, SubState::terminating, 0, 5000);
  late.rule = RuleId::N2;
  f.at(D(2027, 1, 31), late);
  f.at(D(2027, 2, 3), ev(1, EventKind::restore, NEW, SubState::active, 0, 5000));
  f.at(D(2027, 3, 2), ev(1, EventKind::deletion, SubState::suspended, SubState::deleted, 0));
  f.finish(D(2027, 3, 31));
  const RunTotals& t = f.m.totals();
  CHECK(t.rejected_orders == 3);
  CHECK(t.rejected_by_rule[static_cast<int>(RuleId::M2)] == 1);
  CHECK(t.rejected_by_rule[static_cast<int>(RuleId::S3)] == 2);
  CHECK(t.late_notice_terms == 1);
  CHECK(t.late_notice_revenue == 5000);
  CHECK(t.grace_saves == 1);
  CHECK(t.deletions == 1);
  CHECK(f.m.series(Series::deletions, 2) == 1);
}

TEST_CASE("summary.json has every metric the contract names") {
  Feed f(D(2027, 1, 1), D(2027, 3, 31), 1);
  f.at(D(2027, 1, 1), ev(0, EventKind::start, NEW, SubState::active, 5000, 5000));
  f.finish(D(2027, 3, 31));
  std::vector<RunMetrics> reps{f.m};
  std::string j = summary_json({"s", 1, 1, D(2027, 1, 1), D(2027, 3, 31), "default"}, reps);
  for (const char* k : {"\"scenario\"",
                        "\"seed\"",
                        "\"replications\"",
                        "\"start\"",
                        "\"end\"",
                        "\"policy\"",
                        "\"bookings\"",
                        "\"recognized_revenue\"",
                        "\"mrr_end\"",
                        "\"arr_end\"",
                        "\"customers_end\"",
                        "\"subscriptions_end\"",
                        "\"seats_end\"",
                        "\"new_customers\"",
                        "\"churned_customers\"",
                        "\"logo_churn_rate_monthly\"",
                        "\"gross_revenue_retention\"",
                        "\"net_revenue_retention\"",
                        "\"reactivations\"",
                        "\"deletions\"",
                        "\"grace_saves\"",
                        "\"late_notice_terms\"",
                        "\"late_notice_revenue\"",
                        "\"rejected_orders\"",
                        "\"rejected_by_rule\"",
                        "\"handovers\"",
                        "\"trials_started\"",
                        "\"trials_converted\"",
                        "\"events\""})
    CHECK_MESSAGE(j.find(k) != std::string::npos, k);
  // One replication: a mean, no interval (null), and how many replications it rests on.
  CHECK(j.find("\"bookings\": {\"n\": 1, \"mean\": 50.00, \"sd\": null, \"ci95\": null, "
               "\"zero_variance\": false}") != std::string::npos);
  std::string ts = timeseries_csv({"s", 1, 1, D(2027, 1, 1), D(2027, 3, 31), "default"}, reps);
  CHECK(ts.rfind("month,metric,mean,ci_low,ci_high,n\n2027-01,mrr,50.00,n/a,n/a,1\n", 0) == 0);
  // Two identical replications: an interval of width 0 is flagged, not shown as certainty.
  std::vector<RunMetrics> two{f.m, f.m};
  std::string j2 = summary_json({"s", 1, 2, D(2027, 1, 1), D(2027, 3, 31), "default"}, two);
  CHECK(j2.find("\"bookings\": {\"n\": 2, \"mean\": 50.00, \"sd\": 0.00, \"ci95\": [50.00, "
                "50.00], \"zero_variance\": true}") != std::string::npos);
  // A count that is 0 in both: the exact Poisson (Garwood) interval, not [0, 0]; still flagged.
  CHECK(j2.find("\"deletions\": {\"n\": 2, \"mean\": 0, \"sd\": 0.000000, \"ci95\": [0.000000, "
                "1.844440], \"zero_variance\": true}") != std::string::npos);
}

TEST_CASE("a ratio with an empty denominator is undefined: left out, counted in n, n/a if none") {
  // Replication 1: one customer paying through month 1 and after: GRR 1. Replication 2: nobody
  // paying on the first day (no retention base, nobody at risk): undefined, not 0.
  Feed paying(D(2027, 1, 1), D(2027, 3, 31), 1);
  paying.at(D(2027, 1, 1), ev(0, EventKind::start, NEW, SubState::active, 5000, 5000));
  paying.finish(D(2027, 3, 31));
  Feed empty(D(2027, 1, 1), D(2027, 3, 31), 1);
  empty.finish(D(2027, 3, 31));
  std::vector<RunMetrics> reps{paying.m, empty.m, paying.m};
  auto cols = summary_metrics(reps);
  auto col = [&](const std::string& name) {
    for (const auto& c : cols)
      if (c.name == name) return c;
    FAIL("no metric " << name);
    return cols[0];
  };
  MetricColumn grr = col("gross_revenue_retention");
  CHECK(grr.values[0] == 1.0);
  CHECK(std::isnan(grr.values[1]));
  std::string j = summary_json({"s", 1, 3, D(2027, 1, 1), D(2027, 3, 31), "default"}, reps);
  // The mean rests on the two defined replications: 1, not (1 + 0 + 1) / 3.
  CHECK(j.find("\"gross_revenue_retention\": {\"n\": 2, \"mean\": 1.000000,") !=
        std::string::npos);
  std::vector<RunMetrics> none{empty.m, empty.m};
  std::string j0 = summary_json({"s", 1, 2, D(2027, 1, 1), D(2027, 3, 31), "default"}, none);
  CHECK(j0.find("\"net_revenue_retention\": {\"n\": 0, \"mean\": null, \"sd\": null, \"ci95\": "
                "null, \"zero_variance\": false}") != std::string::npos);
  CHECK(j0.find("\"logo_churn_rate_monthly\": {\"n\": 0, \"mean\": null,") != std::string::npos);
  std::string text = summary_text({"s", 1, 2, D(2027, 1, 1), D(2027, 3, 31), "default"}, none);
  CHECK(text.find("n/a (undefined in every replication)") != std::string::npos);
}

TEST_CASE("the customer bridge, voluntary and involuntary churn, reactivations, from events") {
  Feed f(D(2027, 1, 1), D(2028, 3, 31), 4);
  f.at(D(2027, 1, 1), ev(0, EventKind::opening, NEW, SubState::active, 10000));
  f.at(D(2027, 1, 1), ev(1, EventKind::opening, NEW, SubState::active, 5000));
  f.at(D(2027, 1, 1), ev(2, EventKind::opening, NEW, SubState::active, 4000));
  // Customer 1 leaves of its own accord (auto-renew off, expired, grace over): voluntary.
  f.at(D(2027, 2, 16), ev(1, EventKind::grace_end, SubState::grace, SubState::suspended, -5000));
  // Customer 1 comes back (same account, reactivated): a reactivated customer, not a new one.
  f.at(D(2027, 3, 10), ev(1, EventKind::reactivation, NEW, SubState::active, 5000, 5000));
  // Customer 2's renewal fails and is never fixed: involuntary.
  f.at(D(2027, 3, 31), ev(2, EventKind::renewal_failed, SubState::active, SubState::active, 0));
  f.at(D(2027, 4, 16), ev(2, EventKind::grace_end, SubState::grace, SubState::suspended, -4000));
  f.at(D(2027, 5, 2), ev(3, EventKind::start, NEW, SubState::active, 2000, 2000));
  // Customer 0 expands in month 14: the trailing 12 months of March 2028 see it.
  f.at(D(2028, 2, 5), ev(0, EventKind::seat_add, SubState::active, SubState::active, 3000, 100));
  f.finish(D(2028, 3, 31));
  const RunMetrics& m = f.m;
  auto S = [&](Series s, int month) { return m.series(s, month); };
  CHECK(m.series_total(Series::churned_voluntary) == 1);
  CHECK(m.series_total(Series::churned_involuntary) == 1);
  CHECK(m.series_total(Series::reactivated_customers) == 1);
  CHECK(S(Series::reactivated_customers, 2) == 1);
  CHECK(S(Series::churned_involuntary, 3) == 1);
  CHECK(S(Series::customers_start, 0) == 3);
  for (int month = 0; month < m.months(); ++month) {
    INFO("month " << month);
    CHECK(S(Series::customers_start, month) + S(Series::new_customers, month) +
              S(Series::reactivated_customers, month) - S(Series::churned_customers, month) ==
          S(Series::active_customers, month));
    CHECK(S(Series::churned_customers, month) ==
          S(Series::churned_voluntary, month) + S(Series::churned_involuntary, month));
    if (month > 0) CHECK(S(Series::customers_start, month) == S(Series::active_customers, month - 1));
  }
  // Trailing 12 months at March 2028 (month 14): paying at the end of March 2027 were customers
  // 0 (100.00), 1 (50.00, reactivated in March) and 2 (40.00; its grace ends in April); now
  // 0 pays 130.00, 1 pays 50.00, 2 nothing: GRR = (100 + 50) / 190, NRR = (130 + 50) / 190.
  CHECK(m.trailing(14).base == 19000);
  CHECK(m.trailing(14).gross == 15000);
  CHECK(m.trailing(14).net == 18000);
  CHECK(m.trailing(11).base == 0);  // no month 12 months before
  auto value = [&](const std::string& name) { return metric_of(m, name); };
  CHECK(value("grr_12m") == doctest::Approx(15000.0 / 19000));
  CHECK(value("nrr_12m") == doctest::Approx(18000.0 / 19000));
  CHECK(value("arpa") == doctest::Approx((13000.0 + 5000 + 2000) / 3));
  // Quick ratio: (new 20 + expansion 30 + reactivation 50) / (churned 50 + 40).
  CHECK(value("quick_ratio") == doctest::Approx((2000.0 + 3000 + 5000) / (5000 + 4000)));
  CHECK(value("customers_start") == 3);
  CHECK(value("gross_revenue_retention_horizon") == value("gross_revenue_retention"));
}

TEST_CASE("ChartMogul's definitions: a deleted account ordering again is a reactivation; "
          "whole-period retention from the first day") {
  Feed f(D(2027, 1, 1), D(2027, 12, 31), 3);
  f.at(D(2027, 1, 1), ev(0, EventKind::opening, NEW, SubState::active, 10000));
  f.at(D(2027, 1, 1), ev(1, EventKind::opening, NEW, SubState::active, 5000));
  // Customer 2 starts on day 1 too (a new order): in the base of the whole period, new.
  f.at(D(2027, 1, 1), ev(2, EventKind::start, NEW, SubState::active, 2000, 2000));
  // Customer 1 leaves, is deleted (E4), and orders again in September: not new, reactivated.
  f.at(D(2027, 2, 16), ev(1, EventKind::grace_end, SubState::grace, SubState::suspended, -5000));
  f.at(D(2027, 4, 16), ev(1, EventKind::deletion, SubState::suspended, SubState::deleted, 0));
  f.at(D(2027, 9, 1), ev(1, EventKind::start, NEW, SubState::active, 6000, 6000));
  // Customer 0 contracts in January: the base is its first day's 100.00, not month 1's end.
  f.at(D(2027, 1, 20), ev(0, EventKind::seat_add, SubState::active, SubState::active, -4000, 0));
  f.finish(D(2027, 12, 31));
  const RunMetrics& m = f.m;
  CHECK(m.series_total(Series::new_customers) == 1);  // customer 2 only
  CHECK(m.series_total(Series::reactivated_customers) == 1);
  CHECK(m.series(Series::reactivated_customers, 8) == 1);
  CHECK(m.series(Series::reactivation_mrr, 8) == 6000);
  CHECK(m.series(Series::new_mrr, 8) == 0);
  // Base: 100.00 + 50.00 + 20.00 on the first day; at the end 60.00, 60.00 and 20.00:
  // gross Σ min = 60 + 50 + 20, net Σ now = 60 + 60 + 20.
  auto value = [&](const std::string& name) { return metric_of(m, name); };
  CHECK(value("gross_revenue_retention_horizon") == doctest::Approx(13000.0 / 17000));
  CHECK(value("net_revenue_retention_horizon") == doctest::Approx(14000.0 / 17000));
}

TEST_CASE("every metric of the registry is computed, in summary.json, and defined in docs/outputs.md") {
  CHECK(metrics_without_computation().empty());
  for (const std::string& m : metrics_without_computation()) MESSAGE("no computation: " << m);
  Feed f(D(2027, 1, 1), D(2027, 3, 31), 1);
  f.at(D(2027, 1, 1), ev(0, EventKind::start, NEW, SubState::active, 5000, 5000));
  f.finish(D(2027, 3, 31));
  std::vector<RunMetrics> reps{f.m};
  const std::string j = summary_json({"s", 1, 1, D(2027, 1, 1), D(2027, 3, 31), "default"}, reps);
  const std::string docs = test_files::slurp(std::string(SUBSIM_SOURCE_DIR) + "/docs/outputs.md");
  const auto columns = summary_metrics(reps);
  REQUIRE(columns.size() == metric_registry().size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const MetricDef& m = metric_registry()[i];
    const std::string name = m.name;
    INFO(name);
    CHECK(columns[i].name == m.name);  // the registry's order
    CHECK(columns[i].unit == m.unit);
    CHECK(j.find("\"" + name + "\": {\"n\": ") != std::string::npos);
    CHECK(docs.find("`" + std::string(m.name) + "`") != std::string::npos);
  }
}

TEST_CASE("every monthly series has its registry row, a unique name and a definition in docs/outputs.md") {
  REQUIRE(series_registry().size() == static_cast<std::size_t>(kSeriesCount));
  const std::string docs = test_files::slurp(std::string(SUBSIM_SOURCE_DIR) + "/docs/outputs.md");
  std::set<std::string> names;
  for (int s = 0; s < kSeriesCount; ++s) {
    const std::string name = series_name(static_cast<Series>(s));
    INFO(name);
    CHECK(names.insert(name).second);
    CHECK((series_unit(static_cast<Series>(s)) == MetricUnit::money) ==
          (name.find("mrr") != std::string::npos || name == "bookings" || name == "recognized_revenue"));
    CHECK(docs.find("`" + name + "`") != std::string::npos);
    CHECK(std::string(series_registry()[s].definition).size() > 10);
  }
}

// Ratios of sums are pooled over replications (issue 31): a replication without churn (its own
// LTV infinite) counts, and the figure is the ratio of the sums, not a mean of what is finite.
TEST_CASE("LTV and the quick ratio are pooled over every replication") {
  auto replication = [](bool churn) {
    Feed f(D(2027, 1, 1), D(2027, 3, 31), 2);
    f.at(D(2027, 1, 1), ev(0, EventKind::opening, NEW, SubState::active, 10000));
    f.at(D(2027, 1, 1), ev(1, EventKind::opening, NEW, SubState::active, 4000));
    if (churn) f.at(D(2027, 2, 16), ev(1, EventKind::grace_end, SubState::grace, SubState::suspended, -4000));
    f.at(D(2027, 3, 5), ev(0, EventKind::seat_add, SubState::active, SubState::active, 2000, 700));
    f.finish(D(2027, 3, 31));
    return f.m;
  };
  const std::vector<RunMetrics> reps{replication(false), replication(true), replication(true)};
  const auto columns = summary_metrics(reps);
  auto column = [&](const std::string& name) {
    for (const MetricColumn& c : columns)
      if (c.name == name) return c;
    FAIL("no column " << name);
    return columns[0];
  };
  const MetricColumn ltv = column("ltv");
  CHECK(std::isnan(ltv.values[0]));  // no churn in the first replication: its own LTV is ∞
  const Interval i = column_interval(ltv);
  CHECK(i.n == 3);
  // ARPA pooled: MRR (16,000 + 12,000 + 12,000) / (2 + 1 + 1) customers at the end; churn
  // pooled: 2 churned / (2+2+2 + 2+2+1 + 2+2+1) customers at month starts.
  CHECK(i.mean == doctest::Approx((40000.0 / 4) / (2.0 / 16)));
  CHECK(ltv.values[1] == doctest::Approx((12000.0 / 1) / (1.0 / 5)));  // its own, in replications.csv
  // Quick ratio: gained 2,000 in each; lost 0, 4,000, 4,000: 6,000 / 8,000.
  const Interval q = column_interval(column("quick_ratio"));
  CHECK(q.n == 3);
  CHECK(q.mean == doctest::Approx(6000.0 / 8000));
}
