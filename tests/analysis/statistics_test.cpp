// Statistical checks against truths computable by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/run_report.hpp"
#include "analysis/simulate.hpp"
#include "scenario/scenario_loader.hpp"

using namespace subsim;

namespace {
Scenario load(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "stat.yaml");
  for (auto& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  return *r.scenario;
}

// Nothing happens but what the test asks for.
const char* kQuiet =
    "behaviour:\n"
    "  cancel: {monthly: 0, annual: 0}\n"
    "  seat_growth: 0\n  upgrade: 0\n  downgrade_monthly: 0\n  snafu: 0\n  come_back: 0\n"
    "  switch_reseller: 0\n";

double metric(const SimulationResult& r, const std::string& name, int rep) {
  for (const MetricColumn& c : summary_metrics(r.replications))
    if (c.name == name) return c.values[rep];
  FAIL("no metric " << name);
  return 0;
}
}  // namespace

TEST_CASE("no churn: bookings equal the closed form to the cent") {
  // 700 opening customers anchored on the first day, monthly deluxe × 3 seats, over one year:
  // the opening term (January) was invoiced before the period; the renewals on Jan 31 … Nov 30
  // invoice February … December inside it; the renewal on Dec 31 invoices January of the next
  // year, dated after the period (rules.md, Money): 11 invoices each.
  Scenario sc = load(
      std::string("name: closed\nseed: 5\nstart: 2027-01-01\nhorizon: 12m\n"
                  "population:\n  initial: 700\n  opening_anchors: start\n"
                  "  term: {choice: {monthly: 1, annual: 0}}\n"
                  "  edition: {choice: {essentials: 0, deluxe: 1, premier: 0, enterprise: 0}}\n"
                  "  seats: {fixed: 3}\n") +
      kQuiet);
  SimulationResult r = simulate(sc, sc.policy, sc.seed, 1, {});
  CHECK(metric(r, "bookings", 0) == 700.0 * 11 * 3 * 500);
  CHECK(metric(r, "churned_customers", 0) == 0);
  // The monthly series: nothing in January, 700 × 3 × 5.00 in each later month.
  CHECK(r.replications[0].series(Series::bookings, 0) == 0);
  for (int m = 1; m < 12; ++m) CHECK(r.replications[0].series(Series::bookings, m) == 700 * 3 * 500);

  // 300 arrivals a month on annual premier × 2 seats pay one term each: over 12 months the
  // first day's arrivals renew on the last day, but that invoice is dated the next year.
  Scenario arrivals = load(
      std::string("name: closed\nseed: 5\nstart: 2027-01-01\nhorizon: 12m\n"
                  "population:\n  initial: 0\n  monthly_arrivals: {fixed: 300}\n"
                  "  term: {choice: {monthly: 0, annual: 1}}\n"
                  "  edition: {choice: {essentials: 0, deluxe: 0, premier: 1, enterprise: 0}}\n"
                  "  seats: {fixed: 2}\n") +
      kQuiet);
  SimulationResult a = simulate(arrivals, arrivals.policy, arrivals.seed, 1, {});
  // 12 × 300 customers, each one annual term of 2 seats × 6.00 × 12 less 10 %.
  CHECK(metric(a, "bookings", 0) == 12.0 * 300 * (2 * 600 * 12 * 9 / 10));
  CHECK(metric(a, "new_customers", 0) == 3600);
}

namespace {
// Opening book anchored on the first day, monthly terms, each term cancelled with probability
// p, decided at the term's start (notice 0): after n months (1 − p)^n of the customers remain.
Scenario retention_scenario(double p, int customers, int months, int reps) {
  return load("name: retention\nseed: 11\nreplications: " + std::to_string(reps) +
              "\nstart: 2027-01-01\nend: " +
              format_iso(add_days(add_months_clamped(Date(2027, 1, 1), months), 1)) +
              "\npolicy: {notice_days: 0, grace_days: 1}\n"
              "population:\n  initial: " +
              std::to_string(customers) +
              "\n  opening_anchors: start\n  term: {choice: {monthly: 1, annual: 0}}\n"
              "behaviour:\n  cancel: {monthly: " +
              std::to_string(p) +
              ", annual: 0}\n"
              "  notice_days_before: {fixed: 1000}\n"
              "  seat_growth: 0\n  upgrade: 0\n  downgrade_monthly: 0\n  snafu: 0\n  come_back: 0\n"
              "  switch_reseller: 0\n");
}
}  // namespace

TEST_CASE("constant monthly cancellation p: the retained share after n months is (1 - p)^n") {
  double p = 0.05;
  int n = 6, customers = 4000, reps = 10;
  Scenario sc = retention_scenario(p, customers, n, reps);
  SimulationResult r = simulate(sc, sc.policy, sc.seed, reps, {});
  std::vector<double> share;
  for (int k = 0; k < reps; ++k) share.push_back(metric(r, "customers_end", k) / customers);
  std::span<const double> v(share.data(), reps);
  Interval iv = t_interval(v);
  double truth = std::pow(1 - p, n);
  MESSAGE("retained " << iv.mean << " [" << iv.low << ", " << iv.high << "], truth " << truth);
  CHECK(iv.low <= truth);
  CHECK(truth <= iv.high);
}

TEST_CASE("the ci95 covers the known mean in about 95 % of 200 seeds") {
  double p = 0.1;
  int n = 3, customers = 150, reps = 6;
  double truth = customers * std::pow(1 - p, n);
  int covered = 0, seeds = 200;
  Scenario sc = retention_scenario(p, customers, n, reps);
  SimulateOptions so;
  so.threads = 2;
  for (int seed = 1; seed <= seeds; ++seed) {
    SimulationResult r = simulate(sc, sc.policy, static_cast<std::uint64_t>(seed) * 7919, reps, so);
    std::vector<double> v;
    for (int k = 0; k < reps; ++k) v.push_back(metric(r, "customers_end", k));
    Interval iv = t_interval(std::span<const double>(v.data(), reps));
    covered += iv.low <= truth && truth <= iv.high;
  }
  MESSAGE("coverage " << covered << " / " << seeds);
  CHECK(covered >= 180);  // 95 % of 200 is 190; a binomial 99.9 % band is about 180 … 199
  CHECK(covered <= 199);
}

TEST_CASE("MRR from the event stream equals the mrr series, and movements add up every month") {
  LoadOptions o;
  o.sets = {"population.initial=2000", "replications=1"};
  LoadResult lr = load_scenario_file(SUBSIM_SOURCE_DIR "/scenarios/baseline.yaml", o);
  REQUIRE(lr.ok());
  const Scenario& sc = *lr.scenario;
  SimulateOptions so;
  so.trace = true;
  SimulationResult r = simulate(sc, sc.policy, sc.seed, 1, so);
  const RunMetrics& m = r.replications[0];
  std::vector<Cents> by_month(m.months(), 0);
  for (const Event& e : r.traces[0]) by_month[month_index(sc.start, e.date)] += e.mrr_delta;
  Cents running = 0;
  for (int month = 0; month < m.months(); ++month) {
    running += by_month[month];
    CHECK(m.series(Series::mrr, month) == running);
    Cents before = month == 0 ? m.totals().opening_mrr : m.series(Series::mrr, month - 1);
    CHECK(m.series(Series::mrr, month) - before ==
          m.series(Series::new_mrr, month) + m.series(Series::expansion_mrr, month) +
              m.series(Series::reactivation_mrr, month) - m.series(Series::contraction_mrr, month) -
              m.series(Series::churned_mrr, month));
  }
  CHECK(m.series_total(Series::bookings) > 0);
}

TEST_CASE("intent rates per term match their probabilities across gaps and upgrades") {
  // Monthly essentials customers anchored on the first day, 24 terms each, nobody leaving.
  // Seat growth (8 %) does not depend on the edition; upgrades (3 %) stop at the top edition,
  // so the odds of a term change after an upgrade and the gap to the next eventful term must
  // be redrawn. Both counts are compared with their exact expectations.
  const int customers = 3000, terms = 24;
  const double p_grow = 0.08, p_up = 0.03;
  Scenario sc = load(
      "name: rates\nseed: 3\nstart: 2027-01-01\nhorizon: 24m\n"
      "population:\n  initial: 3000\n  opening_anchors: start\n"
      "  term: {choice: {monthly: 1, annual: 0}}\n"
      "  edition: {choice: {essentials: 1, deluxe: 0, premier: 0, enterprise: 0}}\n"
      "behaviour:\n  cancel: {monthly: 0, annual: 0}\n  seat_growth: 0.08\n"
      "  upgrade: 0.03\n  downgrade_monthly: 0\n  snafu: 0\n  come_back: 0\n"
      "  switch_reseller: 0\n");
  SimulateOptions so;
  so.trace = true;
  SimulationResult r = simulate(sc, sc.policy, sc.seed, 1, so);
  int grows = 0, ups = 0;
  for (const Event& e : r.traces[0]) {
    grows += e.kind == EventKind::seat_add;
    ups += e.kind == EventKind::upgrade;
  }
  // Seat additions: binomial(customers × terms, p_grow).
  double n = static_cast<double>(customers) * terms;
  double grow_mean = n * p_grow, grow_sd = std::sqrt(n * p_grow * (1 - p_grow));
  // Upgrades: a chain over the four editions, one step up with p_up per term below the top.
  double dist[4] = {1, 0, 0, 0}, up_mean = 0;
  for (int t = 0; t < terms; ++t) {
    double below_top = dist[0] + dist[1] + dist[2];
    up_mean += customers * p_up * below_top;
    for (int e = 2; e >= 0; --e) {
      dist[e + 1] += dist[e] * p_up;
      dist[e] *= 1 - p_up;
    }
  }
  double up_sd = std::sqrt(up_mean);  // the variance is below the Poisson one
  MESSAGE("seat additions " << grows << " expected " << grow_mean << " ± " << grow_sd
                            << "; upgrades " << ups << " expected " << up_mean);
  CHECK(std::abs(grows - grow_mean) < 4 * grow_sd);
  CHECK(std::abs(ups - up_mean) < 4 * up_sd);
}

TEST_CASE("sBG cancel: the share surviving n renewal opportunities is B(a, b+n)/B(a, b)") {
  // Fader & Hardie (2007): each customer cancels a term with its own θ ~ Beta(a, b), so the
  // share left after n opportunities is E[(1 − θ)^n] = B(a, b + n) / B(a, b) — retention rises
  // with tenure. Annual customers anchored on the first day decide at each term's start, in
  // time for its cut-off (notice 30 days, decided 1000 days "before" the end = at the start);
  // grace lasts one day, so at the end of January of year n + 1 exactly the survivors of n
  // opportunities pay. (a, b) are the paper's "high end" estimates. Over 10 seeds × 5 tenures
  // the runs' 95 % intervals must cover the closed form (about 47 of 50 expected), and the
  // pooled share must lie within 4 standard errors of it.
  const double a = 0.704, b = 1.182;
  const int customers = 10000, reps = 4, years = 5, seeds = 10;
  Scenario sc = load(
      "name: sbg\nseed: 17\nstart: 2027-01-01\nhorizon: 62m\n"
      "policy: {notice_days: 30, grace_days: 1}\n"
      "population:\n  initial: 10000\n  opening_anchors: start\n"
      "  term: {choice: {monthly: 0, annual: 1}}\n"
      "behaviour:\n  cancel: {monthly: 0, annual: {beta: [0.704, 1.182]}}\n"
      "  notice_days_before: {fixed: 1000}\n"
      "  seat_growth: 0\n  upgrade: 0\n  downgrade_monthly: 0\n  snafu: 0\n  come_back: 0\n"
      "  switch_reseller: 0\n");
  CHECK(sc.behaviour.cancel_annual == doctest::Approx(a / (a + b)));  // the mean, shown as p
  auto lbeta = [](double x, double y) { return std::lgamma(x) + std::lgamma(y) - std::lgamma(x + y); };
  SimulateOptions so;
  so.threads = 2;
  int covered = 0;
  std::vector<double> pooled(years + 1, 0.0);
  for (int seed = 1; seed <= seeds; ++seed) {
    SimulationResult r = simulate(sc, sc.policy, static_cast<std::uint64_t>(seed) * 104729, reps, so);
    for (int n = 1; n <= years; ++n) {
      std::vector<double> share;
      for (int k = 0; k < reps; ++k)
        share.push_back(static_cast<double>(
                            r.replications[k].series(Series::active_customers, 12 * n)) /
                        customers);
      Interval iv = t_interval(std::span<const double>(share.data(), reps));
      const double truth = std::exp(lbeta(a, b + n) - lbeta(a, b));
      covered += iv.low <= truth && truth <= iv.high;
      pooled[n] += iv.mean / seeds;
    }
  }
  MESSAGE("intervals covering B(a, b+n)/B(a, b): " << covered << " / " << seeds * years);
  CHECK(covered >= 40);
  const double total = static_cast<double>(customers) * reps * seeds;
  for (int n = 1; n <= years; ++n) {
    const double truth = std::exp(lbeta(a, b + n) - lbeta(a, b));
    const double geometric = std::pow(1 - a / (a + b), n);  // a constant p with the same mean
    const double se = std::sqrt(truth * (1 - truth) / total);
    MESSAGE("n " << n << ": " << pooled[n] << " (se " << se << "), sBG " << truth
                 << ", constant p " << geometric);
    CHECK(std::abs(pooled[n] - truth) < 4 * se);
    if (n >= 2) CHECK(std::abs(pooled[n] - geometric) > 0.05);  // heterogeneity shows
  }
}

TEST_CASE("sBG cancel: a customer's theta is its own, whatever the thread count") {
  Scenario sc = load(
      "name: sbg\nseed: 3\nstart: 2027-01-01\nhorizon: 36m\n"
      "population:\n  initial: 3000\n  monthly_arrivals: {poisson: {mean: 50}}\n"
      "behaviour:\n  cancel: {monthly: {beta: [1.2, 20]}, annual: {beta: [0.7, 1.2]}}\n");
  SimulateOptions one, two;
  one.threads = 1;
  two.threads = 2;
  SimulationResult x = simulate(sc, sc.policy, sc.seed, 2, one);
  SimulationResult y = simulate(sc, sc.policy, sc.seed, 2, two);
  RunInfo info{"sbg", sc.seed, 2, sc.start, sc.end, "default"};
  CHECK(summary_json(info, x.replications) == summary_json(info, y.replications));
  CHECK(metric(x, "churned_customers", 0) > 0);
}

TEST_CASE("sBG cancel: a bad beta is a scenario error with its place") {
  for (const char* bad : {"{beta: [0, 1]}", "{beta: [1]}", "{beta: 0.3}", "{gamma: [1, 2]}"}) {
    LoadResult r = load_scenario_text(
        std::string("name: x\nstart: 2027-01-01\nhorizon: 12m\nbehaviour:\n  cancel: {annual: ") +
            bad + "}\n",
        "bad.yaml");
    INFO(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].format().rfind("bad.yaml:5:", 0) == 0);
  }
}

TEST_CASE("a term with no intent at all draws none, whatever its index") {
  // Everyone upgrades every term until the top edition; then nothing can happen any more. The
  // gap to the next eventful term was 32767 terms from term 0, which overflowed the 16-bit
  // term counter past the first term and made a quiet term draw a reseller switch.
  Scenario sc = load(
      "name: quiet\nseed: 8\nstart: 2027-01-01\nhorizon: 12m\n"
      "population:\n  initial: 500\n  opening_anchors: start\n"
      "  term: {choice: {monthly: 1, annual: 0}}\n"
      "  edition: {choice: {essentials: 1, deluxe: 0, premier: 0, enterprise: 0}}\n"
      "behaviour:\n  cancel: {monthly: 0, annual: 0}\n  seat_growth: 0\n  upgrade: 1\n"
      "  downgrade_monthly: 0\n  snafu: 0\n  come_back: 0\n  switch_reseller: 0\n");
  SimulateOptions so;
  so.trace = true;
  SimulationResult r = simulate(sc, sc.policy, sc.seed, 1, so);
  int offs = 0, ups = 0;
  for (const Event& e : r.traces[0]) {
    offs += e.kind == EventKind::auto_renew_off;
    ups += e.kind == EventKind::upgrade;
  }
  CHECK(ups == 500 * 3);  // essentials → deluxe → premier → enterprise
  CHECK(offs == 0);
  CHECK(metric(r, "customers_end", 0) == 500);
}

TEST_CASE("the customer bridge holds exactly in every month of every replication of the baseline") {
  LoadOptions o;
  o.sets = {"population.initial=3000", "replications=3"};
  LoadResult lr = load_scenario_file(SUBSIM_SOURCE_DIR "/scenarios/baseline.yaml", o);
  REQUIRE(lr.ok());
  const Scenario& sc = *lr.scenario;
  SimulateOptions so;
  so.threads = 2;
  SimulationResult r = simulate(sc, sc.policy, sc.seed, 3, so);
  std::int64_t reactivated = 0, involuntary = 0;
  for (const RunMetrics& m : r.replications) {
    for (int month = 0; month < m.months(); ++month) {
      const std::int64_t start = m.series(Series::customers_start, month);
      CHECK(start + m.series(Series::new_customers, month) +
                m.series(Series::reactivated_customers, month) -
                m.series(Series::churned_customers, month) ==
            m.series(Series::active_customers, month));
      CHECK(m.series(Series::churned_customers, month) ==
            m.series(Series::churned_voluntary, month) + m.series(Series::churned_involuntary, month));
    }
    reactivated += m.series_total(Series::reactivated_customers);
    involuntary += m.series_total(Series::churned_involuntary);
  }
  CHECK(reactivated > 0);  // the baseline has come-backs and unfixed snafus: both paths run
  CHECK(involuntary > 0);
}
