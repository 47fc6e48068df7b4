// subsim fit on the command line: the worked example end to end, and bad input printed as
// FILE:LINE: error: MESSAGE with exit 2 and nothing written.
#include <doctest/doctest.h>

#include "tests/test_files.hpp"

#include "tests/cli/run_subsim.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using cli_test::Outcome;
using cli_test::subsim;

using test_files::slurp;

void write(const std::string& f, const std::string& text) { std::ofstream(f) << text; }

const std::string kTable = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/cohorts/fader_hardie.csv";

}  // namespace

TEST_CASE("subsim fit: the Fader-Hardie cohorts give the paper's alpha and beta, fit.json, projection.csv and the manifest") {
  std::filesystem::remove_all("cli_fit_out");
  Outcome o = subsim("fit " + kTable + " --out cli_fit_out --holdout 5");
  REQUIRE_MESSAGE(o.status == 0, o.output);
  INFO(o.output);
  CHECK(o.output.find("regular: alpha 0.704 [") != std::string::npos);
  CHECK(o.output.find("], beta 1.18 [") != std::string::npos);
  CHECK(o.output.find("high end: alpha 0.668 [") != std::string::npos);
  CHECK(o.output.find("], beta 3.81 [") != std::string::npos);
  CHECK(o.output.find("sBG better (LR ") != std::string::npos);
  CHECK(o.output.find("holdout 5: MAPE ") != std::string::npos);
  CHECK(o.output.find("wrote cli_fit_out") != std::string::npos);
  const std::string json = slurp("cli_fit_out/fit.json");
  CHECK(json.find("\"alpha\": 0.704") != std::string::npos);
  CHECK(slurp("cli_fit_out/projection.csv").rfind("cohort,period,actual,fitted,ci_low,ci_high\n", 0) == 0);
  const std::string manifest = slurp("cli_fit_out/manifest.json");
  CHECK(manifest.find("\"kind\": \"fit\"") != std::string::npos);
  CHECK(manifest.find("fader_hardie.csv\", \"sha256\": \"") != std::string::npos);
  CHECK(manifest.find("{\"name\": \"fit.json\"") != std::string::npos);
}

TEST_CASE("subsim fit: bad input is FILE:LINE: error: MESSAGE, exit 2, nothing written") {
  write("cli_fit_export.csv",
        "account,subscription,reseller,edition,basis,term,seats,start,end,end_reason\n");
  write("cli_fit_bad.csv", "cohort,period,active\na,0,10\na,1,12\n");
  struct Case {
    std::string args, message;
  } cases[] = {
      {"fit cli_fit_export.csv --out cli_fit_none", "a subscription export needs --as-of DATE"},
      {"fit cli_fit_export.csv --as-of 2027-02-30 --out cli_fit_none", "--as-of must be a date"},
      {"fit cli_fit_export.csv --as-of 2027-01-01 --holdout 2 --out cli_fit_none",
       "--holdout is for cohort tables"},
      {"fit " + kTable + " --as-of 2027-01-01 --out cli_fit_none", "are for subscription exports"},
      {"fit cli_fit_bad.csv --out cli_fit_none",
       "cli_fit_bad.csv:3: error: cohort 'a': 12 active at period 1, more than the 10 at period 0"},
      {"fit cli_fit_missing.csv --out cli_fit_none", "cli_fit_missing.csv: error: "},
      {"fit " + kTable + " --out cli_fit_none --holdout 12", "--holdout 12 leaves none to fit"},
      {"fit " + kTable + " --out cli_fit_none --holdout two", "--holdout must be a whole number"},
  };
  std::filesystem::remove_all("cli_fit_none");
  for (const Case& c : cases) {
    Outcome o = subsim(c.args);
    CHECK_MESSAGE(o.status == 2, c.args << "\n" << o.output);
    CHECK_MESSAGE(o.output.find(c.message) != std::string::npos, c.args << "\n" << o.output);
    CHECK_MESSAGE(o.output.find("internal error") == std::string::npos, o.output);
    CHECK_FALSE(std::filesystem::exists("cli_fit_none"));
  }
}

TEST_CASE("subsim fit: export -> fit -> run, the round trip on the command line") {
  // A traced run writes subscriptions.csv; fitting it writes a book and a scenario that runs.
  namespace fs = std::filesystem;
  fs::remove_all("cli_rt");
  Outcome run = subsim("run " + std::string(SUBSIM_SOURCE_DIR) +
                       "/scenarios/baseline.yaml --replications 1 --set population.initial=1500 "
                       "--out cli_rt/run --trace --quiet");
  REQUIRE_MESSAGE(run.status == 0, run.output);
  const std::string exported = slurp("cli_rt/run/subscriptions.csv");
  CHECK(exported.rfind("account,subscription,reseller,edition,basis,term,seats,start,end,end_reason,"
                       "auto_renew,auto_renew_off_date,price,mrr,currency\n", 0) == 0);
  CHECK(exported.find(",,,on,,") != std::string::npos);  // active, auto-renew on
  CHECK(exported.find(",,,off,20") != std::string::npos);  // active, turned off on a day
  Outcome fit = subsim("fit cli_rt/run/subscriptions.csv --as-of 2030-01-01 --since 2027-01-01 "
                       "--out cli_rt/fit");
  REQUIRE_MESSAGE(fit.status == 0, fit.output);
  INFO(fit.output);
  CHECK(fit.output.find("arrivals ") != std::string::npos);
  CHECK(fit.output.find("cancel monthly: ") != std::string::npos);
  const std::string book = slurp("cli_rt/fit/book.csv");
  CHECK(book.rfind("account,reseller,subscription,edition,basis,term,seats,anchor,auto_renew,", 0) == 0);
  // Issue 29 cause 2: subscriptions already leaving open with auto-renew off, as exported.
  CHECK(book.find(",false,2029-") != std::string::npos);
  const std::string json = slurp("cli_rt/fit/fit.json");
  CHECK(json.find("\"arrivals_per_month\"") != std::string::npos);
  CHECK(json.find("\"cancel\"") != std::string::npos);
  Outcome forward = subsim("run cli_rt/fit/scenario.yaml --replications 2 --out cli_rt/fwd --quiet");
  CHECK_MESSAGE(forward.status == 0, forward.output);
  CHECK(fs::exists("cli_rt/fwd/summary.json"));
  // A bad row of an export names its line.
  write("cli_rt/bad.csv", exported.substr(0, exported.find('\n') + 1) +
                              "a,s,r,deluxe,per_user,weekly,5,2027-01-01,,,,,,,\n");
  Outcome bad = subsim("fit cli_rt/bad.csv --as-of 2030-01-01 --out cli_rt/none");
  CHECK(bad.status == 2);
  CHECK(bad.output.find("cli_rt/bad.csv:2: error: term must be monthly or annual") != std::string::npos);
  CHECK_FALSE(fs::exists("cli_rt/none"));
}

TEST_CASE("subsim fit: an export as a billing system writes it — foreign names by --columns, "
          "extra columns noted and ignored") {
  namespace fs = std::filesystem;
  fs::remove_all("cli_cols");
  Outcome run = subsim("run " + std::string(SUBSIM_SOURCE_DIR) +
                       "/scenarios/baseline.yaml --replications 1 --set population.initial=400 "
                       "--set horizon=2y --out cli_cols/run --trace --quiet");
  REQUIRE_MESSAGE(run.status == 0, run.output);
  // The same export with the account and start columns under foreign names (one with a comma)
  // and two columns subsim does not read.
  std::istringstream in(slurp("cli_cols/run/subscriptions.csv"));
  std::string line, foreign;
  std::getline(in, line);
  foreign = "\"Customer, ID\",subscription,reseller,edition,basis,term,seats,Created,end,"
            "end_reason,auto_renew,auto_renew_off_date,price,mrr,currency,plan_name,region\n";
  while (std::getline(in, line)) foreign += line + ",Pro,EU\n";
  write("cli_cols/foreign.csv", foreign);
  Outcome plain = subsim("fit cli_cols/run/subscriptions.csv --as-of 2029-01-01 --out cli_cols/a");
  REQUIRE_MESSAGE(plain.status == 0, plain.output);
  Outcome mapped = subsim("fit cli_cols/foreign.csv --as-of 2029-01-01 --out cli_cols/b "
                          "--columns 'account=\"Customer, ID\",start=Created'");
  REQUIRE_MESSAGE(mapped.status == 0, mapped.output);
  CHECK(mapped.output.find("note: cli_cols/foreign.csv: columns not read (not a subscription "
                           "export's): plan_name, region") != std::string::npos);
  // The same fit, book and scenario as the export under subsim's own names.
  auto without_file = [](std::string j) {  // fit.json names its input file
    const std::size_t at = j.find("\"file\": ");
    return j.erase(at, j.find('\n', at) - at);
  };
  CHECK(without_file(slurp("cli_cols/a/fit.json")) == without_file(slurp("cli_cols/b/fit.json")));
  CHECK(slurp("cli_cols/a/book.csv") == slurp("cli_cols/b/book.csv"));
  CHECK(slurp("cli_cols/b/manifest.json").find("columns account=") != std::string::npos);
  // Without --columns the account column is missing: said, nothing written.
  Outcome missing = subsim("fit cli_cols/foreign.csv --as-of 2029-01-01 --out cli_cols/c");
  CHECK(missing.status == 2);
  CHECK_FALSE(fs::exists("cli_cols/c"));
  // A name the file lacks, and a column that is not an export's.
  Outcome absent = subsim("fit cli_cols/foreign.csv --as-of 2029-01-01 --out cli_cols/c "
                          "--columns account=Client");
  CHECK(absent.status == 2);
  CHECK(absent.output.find("the header has no column 'Client'") != std::string::npos);
  Outcome wrong = subsim("fit cli_cols/foreign.csv --as-of 2029-01-01 --out cli_cols/c "
                         "--columns customer=Client");
  CHECK(wrong.status == 2);
  CHECK(wrong.output.find("'customer' is not a column of a subscription export") != std::string::npos);
  CHECK_FALSE(fs::exists("cli_cols/c"));
}

TEST_CASE("subsim fit: the expected lifetime at the discount rate asked for, a bad rate refused") {
  namespace fs = std::filesystem;
  fs::remove_all("cli_fit_del");
  const std::string table = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/cohorts/fader_hardie.csv";
  Outcome a = subsim("fit " + table + " --out cli_fit_del/a");
  REQUIRE_MESSAGE(a.status == 0, a.output);
  Outcome b = subsim("fit " + table + " --discount-rate 0.25 --out cli_fit_del/b");
  REQUIRE_MESSAGE(b.status == 0, b.output);
  const std::string ja = slurp("cli_fit_del/a/fit.json"), jb = slurp("cli_fit_del/b/fit.json");
  CHECK(ja.find("\"discount_rate_per_period\": 0.1") != std::string::npos);
  CHECK(jb.find("\"discount_rate_per_period\": 0.25") != std::string::npos);
  CHECK(ja.find("\"expected_lifetime\"") != std::string::npos);
  for (const char* bad : {"-0.1", "abc", "11", ""}) {
    Outcome c = subsim(std::string("fit ") + table + " --discount-rate '" + bad + "' --out cli_fit_del/c");
    CHECK(c.status == 2);
    CHECK(c.output.find("--discount-rate") != std::string::npos);
    CHECK(!fs::exists("cli_fit_del/c"));
  }
  fs::remove_all("cli_fit_del");
}

// Issue 29: "MRR on the first day equals the export's MRR at the cut, to the cent, when prices are
// given". A history with prices that differ from the list (a price rise with notice, a promotion
// on new orders, annual terms whose MRR is a twelfth of their invoice) is exported by `run
// --trace`, fitted as of its end, and the fitted scenario opens the book: its MRR on the first
// day is the history's MRR on its last day, summed from events.csv, to the cent.
TEST_CASE("subsim fit: a priced export opens the book at the export's MRR, to the cent") {
  namespace fs = std::filesystem;
  fs::remove_all("cli_mrr");
  Outcome run = subsim(
      "run " + std::string(SUBSIM_SOURCE_DIR) +
      "/scenarios/baseline.yaml --replications 1 --set population.initial=800 --set horizon=2y "
      "--set 'catalog.price_changes=[{date: 2027-09-01, factor: 1.07, notice_days: 30}]' "
      "--set 'catalog.promotions=[{from: 2028-06-01, to: 2028-12-31, first_terms: 3, discount: "
      "0.25}]' --set catalog.currency=EUR --out cli_mrr/hist --trace --quiet");
  REQUIRE_MESSAGE(run.status == 0, run.output);
  // Σ mrr_change (the last column) over an events.csv's rows (of kind `only` — the fifth
  // column — when given), in cents. The baseline's names hold no comma.
  auto mrr_sum = [](const std::string& file, const std::string& only) {
    std::istringstream in(slurp(file));
    std::string line;
    std::getline(in, line);
    REQUIRE(line.substr(line.rfind(',') + 1) == "mrr_change");
    long long sum = 0;
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream fields(line);
      for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
      if (line.back() == ',') f.push_back("");
      REQUIRE(f.size() == 12);
      const std::string v = f[11];
      if (v.empty() || (!only.empty() && f[4] != only)) continue;
      const std::size_t dot = v.find('.');
      REQUIRE_MESSAGE((dot != std::string::npos && dot + 3 == v.size()), v);
      const bool minus = v[0] == '-';
      const long long c = std::stoll(v.substr(minus ? 1 : 0, dot - (minus ? 1 : 0))) * 100 +
                          std::stoll(v.substr(dot + 1));
      sum += minus ? -c : c;
    }
    return sum;
  };
  // "1234.56" for cents.
  auto money = [](long long c) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", c / 100, c % 100);
    return std::string(buf);
  };
  const long long history = mrr_sum("cli_mrr/hist/events.csv", "");
  REQUIRE(history > 0);
  const std::string exported = slurp("cli_mrr/hist/subscriptions.csv");
  CHECK(exported.find(",EUR\n") != std::string::npos);
  Outcome fit = subsim("fit cli_mrr/hist/subscriptions.csv --as-of 2029-01-01 --out cli_mrr/fit");
  REQUIRE_MESSAGE(fit.status == 0, fit.output);
  INFO(fit.output);
  CHECK(fit.output.find("MRR on 2029-01-01: " + money(history) +
                        " EUR (every row earning MRR priced by the export)") != std::string::npos);
  CHECK(slurp("cli_mrr/fit/scenario.yaml").find("  currency: EUR") != std::string::npos);
  CHECK(slurp("cli_mrr/fit/fit.json").find("\"currency\": \"EUR\"") != std::string::npos);
  // The trace has turn-off dates: when leavers decide is estimated, not assumed.
  CHECK(slurp("cli_mrr/fit/scenario.yaml").find("  notice_days_before: {empirical: [[") !=
        std::string::npos);
  CHECK(slurp("cli_mrr/fit/fit.json").find("\"estimated\": true") != std::string::npos);
  CHECK(fit.output.find("  turn-off: from ") != std::string::npos);
  // The expected LTV values a term at the export's prices.
  CHECK(fit.output.find("per term at the export's prices)") != std::string::npos);
  CHECK(slurp("cli_mrr/fit/fit.json").find("\"priced_by_export\": ") != std::string::npos);
  Outcome forward = subsim("run cli_mrr/fit/scenario.yaml --replications 1 --set horizon=1m "
                           "--out cli_mrr/fwd --trace --quiet");
  REQUIRE_MESSAGE(forward.status == 0, forward.output);
  CHECK(mrr_sum("cli_mrr/fwd/events.csv", "opening") == history);
  // A back-test of the same export writes its currency where fit does.
  Outcome bt = subsim("backtest cli_mrr/hist/subscriptions.csv --as-of 2028-10-01 --horizon 3m "
                      "--replications 2 --out cli_mrr/bt");
  REQUIRE_MESSAGE(bt.status == 0, bt.output);
  CHECK(slurp("cli_mrr/bt/scenario.yaml").find("  currency: EUR") != std::string::npos);
  // Without prices the book pays the list: the same export less its price columns opens at
  // another MRR (the history's prices are not the list's), and fit says the rows are unpriced.
  std::istringstream in(exported);
  std::string line, unpriced;
  while (std::getline(in, line)) {
    for (int k = 0; k < 3; ++k) line.erase(line.rfind(','));
    unpriced += line + "\n";
  }
  write("cli_mrr/unpriced.csv", unpriced);
  Outcome list = subsim("fit cli_mrr/unpriced.csv --as-of 2029-01-01 --out cli_mrr/fit2");
  REQUIRE_MESSAGE(list.status == 0, list.output);
  CHECK(list.output.find("MRR on") == std::string::npos);
  CHECK(list.output.find("per term at list price)") != std::string::npos);
  CHECK(slurp("cli_mrr/fit2/scenario.yaml").find("have no price in the export") != std::string::npos);
  Outcome forward2 = subsim("run cli_mrr/fit2/scenario.yaml --replications 1 --set horizon=1m "
                            "--out cli_mrr/fwd2 --trace --quiet");
  REQUIRE_MESSAGE(forward2.status == 0, forward2.output);
  CHECK(mrr_sum("cli_mrr/fwd2/events.csv", "opening") != history);
}
