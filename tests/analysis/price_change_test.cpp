// P1 through the engine, closed forms with churn off: each subscription's invoices step at its
// first eligible renewal (grandfathered ones N terms later), prepaid terms are never repriced,
// new orders pay the new price, and the MRR bridge keeps price moves apart.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "analysis/simulate.hpp"
#include "scenario/names.hpp"
#include "scenario/scenario_loader.hpp"
#include "sim/population_plan.hpp"
#include "tests/sim/harness.hpp"

using namespace subsim;

namespace {

using test::load;  // the sim tests' loader: diagnostics shown, the scenario required

// deluxe is 5.00 per seat per month in the default catalog; annual terms get 10 % off.
std::string scenario(const std::string& changes, const std::string& accounts) {
  return "name: t\nseed: 7\nstart: 2027-01-01\nend: 2028-12-31\nresellers: [north]\n"
         "catalog:\n  price_changes:\n" + changes + "accounts:\n" + accounts;
}
std::string account(const std::string& id, const std::string& term, const std::string& start) {
  return "  - id: " + id + "\n    reseller: north\n    subscriptions:\n      - {id: s, edition: "
         "deluxe, basis: per_device, term: " + term + ", seats: 10, start: " + start + "}\n";
}

struct Run {
  std::vector<Event> events;
  RunMetrics metrics;
};
Run run(const Scenario& sc) {
  SimulateOptions o;
  o.trace = true;
  SimulationResult r = simulate(sc, sc.policy, sc.seed, 1, o);
  return {r.traces[0], r.replications[0]};
}

// account → [(date, amount)] of its invoicing events (start, renewal).
std::map<std::string, std::vector<std::pair<std::string, Cents>>> invoices(const Scenario& sc,
                                                                            const Run& r) {
  std::map<std::string, std::vector<std::pair<std::string, Cents>>> out;
  for (const Event& e : r.events)
    if (e.kind == EventKind::start || e.kind == EventKind::renewal)
      out[account_name(sc, e.customer)].push_back({format_iso(e.date), e.amount});
  return out;
}

}  // namespace

using Invoices = std::vector<std::pair<std::string, Cents>>;

TEST_CASE("P1 a 5 % rise reaches each subscription at its first renewal on or after the date") {
  const Scenario sc = load(scenario("    - {date: 2027-03-15, factor: 1.05}\n",
                                    account("m", "monthly", "2027-01-01") +
                                        account("y", "annual", "2027-01-01") +
                                        account("late", "monthly", "2027-06-10")));
  const Run r = run(sc);
  auto inv = invoices(sc, r);
  // Monthly: the term starting Apr 1 is the first on or after Mar 15 (renewal dated Mar 31).
  const Invoices m = inv["m"];
  REQUIRE(m.size() == 25);  // the start and 24 renewals (the last, Dec 31 2028, for Jan 2029)
  CHECK(m[2] == std::make_pair(std::string("2027-02-28"), Cents{5000}));
  CHECK(m[3] == std::make_pair(std::string("2027-03-31"), Cents{5250}));
  CHECK(m[24].second == 5250);
  // Annual: the term invoiced on Jan 1 is never repriced; the next one is, at 5.25 × 12 × 0.9.
  const Invoices y = inv["y"];
  REQUIRE(y.size() == 3);
  CHECK(y[0].second == 54000);
  CHECK(y[1] == std::make_pair(std::string("2027-12-31"), Cents{56700}));
  // A new order after the date pays the new price from its first term.
  CHECK(inv["late"][0] == std::make_pair(std::string("2027-06-10"), Cents{5250}));
  // The price_change events: one per repriced subscription, before its renewal, dated with it.
  std::vector<std::string> changes;
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const Event& e = r.events[i];
    if (e.kind != EventKind::price_change) continue;
    changes.push_back(account_name(sc, e.customer) + " " + format_iso(e.date) + " " +
                      std::to_string(e.mrr_delta));
    CHECK(e.rule == RuleId::P1);
    REQUIRE(i + 1 < r.events.size());
    CHECK(r.events[i + 1].kind == EventKind::renewal);
    CHECK(r.events[i + 1].mrr_delta == 0);
  }
  CHECK(changes == std::vector<std::string>{"m 2027-03-31 250", "y 2027-12-31 225"});
  // The MRR bridge keeps price moves apart from expansion: March +2.50, December +2.25.
  const RunMetrics& k = r.metrics;
  CHECK(k.series(Series::price_expansion_mrr, 2) == 250);
  CHECK(k.series(Series::price_expansion_mrr, 11) == 225);
  CHECK(k.series_total(Series::price_expansion_mrr) == 475);
  CHECK(k.series_total(Series::expansion_mrr) == 0);
  CHECK(k.series_total(Series::price_contraction_mrr) == 0);
  CHECK(k.series(Series::mrr, 23) == 5250 + 4725 + 5250);
  // Revenue recognised in 2027 is what was invoiced for 2027's days: the annual term at its
  // invoice (540.00, not at the new price), m's Jan–Mar at 50.00 and Apr–Dec at 52.50.
  const Scenario two = load(scenario("    - {date: 2027-03-15, factor: 1.05}\n",
                                     account("m", "monthly", "2027-01-01") +
                                         account("y", "annual", "2027-01-01")));
  const RunMetrics k2 = run(two).metrics;
  Cents in2027 = 0;
  for (int month = 0; month < 12; ++month) in2027 += k2.series(Series::recognized_revenue, month);
  CHECK(in2027 == 54000 + 3 * 5000 + 9 * 5250);
}

TEST_CASE("P1 grandfathered terms, notice days, and changes composed in date order") {
  SUBCASE("grandfather_terms: 2 — two more terms at the old price") {
    const Scenario sc = load(scenario(
        "    - {date: 2027-03-15, factor: 1.05, grandfather_terms: 2}\n",
        account("m", "monthly", "2027-01-01") + account("y", "annual", "2027-01-01")));
    auto inv = invoices(sc, run(sc));
    const Invoices m = inv["m"];
    CHECK(m[3] == std::make_pair(std::string("2027-03-31"), Cents{5000}));  // April
    CHECK(m[4] == std::make_pair(std::string("2027-04-30"), Cents{5000}));  // May
    CHECK(m[5] == std::make_pair(std::string("2027-05-31"), Cents{5250}));  // June
    // The annual renewals of 2027-12-31 and 2028-12-31 are the two grandfathered terms.
    for (const auto& i : inv["y"]) CHECK(i.second == 54000);
  }
  SUBCASE("notice_days: 60 — terms starting on or after Apr 30; new orders pay it at once") {
    const Scenario sc = load(scenario("    - {date: 2027-03-01, factor: 1.10, notice_days: 60}\n",
                                      account("m", "monthly", "2027-01-01") +
                                          account("new", "monthly", "2027-03-10")));
    auto inv = invoices(sc, run(sc));
    CHECK(inv["m"][3] == std::make_pair(std::string("2027-03-31"), Cents{5000}));
    CHECK(inv["m"][4] == std::make_pair(std::string("2027-04-30"), Cents{5500}));
    CHECK(inv["new"][0] == std::make_pair(std::string("2027-03-10"), Cents{5500}));
  }
  SUBCASE("two changes, listed out of order, compose in date order") {
    const Scenario sc = load(scenario("    - {date: 2027-05-01, prices: {deluxe: 6.00}}\n"
                                      "    - {date: 2027-03-01, factor: 1.10}\n",
                                      account("m", "monthly", "2027-01-01")));
    const Invoices m = invoices(sc, run(sc))["m"];
    CHECK(m[2] == std::make_pair(std::string("2027-02-28"), Cents{5500}));  // Mar: 5.50
    CHECK(m[3].second == 5500);
    CHECK(m[4] == std::make_pair(std::string("2027-04-30"), Cents{6000}));  // May: 6.00
  }
  SUBCASE("a change for annual terms only leaves monthly ones alone") {
    const Scenario sc = load(scenario("    - {date: 2027-03-01, factor: 1.2, terms: [annual]}\n",
                                      account("m", "monthly", "2027-01-01") +
                                          account("y", "annual", "2027-01-01")));
    auto inv = invoices(sc, run(sc));
    for (const auto& i : inv["m"]) CHECK(i.second == 5000);
    CHECK(inv["y"][1].second == 64800);  // 6.00 × 10 × 12 × 0.9
  }
}

TEST_CASE("P1 an upgrade keeps a grandfathered price's difference; the rise comes after") {
  const Scenario sc = load(scenario(
      "    - {date: 2027-03-15, factor: 1.05, grandfather_terms: 2}\n",
      account("m", "monthly", "2027-01-01") +
          "    actions:\n      - {date: 2027-04-10, action: upgrade, subscription: s, "
          "edition: premier}\n"));
  const Run r = run(sc);
  Cents charge = -1;
  for (const Event& e : r.events)
    if (e.kind == EventKind::upgrade) charge = e.amount;
  // deluxe 5.00 → premier 6.00 at the prices it is on: 10.00 a month more, Apr 10 … 30 of 30.
  CHECK(charge == 700);
  const Invoices m = invoices(sc, r)["m"];
  CHECK(m[4] == std::make_pair(std::string("2027-04-30"), Cents{6000}));  // still grandfathered
  CHECK(m[5] == std::make_pair(std::string("2027-05-31"), Cents{6300}));  // 6.00 × 1.05
}

TEST_CASE("P1 a price-only variant with E = 0 changes no customer's life (common random numbers)") {
  // The same population with and without a 10 % rise inside the run: every event but the
  // price_change rows happens on the same day to the same subscription; only amounts differ.
  const std::string population =
      "population: {initial: 300, monthly_arrivals: {poisson: {mean: 20}}}\n"
      "behaviour: {cancel: {monthly: 0.05, annual: 0.2}}\n";
  const std::string head = "name: t\nseed: 3\nstart: 2027-01-01\nend: 2028-12-31\n";
  const Scenario plain = load(head + population);
  const Scenario priced = load(head + population +
                               "catalog: {price_changes: [{date: 2027-06-01, factor: 1.1}]}\n");
  SimulateOptions o;
  o.trace = true;
  const auto a = simulate(plain, plain.policy, 3, 1, o).traces[0];
  std::vector<Event> b;
  std::size_t changes = 0;
  const SimulationResult with = simulate(priced, priced.policy, 3, 1, o);  // kept: its trace is read
  for (const Event& e : with.traces[0]) {
    if (e.kind == EventKind::price_change) {
      ++changes;
      continue;
    }
    b.push_back(e);
  }
  CHECK(changes > 100);
  REQUIRE(a.size() == b.size());
  std::size_t same = 0, dearer = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    same += a[i].date == b[i].date && a[i].kind == b[i].kind && a[i].customer == b[i].customer &&
            a[i].sub == b[i].sub && a[i].seats == b[i].seats;
    dearer += b[i].amount > a[i].amount;
  }
  CHECK(same == a.size());
  CHECK(dearer > 0);
}

TEST_CASE("P1 a change dated before the run reaches the book at its first renewal in the run") {
  // The run starts 2027-01-01; the change is of 2026-06-01. An annual subscription in force
  // (anchored 2026-09-01, invoiced before the run) is recognised at its old price until it
  // renews on 2027-08-31; a new order on the first day pays the new price.
  const Scenario sc = load(
      "name: t\nseed: 7\nstart: 2027-01-01\nend: 2027-12-31\nresellers: [north]\n"
      "catalog: {price_changes: [{date: 2026-06-01, factor: 1.10}]}\naccounts:\n"
      "  - id: old\n    reseller: north\n    subscriptions:\n      - {id: s, edition: deluxe, "
      "basis: per_device, term: annual, seats: 10, start: 2026-09-01}\n" +
      account("new", "monthly", "2027-01-01"));
  const Run r = run(sc);
  auto inv = invoices(sc, r);
  CHECK(inv["new"][0].second == 5500);
  REQUIRE(inv["old"].size() == 1);  // its renewal: the term of 2026 was invoiced before the run
  CHECK(inv["old"][0] == std::make_pair(std::string("2027-08-31"), Cents{59400}));  // 5.50 × 10 × 12 × 0.9
  Cents opening_revenue = 0;
  for (const Event& e : r.events)
    if (e.kind == EventKind::opening && account_name(sc, e.customer) == "old") opening_revenue = e.revenue;
  CHECK(opening_revenue == 54000);  // the term in force, at the price it was invoiced at
}

TEST_CASE("P1 price response: the first term at the new price cancels with p · (1 + E · x)") {
  // 20,000 monthly customers cancelling with p = 0.05 a term (turning auto-renew off 10 days
  // before the term ends, in time with no notice period), nothing else happening. Prices rise
  // 10 % on Mar 1; E = 2 makes the first term at the new price cancel with 0.05 × 1.2 = 0.06.
  const std::string base =
      "name: t\nseed: 11\nstart: 2027-01-01\nend: 2027-08-31\n"
      "policy: {notice_days: 0}\n"
      "catalog: {price_changes: [{date: 2027-03-01, factor: 1.10}]}\n"
      "population: {initial: 20000, term: {choice: {monthly: 1.0}}}\n"
      "behaviour: {cancel: {monthly: 0.05}, notice_days_before: {fixed: 10}, seat_growth: 0, "
      "upgrade: 0, downgrade_monthly: 0, snafu: 0, come_back: 0, switch_reseller: 0, "
      "price_response: {cancel_elasticity: ";
  auto measure = [&](const std::string& e) {
    const Scenario sc = load(base + e + "}}\n");
    SimulateOptions o;
    o.trace = true;
    const std::vector<Event> ev = simulate(sc, sc.policy, sc.seed, 1, o).traces[0];
    // (customer, subscription) → the term that began at the new price.
    std::map<std::pair<std::uint32_t, int>, std::pair<Date, Date>> repriced;
    for (std::size_t i = 0; i + 1 < ev.size(); ++i)
      if (ev[i].kind == EventKind::price_change)
        repriced[{ev[i].customer, ev[i].sub}] = {ev[i + 1].rev_from, ev[i + 1].rev_to};
    std::int64_t left = 0;
    for (const Event& e2 : ev)
      if (e2.kind == EventKind::auto_renew_off) {
        auto it = repriced.find({e2.customer, e2.sub});
        left += it != repriced.end() && e2.date >= it->second.first && e2.date <= it->second.second;
      }
    return std::make_pair(static_cast<double>(repriced.size()), static_cast<double>(left));
  };
  // Not structured bindings: INFO captures them (clang 14 cannot).
  for (const auto& ep : {std::make_pair(std::string("2"), 0.06), std::make_pair(std::string("0"), 0.05)}) {
    const std::string& e = ep.first;
    const double p = ep.second;
    const auto measured = measure(e);
    const double at_risk = measured.first, left = measured.second;
    REQUIRE(at_risk > 15000);
    const double expected = at_risk * p, se = std::sqrt(at_risk * p * (1 - p));
    INFO("E = " << e << ": " << left << " left of " << at_risk << ", expected " << expected
                << " ± " << se);
    CHECK(std::abs(left - expected) <= 4 * se);
  }
}

TEST_CASE("P1 price response: arrivals × (1 + E · x) while the list is above the original") {
  const Scenario sc = load(
      "name: t\nseed: 5\nstart: 2027-01-01\nend: 2027-06-30\n"
      "catalog: {price_changes: [{date: 2027-03-01, factor: 1.2}]}\n"
      "population: {initial: 0, monthly_arrivals: {fixed: 100}}\n"
      "behaviour: {price_response: {arrival_elasticity: -1}}\n");
  const PopulationPlan plan = plan_population(sc, sc.seed, 0);
  std::vector<std::uint32_t> per_month;
  for (std::size_t m = 0; m + 1 < plan.month_first.size(); ++m)
    per_month.push_back(plan.month_first[m + 1] - plan.month_first[m]);
  // Jan, Feb at the original list; from March 20 % above it: 100 × (1 − 0.2).
  CHECK(per_month == std::vector<std::uint32_t>{100, 100, 80, 80, 80, 80});
}

TEST_CASE("P1 discounts: a reseller's, an edition's annual one, a first-term promotion") {
  // north sells 20 % off the list; enterprise's annual prepay is 25 % off (the catalog's 10 %);
  // orders from Feb 1 to Mar 31 pay 50 % less for their first 2 terms.
  const std::string head =
      "name: t\nseed: 7\nstart: 2027-01-01\nend: 2027-12-31\n"
      "resellers: [{name: north, discount: 0.2}, south]\n"
      "catalog:\n  editions:\n    - {name: essentials, monthly_price: 4.00}\n"
      "    - {name: deluxe, monthly_price: 5.00}\n    - {name: premier, monthly_price: 6.00}\n"
      "    - {name: enterprise, monthly_price: 9.00, annual_discount: 0.25}\n"
      "  promotions: [{from: 2027-02-01, to: 2027-03-31, first_terms: 2, discount: 0.5}]\n"
      "accounts:\n";
  auto sub = [](const std::string& id, const std::string& reseller, const std::string& edition,
                const std::string& term, const std::string& start) {
    return "  - id: " + id + "\n    reseller: " + reseller + "\n    subscriptions:\n      - {id: s, "
           "edition: " + edition + ", basis: per_device, term: " + term + ", seats: 10, start: " +
           start + "}\n";
  };
  const Scenario sc = load(head + sub("n", "north", "deluxe", "monthly", "2027-01-01") +
                           sub("s", "south", "deluxe", "monthly", "2027-01-01") +
                           sub("e", "south", "enterprise", "annual", "2027-01-01") +
                           sub("p", "south", "deluxe", "monthly", "2027-02-10"));
  const Run r = run(sc);
  auto inv = invoices(sc, r);
  CHECK(inv["n"][0].second == 4000);    // 5.00 × 0.8 × 10
  CHECK(inv["n"][1].second == 4000);    // kept at renewals
  CHECK(inv["s"][0].second == 5000);    // south: the list
  CHECK(inv["e"][0].second == 81000);   // 9.00 × 10 × 12 × 0.75
  // The promotion: Feb 10 and Mar 10 at half price, then the list — a price_change (P1) up.
  const Invoices p = inv["p"];
  CHECK(p[0] == std::make_pair(std::string("2027-02-10"), Cents{2500}));
  CHECK(p[1] == std::make_pair(std::string("2027-03-09"), Cents{2500}));
  CHECK(p[2] == std::make_pair(std::string("2027-04-09"), Cents{5000}));
  int promo_ends = 0;
  for (const Event& e : r.events)
    if (e.kind == EventKind::price_change && account_name(sc, e.customer) == "p") {
      ++promo_ends;
      CHECK(format_iso(e.date) == "2027-04-09");
      CHECK(e.mrr_delta == 2500);
    }
  CHECK(promo_ends == 1);
  CHECK(r.metrics.series(Series::price_expansion_mrr, 3) == 2500);  // April
}

TEST_CASE("P1 bad discounts and promotions: FILE:LINE:COL") {
  auto errors = [](const std::string& yaml) {
    return load_scenario_text("name: t\nstart: 2027-01-01\nend: 2027-12-31\n"
                              "population: {initial: 1}\n" + yaml, "s.yaml").errors;
  };
  auto first = [&](const std::string& yaml) {
    auto e = errors(yaml);
    REQUIRE_FALSE(e.empty());
    return e[0].format();
  };
  CHECK(first("resellers: [{name: north, discount: 1.5}]\n").find("s.yaml:5:") == 0);
  CHECK(first("resellers: [{discount: 0.1}]\n").find("a reseller needs a name") !=
        std::string::npos);
  CHECK(first("catalog: {promotions: [{from: 2027-03-01, to: 2027-02-01, discount: 0.1}]}\n")
            .find("ends (2027-02-01) before it starts") != std::string::npos);
  CHECK(first("catalog: {promotions: [{from: 2027-01-01, to: 2027-02-01, discount: 0.1},"
              " {from: 2027-02-01, to: 2027-03-01, discount: 0.2}]}\n")
            .find("promotions overlap") != std::string::npos);
  CHECK(first("catalog: {promotions: [{from: 2027-01-01, to: 2027-02-01, discount: 0.1, "
              "first_terms: 0}]}\n")
            .find("first_terms") != std::string::npos);
  CHECK(first("catalog:\n  editions:\n    - {name: a, monthly_price: 4.00}\n"
              "    - {name: b, monthly_price: 4.10, annual_discount: 0.5}\n")
            .find("costs less for a year") != std::string::npos);
}

TEST_CASE("P1 a restore in grace is priced as a renewal: a promotion does not outlast its terms") {
  // Promoted for its first term only; its first renewal fails (E5) and is fixed in grace (E2):
  // the restored term is the second, at the full price, and so is the next.
  const Scenario sc = load(
      "name: t\nseed: 7\nstart: 2027-01-01\nend: 2027-12-31\nresellers: [north]\n"
      "catalog: {promotions: [{from: 2027-02-01, to: 2027-02-28, first_terms: 1, discount: 0.5}]}\n"
      "accounts:\n" + account("p", "monthly", "2027-02-10") +
      "    actions:\n      - {date: 2027-02-20, action: renewal_fails, subscription: s}\n"
      "      - {date: 2027-03-12, action: fix_renewal, subscription: s}\n");
  const Run r = run(sc);
  std::vector<std::pair<std::string, Cents>> paid;
  for (const Event& e : r.events)
    if (e.amount != 0) paid.push_back({std::string(to_string(e.kind)), e.amount});
  REQUIRE(paid.size() >= 3);
  CHECK(paid[0] == std::make_pair(std::string("start"), Cents{2500}));
  CHECK(paid[1] == std::make_pair(std::string("restore"), Cents{5000}));
  CHECK(paid[2] == std::make_pair(std::string("renewal"), Cents{5000}));
}

TEST_CASE("P1 a change for other term types does not hold back a later one") {
  // A: annual only, a year's notice; B: monthly, a month later. Monthly subscriptions reach B at
  // their first term on or after Aug 1, not after A's notice runs out.
  const Scenario sc = load(scenario(
      "    - {date: 2027-07-01, factor: 1.05, terms: [annual], notice_days: 365}\n"
      "    - {date: 2027-08-01, factor: 1.03, terms: [monthly]}\n",
      account("m", "monthly", "2027-01-01")));
  const Invoices m = invoices(sc, run(sc))["m"];
  CHECK(m[6] == std::make_pair(std::string("2027-06-30"), Cents{5000}));
  CHECK(m[7] == std::make_pair(std::string("2027-07-31"), Cents{5150}));
}
