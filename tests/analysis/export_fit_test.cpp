// `subsim fit` on a subscription export: the round trip simulate → subscriptions.csv → fit
// recovers the parameters the simulation was given, and the export's rows are checked.
#include <doctest/doctest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <map>

#include "fitting/export_fit.hpp"
#include "fitting/export_outputs.hpp"
#include "analysis/simulate.hpp"
#include "analysis/subscription_export.hpp"
#include "model/catalog.hpp"
#include "scenario/scenario_loader.hpp"

using namespace subsim;

namespace {

Scenario load_roundtrip(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "roundtrip.yaml");
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  return *r.scenario;
}

// Known behaviour: sBG cancellation per term type, decided in time for the cut-off (at each
// term's start; no notice period, so a monthly term too ends where it was cancelled — with 30
// days' notice a turn-off on a month's first day would pay one more term, N2), 2 seats added in
// a tenth of the terms, nothing else; 400 new customers a month over 4 years.
const char* kTruth =
    "name: roundtrip\nseed: 1\nstart: 2024-01-01\nhorizon: 48m\npolicy: {notice_days: 0}\n"
    "population:\n  monthly_arrivals: {poisson: {mean: 400}}\n"
    "  term: {choice: {monthly: 0.6, annual: 0.4}}\n"
    "  edition: {choice: {essentials: 0.3, deluxe: 0.4, premier: 0.2, enterprise: 0.1}}\n"
    "  basis: {choice: {per_device: 0.7, per_user: 0.3}}\n"
    "  seats: {lognormal: {median: 10, sigma: 0.8}}\n"
    "behaviour:\n  cancel: {monthly: {beta: [1.5, 20]}, annual: {beta: [0.7, 3.5]}}\n"
    "  notice_days_before: {fixed: 1000}\n  seat_growth: {probability: 0.1, seats: {fixed: 2}}\n"
    "  upgrade: 0\n"
    "  downgrade_monthly: 0\n  snafu: 0\n  come_back: 0\n  switch_reseller: 0\n";

bool covers(double low, double high, double truth) { return low <= truth && truth <= high; }

// One replication of `sc` traced (seed `seed`) and read back as the export of its last day.
std::vector<ExportRow> simulated_export(const Scenario& sc, std::uint64_t seed) {
  SimulateOptions so;
  so.trace = true;
  so.threads = 2;
  SimulationResult r = simulate(sc, sc.policy, seed, 1, so);
  return read_subscription_export(
      CsvTable::parse(subscriptions_csv(r.traces[0], trace_names(sc)), "export.csv"),
      add_days(sc.end, 1));
}

}  // namespace

// An export without the optional auto-renew columns (as most billing systems write them).
const char* const kTenColumns =
    "account,subscription,reseller,edition,basis,term,seats,start,end,end_reason\n";

TEST_CASE("fit round trip: intervals from the export cover the simulated truth over 20 seeds") {
  Scenario sc = load_roundtrip(kTruth);
  const Names names = trace_names(sc);
  std::map<std::string, int> covered;
  const int seeds = 20;
  for (int seed = 1; seed <= seeds; ++seed) {
    SimulateOptions so;
    so.trace = true;
    so.threads = 2;
    SimulationResult r = simulate(sc, sc.policy, static_cast<std::uint64_t>(seed) * 7919, 1, so);
    const std::string csv = subscriptions_csv(r.traces[0], names);
    const Date as_of = add_days(sc.end, 1);
    std::vector<ExportRow> rows =
        read_subscription_export(CsvTable::parse(csv, "export.csv"), as_of);
    ExportFit f = fit_export(rows, "export.csv", as_of, sc.start, 0.10, sc.policy.notice_days);
    covered["arrivals"] += covers(f.arrivals.low, f.arrivals.high, 400);
    covered["monthly share"] += covers(f.term[0].estimate.low, f.term[0].estimate.high, 0.6);
    covered["per_user share"] += covers(f.basis[1].estimate.low, f.basis[1].estimate.high, 0.3);
    covered["seats median"] += covers(f.seats_median.low, f.seats_median.high, 10);
    covered["seats sigma"] += covers(f.seats_sigma.low, f.seats_sigma.high, 0.8);
    covered["seat growth"] += covers(f.seat_growth.low, f.seat_growth.high, 0.2);  // 0.1 × 2
    covered["monthly alpha"] += covers(f.monthly.sbg.alpha_low, f.monthly.sbg.alpha_high, 1.5);
    covered["monthly beta"] += covers(f.monthly.sbg.beta_low, f.monthly.sbg.beta_high, 20);
    covered["annual alpha"] += covers(f.annual.sbg.alpha_low, f.annual.sbg.alpha_high, 0.7);
    covered["annual beta"] += covers(f.annual.sbg.beta_low, f.annual.sbg.beta_high, 3.5);
    // Heterogeneity is found: the sBG beats the constant rate, for both term types.
    covered["sBG preferred"] += f.monthly.sbg_preferred() && f.annual.sbg_preferred();
    if (seed == 1) MESSAGE(export_fit_summary(f));
  }
  std::string tally;
  for (const auto& [what, n] : covered) tally += what + " " + std::to_string(n) + "/20, ";
  MESSAGE("covered: " << tally);
  for (const auto& entry : covered) {  // not a structured binding: INFO captures it
    INFO(entry.first << ": " << entry.second << " / " << seeds);
    // 95 % intervals: about 19 of 20; at most 4 misses (P ≈ 0.3 % per figure if calibrated).
    CHECK(entry.second >= 16);
  }
}

// Issue 29, cause 1: under a notice period, leavers who turn auto-renew off after the cut-off
// pay one more term. The fit models the decisions behind the paid terms (late_share of the
// leavers delayed, from the policy's notice and the default notice_days_before), so the sBG it
// finds is the one the scenario simulates under the same notice: calibrated under 30 and 60
// days' notice as under 0 (above).
TEST_CASE("fit round trip under 30 and 60 days' notice: the decision rates' intervals cover the truth") {
  for (int notice : {30, 60}) {
    std::string yaml = kTruth;
    yaml.replace(yaml.find("notice_days: 0"), 14, "notice_days: " + std::to_string(notice));
    yaml.replace(yaml.find("notice_days_before: {fixed: 1000}"), 33,
                 "notice_days_before: {uniform: [0, 60]}");
    Scenario sc = load_roundtrip(yaml);
    std::map<std::string, int> covered;
    for (int seed = 1; seed <= 20; ++seed) {
      const Date as_of = add_days(sc.end, 1);
      const std::vector<ExportRow> rows = simulated_export(sc, static_cast<std::uint64_t>(seed) * 104729);
      const ExportFit f = fit_export(rows, "export.csv", as_of, sc.start, 0.10, notice);
      covered["monthly alpha"] += covers(f.monthly.sbg.alpha_low, f.monthly.sbg.alpha_high, 1.5);
      covered["monthly beta"] += covers(f.monthly.sbg.beta_low, f.monthly.sbg.beta_high, 20);
      covered["annual alpha"] += covers(f.annual.sbg.alpha_low, f.annual.sbg.alpha_high, 0.7);
      covered["annual beta"] += covers(f.annual.sbg.beta_low, f.annual.sbg.beta_high, 3.5);
      // Ignoring the delay (the fit before issue 29): the annual decisions' intervals miss.
      const ExportFit naive = fit_export(rows, "export.csv", as_of, sc.start, 0.10, 0);
      covered["annual, delay ignored"] +=
          covers(naive.annual.sbg.alpha_low, naive.annual.sbg.alpha_high, 0.7) &&
          covers(naive.annual.sbg.beta_low, naive.annual.sbg.beta_high, 3.5);
    }
    std::string tally;
    for (const auto& [what, n] : covered) tally += what + " " + std::to_string(n) + "/20, ";
    MESSAGE("notice " << notice << " days, covered: " << tally);
    for (const auto& entry : covered) {
      INFO("notice " << notice << ": " << entry.first << ": " << entry.second << " / 20");
      if (entry.first == "annual, delay ignored")
        CHECK(entry.second <= 5);
      else
        CHECK(entry.second >= 17);
    }
  }
}

TEST_CASE("fit: the export's rows are checked, each problem on its line") {
  const Date as_of(2027, 1, 1);
  struct Case {
    const char* row;
    const char* text;
  } cases[] = {
      {"a,s,r,deluxe,per_thing,monthly,5,2026-01-01,,", "basis must be"},
      {"a,s,r,deluxe,per_user,weekly,5,2026-01-01,,", "term must be"},
      {"a,s,r,deluxe,per_user,monthly,five,2026-01-01,,", "seats"},
      {"a,s,r,deluxe,per_user,monthly,5,2027-03-01,,", "after the export date"},
      {"a,s,r,deluxe,per_user,monthly,5,2026-01-01,2026-05-31,", "go together"},
      {"a,s,r,deluxe,per_user,monthly,5,2026-01-01,2026-05-31,gone", "end_reason must be"},
      {"a,s,r,deluxe,per_user,monthly,5,2026-01-01,2025-05-31,cancelled", "before its start"},
      {",s,r,deluxe,per_user,monthly,5,2026-01-01,,", "an empty account"},
  };
  for (const Case& c : cases) {
    std::string csv = std::string(kTenColumns) +
                      "ok,ok,r,deluxe,per_user,monthly,5,2026-01-01,,\n" + c.row + "\n";
    INFO(c.row);
    try {
      read_subscription_export(CsvTable::parse(csv, "x.csv"), as_of);
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.line() == 3);
      CHECK(std::string(e.what()).find(c.text) != std::string::npos);
    }
  }
}

TEST_CASE("fit: renewal opportunities are counted from each subscription's anchored terms") {
  // Monthly from Jan 31: terms end Feb 27, Mar 30, …; cancelled after its third term (end
  // Apr 29) = left at opportunity 3; active since Oct 15 on the as-of day Jan 1: 2 terms done.
  std::string csv = std::string(kTenColumns) +
                    "a,s,r,deluxe,per_user,monthly,5,2026-01-31,2026-04-29,cancelled\n"
                    "b,s,r,deluxe,per_user,monthly,5,2026-10-15,,\n"
                    "c,s,r,premier,per_user,annual,5,2024-03-01,2026-02-28,lapsed\n";
  const Date as_of(2027, 1, 1);
  ExportFit f = fit_export(read_subscription_export(CsvTable::parse(csv, "x.csv"), as_of), "x.csv",
                           as_of, Date(2024, 1, 1));
  // Monthly: period 1 and 2 passed by both, period 3: a left (cancelled).
  REQUIRE(f.monthly.risk.churned.size() >= 3);
  CHECK(f.monthly.risk.survived[0] == 2);
  CHECK(f.monthly.risk.survived[1] == 2);
  CHECK(f.monthly.risk.survived[2] == 0);
  CHECK(f.monthly.risk.churned[2] == 1);
  CHECK(f.monthly.constant.events == 1);
  CHECK(f.monthly.constant.base == 5);  // 2 + 2 + 1 customer-opportunities at risk
  // Annual c: one term passed (Mar 2024 – Feb 2025), lapsed at the second: not a cancellation.
  CHECK(f.annual.constant.events == 0);
  CHECK(f.lapsed.events == 1);
  CHECK(f.lapsed.base == 3 + 2 + 2);  // opportunities met: a 3, b 2, c 2
  CHECK(f.arrivals.events == 3);
}

TEST_CASE("fit: a row continued the next day is a downgrade or a change, not a cancellation; a come-back is an order after a gap") {
  std::string csv = std::string(kTenColumns) +
                    // Deluxe cancelled after 3 terms, essentials from the next day: a downgrade.
                    "a,a1,r,deluxe,per_user,monthly,5,2026-01-31,2026-04-29,cancelled\n"
                    "a,a2,r,essentials,per_user,monthly,5,2026-04-30,,\n"
                    // The same edition the next day (fewer seats): a change, not a downgrade.
                    "b,b1,r,deluxe,per_user,monthly,9,2026-01-15,2026-03-14,cancelled\n"
                    "b,b2,r,deluxe,per_user,monthly,4,2026-03-15,,\n"
                    // Cancelled, back 70 days after its expiry: a come-back.
                    "c,c1,r,deluxe,per_user,monthly,5,2026-01-10,2026-03-09,cancelled\n"
                    "c,c2,r,deluxe,per_user,monthly,5,2026-05-19,,\n"
                    // Cancelled and gone.
                    "d,d1,r,deluxe,per_user,monthly,5,2026-01-10,2026-02-09,cancelled\n";
  const Date as_of(2027, 1, 1);
  ExportFit f = fit_export(read_subscription_export(CsvTable::parse(csv, "x.csv"), as_of), "x.csv",
                           as_of, Date(2026, 1, 1));
  CHECK(f.monthly.constant.events == 2);  // c1 and d1 only
  CHECK(f.downgraded.events == 1);        // a1
  CHECK(f.come_back.base == 2);           // c1 and d1 ended; a1 and b1 continued
  CHECK(f.come_back.events == 1);         // c: 2026-03-10 → 2026-05-19
  CHECK(f.come_back_delays == std::map<int, std::int64_t>{{70, 1}});
  const std::string yaml = export_scenario_yaml(f, {"essentials", "deluxe", "premier", "enterprise"}, {});
  CHECK(yaml.find("come_back: {probability: 0.5, days: {empirical: [[70, 1]]}}") != std::string::npos);
  CHECK(yaml.find("downgrade_monthly: ") != std::string::npos);
}

TEST_CASE("fit: the expected lifetime value of a new subscription, at list prices, discounted") {
  std::string csv = std::string(kTenColumns) +
                    "a,s,r,deluxe,per_user,monthly,5,2026-01-31,2026-04-29,cancelled\n"
                    "b,s,r,deluxe,per_user,monthly,5,2026-10-15,,\n"
                    "d,s,r,essentials,per_device,monthly,20,2026-06-01,,\n"
                    "e,s,r,unknown_edition,per_device,monthly,20,2026-06-01,,\n";
  const Date as_of(2027, 1, 1);
  ExportFit f = fit_export(read_subscription_export(CsvTable::parse(csv, "x.csv"), as_of), "x.csv",
                           as_of, Date(2024, 1, 1), 0.10);
  const CancelFit& m = f.monthly;
  REQUIRE(!m.sbg_preferred());
  // The constant model: DEL = (1+d)/(d+p), d the monthly rate of 10 % a year, p the decision
  // rate; under 30 days' notice a share q of the leavers pays one more term:
  // DEL·(1 − q + q/(1+d)) + q.
  const double d = std::pow(1.10, 1.0 / 12) - 1;
  CHECK(m.discount == doctest::Approx(d));
  auto paid = [](double del, double q, double rate) { return del * (1 - q + q / (1 + rate)) + q; };
  REQUIRE(m.late == doctest::Approx(0.99));  // every monthly turn-off is late under 30 days
  CHECK(m.lifetime.value == doctest::Approx(paid((1 + d) / (d + m.constant.value), m.late, d)));
  CHECK(m.lifetime.low < m.lifetime.value);
  CHECK(m.lifetime.value < m.lifetime.high);
  // Priced: the active b and d (the unknown edition has no list price), at the default catalog.
  const Catalog cat = Catalog::maas360_default();
  const double b = static_cast<double>(cat.term_price(*cat.find("deluxe"), TermType::monthly, 5));
  const double e = static_cast<double>(cat.term_price(*cat.find("essentials"), TermType::monthly, 20));
  CHECK(m.priced == 2);
  CHECK(m.term_value == doctest::Approx((b + e) / 2));
  CHECK(m.ltv.value == doctest::Approx(m.lifetime.value * (b + e) / 2));
  // No annual subscription in force: no value, not a made-up one.
  CHECK(f.annual.priced == 0);
  CHECK(std::isnan(f.annual.ltv.value));
  // Lapses end subscriptions too: with one, the lifetime is the cancellation model's at
  // 1/(1+d') = (1−q)/(1+d), q the lapse rate per renewal opportunity.
  ExportFit l = fit_export(read_subscription_export(
                               CsvTable::parse(csv + "f,s,r,deluxe,per_user,monthly,5,2026-01-31,2026-03-30,lapsed\n",
                                               "x.csv"),
                               as_of),
                           "x.csv", as_of, Date(2024, 1, 1), 0.10);
  const double q = l.lapsed.value;
  REQUIRE(q > 0);
  const double d2 = (1 + d) / (1 - q) - 1;
  CHECK(l.monthly.lifetime.value ==
        doctest::Approx(paid((1 + d2) / (d2 + l.monthly.constant.value), l.monthly.late, d2)));
  // A higher discount rate gives a lower value.
  ExportFit g = fit_export(read_subscription_export(CsvTable::parse(csv, "x.csv"), as_of), "x.csv",
                           as_of, Date(2024, 1, 1), 0.30);
  CHECK(g.monthly.ltv.value < m.ltv.value);
}

TEST_CASE("the optional auto-renew columns: read, checked, and the book opens those rows with auto-renew off") {
  const Date as_of(2027, 1, 1);
  const std::string header =
      "account,subscription,reseller,edition,basis,term,seats,start,end,end_reason,auto_renew,"
      "auto_renew_off_date\n";
  const std::string csv = header +
                          "a,a-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,\n"
                          "b,b-1,r,deluxe,per_user,monthly,5,2026-10-15,,,off,2026-12-20\n"
                          "c,c-1,r,deluxe,per_user,annual,5,2026-03-01,,,,2026-11-30\n"
                          "d,d-1,r,deluxe,per_user,monthly,5,2026-01-31,2026-04-29,cancelled,,2026-04-02\n";
  std::vector<ExportRow> rows = read_subscription_export(CsvTable::parse(csv, "x.csv"), as_of);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].auto_renew == std::optional<bool>(true));
  CHECK(rows[1].auto_renew == std::optional<bool>(false));
  CHECK(rows[1].off_date == std::optional<Date>(Date(2026, 12, 20)));
  CHECK(rows[2].auto_renew == std::optional<bool>(false));  // a turn-off date says it is off
  CHECK_FALSE(rows[3].auto_renew.has_value());
  CHECK(rows[3].off_date == std::optional<Date>(Date(2026, 4, 2)));
  BookStats stats;
  const std::string book = export_book_csv(rows, as_of, Policy{}, 120, stats);
  CHECK(book.find("a,r,a-1,deluxe,per_user,monthly,5,2026-10-15,true,,active,,") != std::string::npos);
  CHECK(book.find("b,r,b-1,deluxe,per_user,monthly,5,2026-10-15,false,2026-12-20,active,,") !=
        std::string::npos);
  CHECK(book.find("c,r,c-1,deluxe,per_user,annual,5,2026-03-01,false,2026-11-30,active,,") !=
        std::string::npos);
  struct Case {
    const char* row;
    const char* text;
  };
  const Case cases[] = {
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,maybe,", "auto_renew must be on or off"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,2026-12-01", "which is it?"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,off,2027-02-01", "after the export date"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,off,12/01/2026", "must be a date"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-01-31,2026-04-29,cancelled,off,", "empty once it ended"},
  };
  for (const Case& c : cases) {
    INFO(c.row);
    try {
      read_subscription_export(CsvTable::parse(header + c.row + "\n", "x.csv"), as_of);
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.line() == 2);
      CHECK(std::string(e.what()).find(c.text) != std::string::npos);
    }
  }
}

// Issue 29: accounts that left before the export date may come back after it; the book keeps
// an account whose service ended for good (every row ended, deleted by E4) as `lost` when it
// expired no longer ago than the longest come-back delay.
TEST_CASE("the book keeps accounts lost recently enough to come back") {
  const Date as_of(2027, 1, 1);
  const std::string csv =
      "account,subscription,reseller,edition,basis,term,seats,start,end,end_reason\n"
      "e,e-1,r,deluxe,per_user,monthly,5,2026-01-01,2026-09-30,cancelled\n"  // 92 days: lost
      "f,f-1,r,deluxe,per_user,monthly,5,2026-01-01,2026-06-30,lapsed\n"     // 184 days
      "g,g-1,r,deluxe,per_user,monthly,5,2026-01-01,2026-09-30,cancelled\n"  // g came back:
      "g,g-2,r,deluxe,per_user,monthly,5,2026-11-10,,\n"                      // not lost
      "h,h-1,r,deluxe,per_user,monthly,5,2026-01-01,2026-09-30,switched\n"   // another's now
      "i,i-1,r,deluxe,per_user,monthly,5,2026-01-16,2026-12-15,cancelled\n"; // suspended
  const std::vector<ExportRow> rows = read_subscription_export(CsvTable::parse(csv, "x.csv"), as_of);
  BookStats stats;
  std::string book = export_book_csv(rows, as_of, Policy{}, 120, stats);
  CHECK(book.find("e,r,e-1,deluxe,per_user,monthly,5,2026-01-01,false,,lost,2026-10-01,,,\n") !=
        std::string::npos);
  CHECK(book.find("i,r,i-1,deluxe,per_user,monthly,5,2026-01-16,false,,suspended,2026-12-16,,,\n") !=
        std::string::npos);
  CHECK(book.find("\nf,") == std::string::npos);
  CHECK(book.find("g-1") == std::string::npos);
  CHECK(book.find("g,r,g-2,") != std::string::npos);
  CHECK(book.find("\nh,") == std::string::npos);
  CHECK(stats.lost == 1);
  CHECK(stats.expired == 1);
  CHECK(stats.active == 1);
  CHECK(stats.earning == 1);  // lost and suspended rows earn nothing
  BookStats longer;
  book = export_book_csv(rows, as_of, Policy{}, 200, longer);
  CHECK(book.find("f,r,f-1,deluxe,per_user,monthly,5,2026-01-01,false,,lost,2026-07-01,,,\n") !=
        std::string::npos);
  CHECK(longer.lost == 2);
}

// Issue 29: prices as billing systems export them. `mrr` is read to the cent; `price` (per seat
// per month after every discount, up to four decimals) × seats rounded to the cent; mrr wins
// when both are given; one currency per file.
TEST_CASE("the optional price, mrr and currency columns: read exactly and checked") {
  const Date as_of(2027, 1, 1);
  const std::string header = subscription_export_header();
  const std::string csv = header +
                          "a,a-1,r,deluxe,per_user,monthly,3,2026-10-15,,,on,,3.3333,,EUR\n"
                          "b,b-1,r,deluxe,per_user,annual,7,2026-03-01,,,on,,3.825,,EUR\n"
                          "c,c-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,4.00,19.99,\n"
                          "d,d-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,,,\n";
  const CsvTable t = CsvTable::parse(csv, "x.csv");
  std::vector<ExportRow> rows = read_subscription_export(t, as_of);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].mrr == 1000);  // 3 × 3.3333 = 9.9999 → 10.00
  CHECK(rows[1].mrr == 2678);  // 7 × 3.825 = 26.775 → 26.78 (half up)
  CHECK(rows[2].mrr == 1999);  // mrr given: it rules
  CHECK_FALSE(rows[3].mrr);
  CHECK(export_currency(t) == "EUR");
  CHECK(export_currency(CsvTable::parse(header + "d,d-1,r,deluxe,per_user,monthly,5,2026-10-15,,,,,,,\n",
                                        "x.csv")) == "");
  // The book carries each row's MRR, and the scenario the currency.
  BookStats stats;
  const std::string book = export_book_csv(rows, as_of, Policy{}, 120, stats);
  CHECK(book.find("a,r,a-1,deluxe,per_user,monthly,3,2026-10-15,true,,active,,,,10.00\n") !=
        std::string::npos);
  CHECK(book.find("d,r,d-1,deluxe,per_user,monthly,5,2026-10-15,true,,active,,,,\n") !=
        std::string::npos);
  CHECK(stats.earning == 4);
  CHECK(stats.priced == 3);
  CHECK(stats.mrr == 1000 + 2678 + 1999);
  struct Case {
    const char* rows;
    const char* text;
  };
  const Case cases[] = {
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,4.00,,EUR\n"
       "y,y-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,4.00,,USD",
       "currency USD where line 2 has EUR"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,4.00,,euro", "three-letter code"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,-4.00,,", "price must be an amount"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,4.00001,,", "price must be an amount"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,,1.234,", "mrr must be an amount"},
      {"x,x-1,r,deluxe,per_user,monthly,5,2026-10-15,,,on,,,1e3,", "mrr must be an amount"},
  };
  for (const Case& c : cases) {
    INFO(c.rows);
    try {
      read_subscription_export(CsvTable::parse(header + c.rows + "\n", "x.csv"), as_of);
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(c.text) != std::string::npos);
    }
  }
}

// Rates that differ by edition but not within one: pooled, the hazard falls with tenure as the
// editions that leave most deplete, and the sBG beats one constant rate — but not a constant
// rate per edition, which the scenario's edition factors already give. The sBG is then not
// used (it would count the editions' heterogeneity twice: in θ and in the factors).
TEST_CASE("fit: heterogeneity the editions explain is not taken for the sBG's") {
  std::string yaml = kTruth;
  const std::string sbg = "cancel: {monthly: {beta: [1.5, 20]}, annual: {beta: [0.7, 3.5]}}";
  yaml.replace(yaml.find(sbg), sbg.size(),
               "cancel: {monthly: 0.06, annual: 0.2}\n"
               "  cancel_edition_factor: {essentials: 2.5, deluxe: 1.0, premier: 0.4, enterprise: 0.2}");
  Scenario sc = load_roundtrip(yaml);
  int lr_significant = 0;
  for (int seed = 1; seed <= 3; ++seed) {
    const Date as_of = add_days(sc.end, 1);
    const std::vector<ExportRow> rows = simulated_export(sc, static_cast<std::uint64_t>(seed) * 31);
    const ExportFit f = fit_export(rows, "export.csv", as_of, sc.start, 0.10, 0);
    INFO("seed " << seed << ": monthly LR p " << f.monthly.lr.p_value << ", sBG LL "
                 << f.monthly.sbg.log_likelihood << ", per edition LL "
                 << f.monthly.by_edition_log_likelihood);
    lr_significant += f.monthly.lr.p_value < 0.05;
    CHECK(f.monthly.editions_at_risk == 4);
    CHECK_FALSE(f.monthly.sbg_preferred());
    CHECK_FALSE(f.annual.sbg_preferred());
  }
  CHECK(lr_significant >= 2);  // the pooled test alone would have taken the sBG
}

// Issue 29: an export that keeps only recent rows (none that ended before 2026) — left
// truncation. Its old rows are there because they lasted: counting their early opportunities
// as survived biases the rates down. The fit finds the truncation (no end before 2026 where the
// export's rate of ends expects many) and counts each row from its first opportunity after it.
TEST_CASE("fit: a left-truncated export is found and fitted with delayed entry") {
  Scenario sc = load_roundtrip(kTruth);
  const Date cut_off(2026, 1, 1);
  int covered = 0, naive_covered = 0, found = 0;
  double mean_fit = 0, mean_naive = 0;
  for (int seed = 1; seed <= 10; ++seed) {
    const Date as_of = add_days(sc.end, 1);
    const std::vector<ExportRow> all = simulated_export(sc, static_cast<std::uint64_t>(seed) * 613);
    std::vector<ExportRow> recent;
    for (const ExportRow& row : all)
      if (!row.end || *row.end >= cut_off) recent.push_back(row);
    const ExportFit f = fit_export(recent, "export.csv", as_of, std::nullopt, 0.10, 0);
    found += f.truncation_detected && f.observed_since && *f.observed_since >= cut_off &&
             days_between(cut_off, *f.observed_since) < 40;
    covered += covers(f.monthly.sbg.alpha_low, f.monthly.sbg.alpha_high, 1.5) &&
               covers(f.monthly.sbg.beta_low, f.monthly.sbg.beta_high, 20);
    mean_fit += f.monthly.sbg.mean / 10;
    // As if the export held the whole history (its first start as the observation start).
    const ExportFit naive = fit_export(recent, "export.csv", as_of, std::nullopt, 0.10, 0, sc.start);
    CHECK_FALSE(naive.observed_since.has_value());
    naive_covered += covers(naive.monthly.sbg.alpha_low, naive.monthly.sbg.alpha_high, 1.5) &&
                     covers(naive.monthly.sbg.beta_low, naive.monthly.sbg.beta_high, 20);
    mean_naive += naive.monthly.sbg.mean / 10;
  }
  INFO("found " << found << "/10; monthly alpha and beta covered " << covered
                << "/10 (as if whole: " << naive_covered << "/10); mean churn of a new customer "
                << mean_fit << " (as if whole " << mean_naive << "; truth " << 1.5 / 21.5 << ")");
  CHECK(found == 10);
  CHECK(covered >= 8);
  CHECK(naive_covered <= 2);
  CHECK(std::fabs(mean_fit / (1.5 / 21.5) - 1) < 0.1);

  // A whole export is not taken for a truncated one.
  CHECK_FALSE(left_truncation(simulated_export(sc, 99), add_days(sc.end, 1), 0).has_value());
  // Nor a whole, young one under 30 days' notice, where no monthly leaver can end at the first
  // renewal (4 seeds).
  std::string yaml = kTruth;
  yaml.replace(yaml.find("notice_days: 0"), 14, "notice_days: 30");
  yaml.replace(yaml.find("horizon: 48m"), 12, "horizon: 14m");
  const Scenario young = load_roundtrip(yaml);
  int taken_for_truncated_if_on_time = 0;
  for (std::uint64_t seed : {5, 6, 7, 8}) {
    const std::vector<ExportRow> rows = simulated_export(young, seed);
    CHECK_FALSE(left_truncation(rows, add_days(young.end, 1), 30).has_value());
    taken_for_truncated_if_on_time += left_truncation(rows, add_days(young.end, 1), 0).has_value();
  }
  CHECK(taken_for_truncated_if_on_time >= 3);  // counting late leavers as on time would
}

// Edition factors are relative risks under the fitted model: two editions with the same decision
// rate, one with an old book and one with a young one (mostly at their first renewal, where
// under 30 days' notice no monthly leaver can end yet), get factors near 1 — compared with the
// observed share of cancellations per opportunity the young edition looked half as risky.
TEST_CASE("fit: edition factors are relative risks, whatever the age of an edition's book") {
  boost::random::mt19937 gen(11);
  boost::random::uniform_01<double> u01;
  const Date as_of(2026, 1, 1);
  std::string csv = kTenColumns;
  int id = 0;
  auto add = [&](const char* edition, Date start, int count) {
    for (int k = 0; k < count; ++k) {
      const int terms = term_index_on(start, TermType::monthly, as_of);  // ended before as_of
      std::string end;
      for (int j = 1; j <= terms && end.empty(); ++j)
        if (u01(gen) < 0.05 && j + 1 <= terms)  // decided in term j, late: pays term j + 1
          end = format_iso(add_days(add_months_clamped(start, j + 1), -1));
      const std::string n = std::to_string(++id);
      csv += "a" + n + ",s" + n + ",r," + edition + ",per_device,monthly,5," + format_iso(start) +
             "," + end + "," + (end.empty() ? "" : "cancelled") + "\n";
    }
  };
  add("deluxe", Date(2024, 1, 1), 600);
  add("premier", Date(2025, 10, 1), 3000);
  const ExportFit f = fit_export(read_subscription_export(CsvTable::parse(csv, "x.csv"), as_of),
                                 "x.csv", as_of, Date(2024, 1, 1), 0.10, 30, Date(2024, 1, 1));
  REQUIRE(f.edition_factor.size() == 2);
  for (const NamedEstimate& e : f.edition_factor) {
    INFO(e.name << " factor " << e.estimate.value << " [" << e.estimate.low << ", " << e.estimate.high << "]");
    CHECK(e.estimate.low <= 1.0);
    CHECK(1.0 <= e.estimate.high);
  }
  CHECK(f.monthly.constant.value == doctest::Approx(0.05).epsilon(0.15));
}
