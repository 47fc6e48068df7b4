// `subsim fit` on a cohort table (fitting/cohort_table, cohort_fit, fit_input): the worked
// example end to end, the holdout, degenerate cohorts, and every bad table named by its line.
#include "fitting/cohort_fit.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "fitting/fit_input.hpp"
#include "io/csv.hpp"
#include "io/json.hpp"

using namespace subsim;

namespace {

// Fader & Hardie (2007), Table 1: survivors of 1,000 after years 0…12 (see sbg_test.cpp).
const Survivors kRegular = {1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173};
const Survivors kHighEnd = {1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394};

// The table with the high-end rows first in reverse period order, then the regular ones
// interleaved with nothing: row order must not matter.
std::string worked_example() {
  std::string csv = "period,active,cohort\n";
  for (int t = 12; t >= 0; --t)
    csv += std::to_string(t) + "," + std::to_string(kHighEnd[t]) + ",high end\n";
  for (int t = 0; t <= 12; ++t)
    csv += std::to_string(t) + "," + std::to_string(kRegular[t]) + ",regular\n";
  return csv;
}

std::vector<CohortFit> fit_text(const std::string& csv, int holdout = 0) {
  CsvTable t = CsvTable::parse(csv, "cohorts.csv");
  return fit_cohorts(read_cohort_table(t), holdout, "cohorts.csv");
}

// The InputError text of reading `csv` as a cohort table.
std::string error_of(const std::string& csv, int holdout = 0) {
  try {
    fit_text(csv, holdout);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("cohort fit: the worked example with --holdout 5 gives the paper's estimates and files") {
  std::vector<CohortFit> fits = fit_text(worked_example(), 5);
  REQUIRE(fits.size() == 2);
  CHECK(fits[0].data.name == "high end");
  CHECK(fits[0].data.line == 2);
  CHECK(fits[1].data.name == "regular");
  const CohortFit& high = fits[0];
  const CohortFit& regular = fits[1];
  CHECK(regular.periods == 12);
  CHECK(regular.periods_used == 7);
  // Fader & Hardie (2007): regular alpha 0.704, beta 1.182; high end alpha 0.668, beta 3.806.
  CHECK(std::fabs(regular.sbg.alpha - 0.704) < 0.0005);
  CHECK(std::fabs(regular.sbg.beta - 1.182) < 0.0005);
  CHECK(std::fabs(high.sbg.alpha - 0.668) < 0.0005);
  CHECK(std::fabs(high.sbg.beta - 3.806) < 0.0005);
  CHECK(regular.projection_model == "sBG");
  CHECK(regular.last_period == 24);
  // Years 8-12 held out: the sBG projection is within a few percent of them.
  CHECK(regular.holdout_error.periods == 5);
  CHECK(regular.holdout_error.compared == 5);
  CHECK(regular.holdout_error.mape_percent < 4);
  CHECK(high.holdout_error.mape_percent < 4);
  CHECK(regular.holdout_error.mean_absolute_error > 0);

  JsonDocument doc = parse_json(fit_json(fits), "fit.json");
  JsonView cohorts = JsonView(doc)["cohorts"];
  REQUIRE(cohorts.size() == 2);
  JsonView r = cohorts[1];
  CHECK(r["cohort"].string() == "regular");
  CHECK(r["alpha"].number() == doctest::Approx(regular.sbg.alpha));
  CHECK(r["beta"].number() == doctest::Approx(regular.sbg.beta));
  CHECK(r["alpha_ci"][0].number() < r["alpha"].number());
  CHECK(r["alpha_ci"][1].number() > r["alpha"].number());
  CHECK(r["beta_ci"].size() == 2);
  CHECK(r["log_likelihood"].number() == doctest::Approx(regular.sbg.log_likelihood));
  CHECK(r["geometric"]["p"].number() == doctest::Approx(regular.geometric.p));
  CHECK(r["geometric"]["log_likelihood"].number() < r["log_likelihood"].number());
  CHECK(r["status"].string() == "ok");
  CHECK(r["customers"].number() == 1000);
  CHECK(r["periods_used"].number() == 7);
  CHECK(r["holdout"].number() == 5);
  CHECK(r["converged"].json() == true);
  CHECK(r["mean_churn"].number() == doctest::Approx(0.373).epsilon(1e-2));
  CHECK(r["likelihood_ratio"]["better"].string() == "sBG");
  CHECK(r["likelihood_ratio"]["p_value"].number() < 1e-9);
  CHECK(r["holdout_error"]["mape_percent"].number() == doctest::Approx(regular.holdout_error.mape_percent));
  CHECK(r["projection_model"].string() == "sBG");
  CHECK(r["interval_method"].string().find("profile likelihood") != std::string::npos);

  CsvTable p = CsvTable::parse(projection_csv(fits), "projection.csv");
  CHECK(p.header() == std::vector<std::string>{"cohort", "period", "actual", "fitted", "ci_low", "ci_high"});
  REQUIRE(p.rows() == 2 * 25);
  CHECK(p.at(0, "cohort") == "high end");
  CHECK(p.at(0, "fitted") == "1000.000");
  CHECK(p.at(0, "ci_low") == "1000.000");
  const std::size_t year12 = 25 + 12, year13 = 25 + 13;
  CHECK(p.at(year12, "actual") == "173");
  CHECK(p.at(year13, "actual") == "n/a");
  CHECK(p.number(year12, p.column("fitted")) == doctest::Approx(1000 * regular.band.fitted[12]).epsilon(1e-5));
  for (std::size_t row = 0; row < p.rows(); ++row) {
    const double lo = p.number(row, p.column("ci_low")), hi = p.number(row, p.column("ci_high"));
    const double fitted = p.number(row, p.column("fitted"));
    CHECK(lo <= fitted);
    CHECK(fitted <= hi);
  }
}

TEST_CASE("cohort fit: without holdout every period is fitted and there is no holdout error") {
  std::vector<CohortFit> fits = fit_text(worked_example());
  CHECK(fits[1].periods_used == 12);
  JsonDocument doc = parse_json(fit_json(fits), "fit.json");
  CHECK(JsonView(doc)["cohorts"][0]["holdout_error"].is_null());
  const std::string line = fit_summary_line(fits[1]);
  CHECK(line.rfind("regular: alpha ", 0) == 0);
  CHECK(line.find("; geometric p ") != std::string::npos);
  CHECK(line.find("sBG better (LR ") != std::string::npos);
  CHECK(line.find("p < 1e-9)") != std::string::npos);
}

TEST_CASE("cohort fit: degenerate cohorts get a status, a note and the geometric projection where it exists") {
  const std::string csv =
      "cohort,period,active\n"
      "empty,0,0\nempty,1,0\nempty,2,0\n"
      "loyal,0,300\nloyal,1,300\nloyal,2,300\n"
      "gone,0,50\ngone,1,0\ngone,2,0\n"
      "short,0,80\nshort,1,60\n"
      "lone,0,10\n";
  std::vector<CohortFit> fits = fit_text(csv);
  REQUIRE(fits.size() == 5);
  CHECK(fits[0].sbg.status == SbgStatus::empty);
  CHECK(fits[0].projection_model.empty());
  CHECK(fits[1].sbg.status == SbgStatus::no_churn);
  CHECK(fits[1].projection_model == "geometric");
  CHECK(fits[1].band.fitted[10] == 1.0);
  CHECK(fits[1].band.low[10] < 1.0);
  CHECK(fits[2].sbg.status == SbgStatus::all_churned_first_period);
  CHECK(fits[2].band.fitted[1] == 0.0);
  CHECK(fits[3].sbg.status == SbgStatus::too_few_periods);
  CHECK(fits[3].geometric.p == doctest::Approx(0.25));
  CHECK(fits[4].sbg.status == SbgStatus::too_few_periods);
  CHECK_FALSE(fits[4].geometric.defined);

  JsonDocument doc = parse_json(fit_json(fits), "fit.json");
  JsonView c = JsonView(doc)["cohorts"];
  CHECK(c[0]["alpha"].is_null());
  CHECK(c[0]["alpha_ci"][0].is_null());
  CHECK(c[0]["geometric"]["p"].is_null());
  CHECK(c[0]["projection_model"].is_null());
  CHECK(c[0]["note"].string() == "no customers at period 0: nothing to fit");
  CHECK(c[1]["status"].string() == "no_churn");
  CHECK(c[1]["geometric"]["p"].number() == 0);
  CHECK(c[1]["likelihood_ratio"]["better"].is_null());
  CsvTable p = CsvTable::parse(projection_csv(fits), "projection.csv");
  // empty: its 3 data rows without a model; loyal, gone, short: 11 rows each; lone: 1 row.
  CHECK(p.rows() == 3 + 11 + 11 + 11 + 1);
  CHECK(p.at(0, "fitted") == "n/a");
  CHECK(p.at(3 + 10, "fitted") == "300.000");
  CHECK(fit_summary_line(fits[1]).find("loyal: no_churn (nobody left in 2 periods") == 0);
  CHECK(fit_summary_line(fits[1]).find("projected by the geometric model") != std::string::npos);
}

TEST_CASE("cohort table: every bad table is an error naming its file and line") {
  CHECK(error_of("cohort,period,active,revenue\nx,0,10,5\n") ==
        "cohorts.csv:1: error: unexpected column 'revenue': a cohort table has exactly the columns "
        "cohort, period, active");
  CHECK(error_of("cohort,period,actve\nx,0,10\n").find("unexpected column 'actve' (did you mean 'active'?)") !=
        std::string::npos);
  CHECK(error_of("cohort,period,period\nx,0,1\n") == "cohorts.csv:1: error: column 'period' appears twice");
  CHECK(error_of("cohort,period\nx,0\n") == "cohorts.csv:1: error: no column 'active' in the header");
  CHECK(error_of("cohort,period,active\n") == "cohorts.csv:1: error: a header and no rows: no cohort to fit");
  CHECK(error_of("cohort,period,active\nx,0,10\n,1,5\n") == "cohorts.csv:3: error: cohort: an empty name");
  CHECK(error_of("cohort,period,active\nx,0,10\nx,one,5\n") ==
        "cohorts.csv:3: error: period: 'one' is not a whole number between 0 and 10000");
  CHECK(error_of("cohort,period,active\nx,0,10\nx,1,-5\n").rfind("cohorts.csv:3: error: active: '-5'", 0) == 0);
  CHECK(error_of("cohort,period,active\nx,0,10\nx,1,8\nx,1,7\n") ==
        "cohorts.csv:4: error: cohort 'x': period 1 again (first on line 3)");
  CHECK(error_of("cohort,period,active\nx,0,10\nx,1,8\nx,3,7\n") ==
        "cohorts.csv:4: error: cohort 'x': period 2 is missing (periods run 0, 1, 2, ... without gaps)");
  CHECK(error_of("cohort,period,active\nx,1,8\nx,2,7\n") ==
        "cohorts.csv:2: error: cohort 'x': period 0 is missing (period 0 is the cohort's size)");
  CHECK(error_of("cohort,period,active\nx,0,10\ny,0,5\nx,1,8\nx,2,9\n") ==
        "cohorts.csv:5: error: cohort 'x': 9 active at period 2, more than the 8 at period 1 (a cohort can only shrink)");
  CHECK(error_of("cohort,period,active\nx,0,10\ny,0,10\ny,1,8\ny,2,7\n", 2) ==
        "cohorts.csv:2: error: cohort 'x' has 0 period(s) after period 0: --holdout 2 leaves none to fit");
  CHECK(error_of("cohort,period,active\nx,0,10\nx,1,8\nx,2,7\n", 1) == "(no error)");
}

TEST_CASE("fit input: the header tells a cohort table from a subscription export") {
  CsvTable cohort = CsvTable::parse("active,cohort,period\n", "a.csv");
  CHECK(fit_input_of(cohort) == FitInput::cohort_table);
  CsvTable exported = CsvTable::parse(
      "account,subscription,reseller,edition,basis,term,seats,start,end,end_reason\n", "b.csv");
  CHECK(fit_input_of(exported) == FitInput::subscription_export);
  CsvTable neither = CsvTable::parse("name,month,customers\n", "c.csv");
  CHECK_THROWS_WITH_AS(fit_input_of(neither),
                       "c.csv:1: error: the header is neither a cohort table (cohort,period,active) "
                       "nor a subscription export (account,subscription,reseller,edition,basis,"
                       "term,seats,start,end,end_reason)",
                       InputError);
}

TEST_CASE("fit.json stays valid JSON for any cohort name, and names are quoted in projection.csv") {
  std::vector<CohortFit> fits =
      fit_text("cohort,period,active\n\"a, \"\"b\"\"\n\xff\",0,10\n\"a, \"\"b\"\"\n\xff\",1,6\n\"a, \"\"b\"\"\n\xff\",2,5\n");
  REQUIRE(fits.size() == 1);
  CHECK(fits[0].data.name == "a, \"b\"\n\xff");
  JsonDocument doc = parse_json(fit_json(fits), "fit.json");
  CHECK(JsonView(doc)["cohorts"][0]["cohort"].string().rfind("a, \"b\"\n", 0) == 0);
  CsvTable p = CsvTable::parse(projection_csv(fits), "projection.csv");
  CHECK(p.at(0, "cohort") == "a, \"b\"\n\xff");
}
