// Policy comparison on common random numbers.
#include "analysis/compare.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/simulate.hpp"
#include "io/csv.hpp"
#include "scenario/scenario_loader.hpp"

using namespace subsim;

namespace {
Scenario with_policy(const std::string& policy) {
  LoadOptions o;
  o.sets = {"population.initial=3000", "population.monthly_arrivals.poisson.mean=30"};
  o.policy = policy;
  LoadResult r = load_scenario_file(SUBSIM_SOURCE_DIR "/scenarios/baseline.yaml", o);
  for (auto& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  return *r.scenario;
}

std::vector<PolicyRun> run_both(bool independent, int reps, std::uint64_t seed = 0) {
  std::vector<PolicyRun> runs;
  int i = 0;
  for (const char* name : {"notice_0", "notice_60"}) {
    Scenario sc = with_policy(name);
    SimulateOptions so;
    so.stream_offset = independent ? independent_stream_offset(i) : 0;
    runs.push_back({name, simulate(sc, sc.policy, seed ? seed : sc.seed, reps, so).replications});
    ++i;
  }
  return runs;
}

const ComparisonRow& row(const std::vector<ComparisonRow>& rows, const std::string& metric,
                         const std::string& policy) {
  for (const auto& r : rows)
    if (r.metric == metric && r.policy == policy) return r;
  FAIL("no row");
  return rows[0];
}
}  // namespace

TEST_CASE("common random numbers make the interval of a difference narrower: median over 10 seeds") {
  // One seed can pass or fail by luck (seeds 3 and 6 give 2.5× and 2.9× on bookings), so the
  // statistic is the median over 10 seeds of the ratio independent width / paired width.
  const int reps = 10;
  std::vector<double> bookings, churn;
  int significant = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    auto crn = compare_policies(run_both(false, reps, seed), true);
    auto ind = compare_policies(run_both(true, reps, seed), false);
    for (auto [metric, out] : {std::pair{"bookings", &bookings}, std::pair{"churned_customers", &churn}}) {
      const ComparisonRow& a = row(crn, metric, "notice_60");
      const ComparisonRow& b = row(ind, metric, "notice_60");
      double paired = a.diff.high - a.diff.low, independent = b.diff.high - b.diff.low;
      REQUIRE(paired > 0);
      out->push_back(independent / paired);
    }
    // A longer notice period keeps more late turn-offs paying: bookings go up.
    significant += row(crn, "bookings", "notice_60").diff.low > 0;
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return (v[4] + v[5]) / 2;
  };
  MESSAGE("median width ratio: bookings " << median(bookings) << ", churned customers "
                                          << median(churn));
  CHECK(median(bookings) >= 3.0);
  CHECK(median(churn) >= 1.2);
  CHECK(significant >= 9);
}

TEST_CASE("compare.csv has the contract's columns, one row per metric and policy") {
  auto rows = compare_policies(run_both(false, 3), true);
  std::string csv = compare_csv(rows);
  CHECK(csv.rfind("metric,policy,mean,ci_low,ci_high,diff,diff_ci_low,diff_ci_high,n,diff_n\n",
                  0) == 0);
  CHECK(csv.find("\nbookings,notice_0,") != std::string::npos);
  CHECK(csv.find("\nbookings,notice_60,") != std::string::npos);
  const ComparisonRow& ref = row(rows, "bookings", "notice_0");
  CHECK(ref.diff.mean == 0);
}

TEST_CASE("Welch's interval for independent samples") {
  Interval w = welch_interval({1, 2, 3, 4, 5}, {2, 4, 6, 8, 10});
  CHECK(w.mean == doctest::Approx(-3));
  CHECK(w.low < -3);
  CHECK(w.high > -3);
  CHECK(w.high - w.low ==
        doctest::Approx(2 * 2.5705 * std::sqrt(2.5 / 5 + 10.0 / 5)).epsilon(0.05));
}

TEST_CASE("compare.csv: a policy name with commas, quotes or a line break stays one field") {
  ComparisonRow row;
  row.metric = "mrr_end";
  row.policy = "notice, \"60\"\nstrict";
  row.unit = MetricColumn::Unit::money;
  row.value = {12345, 0, 12000, 12600, 3};
  row.diff = {0, 0, 0, 0, 3};
  CsvTable t = CsvTable::parse(compare_csv({row, row}), "compare.csv");
  REQUIRE(t.rows() == 2);
  CHECK(t.at(1, "policy") == row.policy);
  CHECK(t.at(1, "mean") == "123.45");
  CHECK(t.header().size() == 10);
  CHECK(t.at(1, "n") == "3");
}
