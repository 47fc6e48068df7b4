// Issue 32 (hardening, third round) reproduced on the command line: a rerun never deletes a
// user's file, a sweep never mixes with a run's folder, an interrupted traced run leaves nothing
// behind, and `report` works on every kind of folder subsim writes.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/cli/run_subsim.hpp"
#include "tests/test_files.hpp"

namespace {

using cli_test::Outcome;
using cli_test::subsim;
using test_files::slurp;
namespace fs = std::filesystem;

const std::string kScenarios = std::string(SUBSIM_SOURCE_DIR) + "/scenarios";

fs::path fresh(const std::string& name) {
  fs::path dir = fs::absolute("hardening_test") / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

int staging_folders(const fs::path& parent) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(parent))
    n += e.path().filename().string().find(".subsim-tmp-") != std::string::npos;
  return n;
}

}  // namespace

TEST_CASE("data loss: run --out R, a notebook and a plots folder added, run --out R again") {
  const fs::path base = fresh("rerun");
  const std::string r = (base / "R").string();
  const std::string run = "run " + kScenarios + "/faq.yaml --quiet --out " + r;
  Outcome first = subsim(run);
  REQUIRE_MESSAGE(first.status == 0, first.output);
  std::ofstream(base / "R" / "notes.ipynb") << "x";
  fs::create_directories(base / "R" / "plots");
  Outcome again = subsim(run);
  CHECK(again.status == 2);
  CHECK(again.output.find("holds files subsim did not write") != std::string::npos);
  CHECK(slurp(base / "R" / "notes.ipynb") == "x");
  CHECK(fs::is_directory(base / "R" / "plots"));
  // report.html added by `report` is subsim's: the folder stays replaceable.
  fs::remove(base / "R" / "notes.ipynb");
  fs::remove(base / "R" / "plots");
  REQUIRE(subsim("report " + r).status == 0);
  Outcome third = subsim(run);
  CHECK_MESSAGE(third.status == 0, third.output);
}

TEST_CASE("data loss: a sweep into a run's folder is refused, and a run into a sweep's folder") {
  const fs::path base = fresh("mixed");
  const std::string run_dir = (base / "run").string();
  REQUIRE(subsim("run " + kScenarios + "/faq.yaml --quiet --out " + run_dir).status == 0);
  Outcome sweep = subsim("sweep " + kScenarios + "/sweeps/notice_grace_cancel.yaml --quiet --out " +
                         run_dir);
  CHECK(sweep.status == 2);
  CHECK(sweep.output.find("holds the results of a run, compare, fit or merge") !=
        std::string::npos);
  CHECK(!fs::exists(base / "run" / "journal.txt"));
  CHECK(!fs::exists(base / "run" / "sweep.meta"));
  // A sweep folder (its journal and meta) is not a run's to replace.
  fs::create_directories(base / "sweep");
  std::ofstream(base / "sweep" / "journal.txt") << "# subsim sweep journal 0\n";
  std::ofstream(base / "sweep" / "sweep.meta") << "meta\n";
  Outcome run = subsim("run " + kScenarios + "/faq.yaml --quiet --out " + (base / "sweep").string());
  CHECK(run.status == 2);
  CHECK(fs::exists(base / "sweep" / "journal.txt"));
  // A folder of someone else's files is refused by sweep as by run.
  fs::create_directories(base / "theirs");
  std::ofstream(base / "theirs" / "thesis.tex") << "years of work";
  Outcome theirs = subsim("sweep " + kScenarios + "/sweeps/notice_grace_cancel.yaml --quiet --out " +
                          (base / "theirs").string());
  CHECK(theirs.status == 2);
  CHECK(theirs.output.find("holds files a sweep did not write (thesis.tex)") != std::string::npos);
  CHECK(slurp(base / "theirs" / "thesis.tex") == "years of work");
}

TEST_CASE("SIGTERM during a traced run: no staging folder is left beside --out") {
  const fs::path base = fresh("killed");
  const std::string out = (base / "out").string();
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::string scenario = kScenarios + "/benchmark.yaml";
    ::execl(SUBSIM_BINARY, SUBSIM_BINARY, "run", scenario.c_str(), "--trace", "--quiet",
            "--replications", "1", "--set", "population.initial=400000", "--out", out.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Killed once its trace is streaming into the staging folder.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool staged = false;
  while (!staged && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    staged = staging_folders(base) > 0;
  }
  CHECK(staged);
  ::kill(pid, SIGTERM);
  int st = 0;
  ::waitpid(pid, &st, 0);
  CHECK(WIFSIGNALED(st));
  CHECK(WTERMSIG(st) == SIGTERM);
  CHECK(staging_folders(base) == 0);
  CHECK(!fs::exists(base / "out" / "summary.json"));
}

TEST_CASE("report works on every kind of folder subsim writes") {
  const fs::path base = fresh("reports");
  const std::string b = base.string();
  const std::string table = kScenarios + "/cohorts/fader_hardie.csv";
  // A categorical factor (named variants) beside a numeric one: drawn by name, not refused.
  std::ofstream(base / "variants.yaml")
      << "scenario: " << kScenarios << "/baseline.yaml\nset: [population.initial=50]\n"
      << "design: grid\nreplications: 2\nparameters:\n  variant: [default, notice_60]\n"
      << "  behaviour.cancel.monthly: [0.01, 0.05]\n";
  const std::vector<std::pair<std::string, std::string>> folders = {
      {"sweep-variant", "sweep " + b + "/variants.yaml --quiet --out " + b + "/sweep-variant"},
      {"run", "run " + kScenarios + "/baseline.yaml --replications 1 --set population.initial=300 "
              "--quiet --trace --out " + b + "/run"},
      {"compare", "compare " + kScenarios + "/baseline.yaml --policy default --policy notice_60 "
                  "--replications 2 --set population.initial=100 --quiet --out " + b + "/compare"},
      {"sweep", "sweep " + kScenarios + "/sweeps/notice_grace_cancel.yaml --replications 1 "
                "--set population.initial=50 --quiet --out " + b + "/sweep"},
      {"fit-cohorts", "fit " + table + " --out " + b + "/fit-cohorts"},  // no --holdout
      {"fit-holdout", "fit " + table + " --holdout 5 --out " + b + "/fit-holdout"},
      {"fit-export", "fit " + b + "/run/subscriptions.csv --as-of 2030-01-01 --since 2027-01-01 "
                     "--out " + b + "/fit-export"},
      {"backtest", "backtest " + b + "/run/subscriptions.csv --as-of 2029-06-01 --horizon 6m "
                   "--replications 3 --export-date 2029-12-31 --out " + b + "/backtest"},
      {"merge", "sweep " + kScenarios + "/sweeps/notice_grace_cancel.yaml --replications 1 "
                "--set population.initial=50 --quiet --shard 0/2 --out " + b + "/shard0 && " +
                SUBSIM_BINARY + " sweep " + kScenarios + "/sweeps/notice_grace_cancel.yaml "
                "--replications 1 --set population.initial=50 --quiet --shard 1/2 --out " + b +
                "/shard1 && " + SUBSIM_BINARY + " merge " + b + "/shard0 " + b + "/shard1 --out " +
                b + "/merge"},
  };
  for (const auto& f : folders) {  // not structured bindings: INFO captures them
    const std::string &name = f.first, &args = f.second;
    INFO(name << ": subsim " << args);
    Outcome made = subsim(args);
    REQUIRE_MESSAGE(made.status == 0, made.output);
    Outcome report = subsim("report " + b + "/" + name);
    CHECK_MESSAGE(report.status == 0, report.output);
    CHECK(fs::file_size(base / name / "report.html") > 1000);
  }
  // The variant factor's values are its ticks and its lines' names.
  const std::string sweep_html = slurp(base / "sweep-variant" / "report.html");
  CHECK(sweep_html.find(">notice_60<") != std::string::npos);
  CHECK(sweep_html.find("variant = default") != std::string::npos);
  // The back-test's report: the answer, the table of figures, a chart per figure, the fit.
  const std::string html = slurp(base / "backtest" / "report.html");
  CHECK(html.find("MRR at 6 months: forecast ") != std::string::npos);
  CHECK(html.find("Churned customers over 6 months") != std::string::npos);
  CHECK(html.find("<h2>MRR at each month's end</h2>") != std::string::npos);
  CHECK(html.find("90 % prediction band") != std::string::npos);
  CHECK(html.find("The fit on the past") != std::string::npos);
  // The export fit's report: the estimates in a finance reader's words and a retention chart
  // per term type, observed against fitted.
  const std::string fit_html = slurp(base / "fit-export" / "report.html");
  CHECK(fit_html.find("Decide to leave at a renewal") != std::string::npos);
  CHECK(fit_html.find("pay one more month") != std::string::npos);
  CHECK(fit_html.find("Turn auto-renew off") != std::string::npos);
  CHECK(fit_html.find("not a run's ltv (per customer, undiscounted") != std::string::npos);
  CHECK(fit_html.find("<h2>Monthly subscriptions: still paying after each renewal</h2>") != std::string::npos);
  CHECK(fit_html.find("<h2>Annual subscriptions: still paying after each renewal</h2>") != std::string::npos);
  CHECK(fit_html.find("Every estimate of fit.json") != std::string::npos);
}

namespace {

// `subsim fit EXPORT --as-of 2030-01-01 --since SINCE --out DIR`; when it succeeds, its
// scenario.yaml must validate and run.
void fitted_scenario_runs(const fs::path& exported, const fs::path& out, const std::string& since,
                          bool must_fit = false) {
  INFO("export " << exported.string() << ":\n" << slurp(exported));
  Outcome fit = subsim("fit '" + exported.string() + "' --as-of 2030-01-01 --since " + since +
                       " --out '" + out.string() + "'");
  if (fit.status != 0 || must_fit) {
    CHECK_MESSAGE(fit.status == (must_fit ? 0 : 2), fit.output);  // or refused, never a crash
    if (fit.status != 0) return;
  }
  Outcome valid = subsim("validate '" + (out / "scenario.yaml").string() + "'");
  CHECK_MESSAGE(valid.status == 0, (valid.output + "\n" + slurp(out / "scenario.yaml")));
}

}  // namespace

TEST_CASE("fit writes scenarios that run: hostile edition names, no arrivals, a header-only export") {
  const fs::path base = fresh("fit_yaml");
  const std::string header = "account,subscription,reseller,edition,basis,term,seats,start,end,end_reason\n";
  std::string hostile = header;
  int n = 0;
  for (const std::string& edition :
       {std::string("a}b"), std::string("#x"), std::string("&anchor"), std::string("*alias"),
        std::string("key: value"), std::string("\"quoted\""), std::string("line\nbreak"),
        std::string("[list]"), std::string("- dash"), std::string("ünïcødé")}) {
    std::string quoted = "\"";  // a CSV field: quotes doubled
    for (char c : edition) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    for (int k = 0; k < 3; ++k, ++n)
      hostile += "c" + std::to_string(n) + ",c" + std::to_string(n) + "-s0,r1," + quoted +
                 ",per_device," + (k ? "monthly" : "annual") + ",5,2028-0" + std::to_string(1 + k) +
                 "-15," + (k == 2 ? "2029-03-14,cancelled" : ",") + "\n";
  }
  std::ofstream(base / "hostile.csv") << hostile;
  fitted_scenario_runs(base / "hostile.csv", base / "hostile", "2027-01-01", true);
  // Every account started before the window: no new accounts, no arrivals.
  fitted_scenario_runs(base / "hostile.csv", base / "no_arrivals", "2029-12-01", true);
  CHECK(slurp(base / "no_arrivals" / "scenario.yaml").find("monthly_arrivals: {fixed: 0}") !=
        std::string::npos);
  std::ofstream(base / "header_only.csv") << header;
  fitted_scenario_runs(base / "header_only.csv", base / "header_only", "2027-01-01", true);
  // The fuzzer's seed exports and tables.
  int i = 0;
  for (const auto& e : fs::directory_iterator(fs::path(SUBSIM_SOURCE_DIR) / "tests/fuzz/corpus/csv"))
    fitted_scenario_runs(e.path(), base / ("corpus" + std::to_string(i++)), "2020-01-01");
}

TEST_CASE("CSV inputs with a UTF-8 byte order mark (Excel's CSV UTF-8) are read as without it") {
  const fs::path base = fresh("bom");
  const std::string table = slurp(kScenarios + "/cohorts/fader_hardie.csv");
  std::ofstream(base / "cohorts.csv") << "\xEF\xBB\xBF" << table;
  Outcome with_bom = subsim("fit " + (base / "cohorts.csv").string() + " --out " + (base / "a").string());
  CHECK_MESSAGE(with_bom.status == 0, with_bom.output);
  Outcome without = subsim("fit " + kScenarios + "/cohorts/fader_hardie.csv --out " + (base / "b").string());
  REQUIRE(without.status == 0);
  CHECK(slurp(base / "a" / "projection.csv") == slurp(base / "b" / "projection.csv"));
  const std::string book = slurp(kScenarios + "/book/book.csv");
  std::ofstream(base / "book.csv") << "\xEF\xBB\xBF" << book;
  std::string scenario = slurp(kScenarios + "/book/scenario.yaml");
  std::ofstream(base / "scenario.yaml") << scenario;
  Outcome run = subsim("validate " + (base / "scenario.yaml").string());
  CHECK_MESSAGE(run.status == 0, run.output);
}

TEST_CASE("--trace-accounts: an unknown synthetic id and an empty list are refused, nothing written") {
  const fs::path base = fresh("trace-accounts");
  const std::string run = "run " + kScenarios +
                          "/baseline.yaml --quiet --set population.initial=150 --set horizon=1y "
                          "--replications 2 --out ";
  Outcome unknown = subsim(run + (base / "a").string() + " --trace-accounts c100000");
  CHECK(unknown.status == 2);
  CHECK_MESSAGE(unknown.output.find("no customer 'c100000' in this run") != std::string::npos,
                unknown.output);
  CHECK_FALSE(fs::exists(base / "a"));
  Outcome empty = subsim(run + (base / "b").string() + " --trace-accounts ''");
  CHECK(empty.status == 2);
  CHECK_MESSAGE(empty.output.find("--trace-accounts: no value given") != std::string::npos,
                empty.output);
  CHECK_FALSE(fs::exists(base / "b"));
  Outcome known = subsim(run + (base / "c").string() + " --trace-accounts c3");
  CHECK_MESSAGE(known.status == 0, known.output);
  CHECK(slurp(base / "c" / "events.csv").find(",c3,") != std::string::npos);
}

TEST_CASE("compare --set-variant: seed and replications are refused, a moved start labels its own months") {
  const fs::path base = fresh("compare-variant");
  const std::string compare = "compare " + kScenarios +
                              "/baseline.yaml --quiet --set population.initial=100 --set horizon=6m "
                              "--replications 3 --variant default ";
  for (const char* set : {"x:seed=5", "x:replications=7"}) {
    Outcome o = subsim(compare + "--set-variant " + set + " --out " + (base / "a").string());
    CHECK(o.status == 2);
    CHECK_MESSAGE(o.output.find("compare runs every variant with the same seed and replications") !=
                      std::string::npos,
                  o.output);
    CHECK_FALSE(fs::exists(base / "a"));
  }
  Outcome moved = subsim(compare + "--set-variant later:start=2027-03-01 --out " + (base / "b").string());
  REQUIRE_MESSAGE(moved.status == 0, moved.output);
  const std::string series = slurp(base / "b" / "compare_timeseries.csv");
  CHECK(series.find("\nlater,2027-03,") != std::string::npos);
  CHECK(series.find("\nlater,2027-08,") != std::string::npos);
  CHECK(series.find("\ndefault,2027-01,") != std::string::npos);
  CHECK(series.find("\nlater,2027-01,") == std::string::npos);
}

TEST_CASE("a foreign file named as an input is not quoted back; /dev/zero is refused at once; a sweep's scenario has the scenario cap") {
  const fs::path base = fresh("foreign");
  std::ofstream(base / "notes.txt") << "root:$6$secret-hash:19000:0:99999:7:::\nalice:x:1000\n";
  const std::string head = "name: t\nstart: 2027-01-01\nhorizon: 1y\npopulation:\n  book: ";
  std::ofstream(base / "shadow.yaml") << head << (base / "notes.txt").string() << "\n";
  Outcome shadow = subsim("validate " + (base / "shadow.yaml").string());
  CHECK(shadow.status == 2);
  CHECK_MESSAGE(shadow.output.find("not a book: its first line names none of the columns") !=
                    std::string::npos,
                shadow.output);
  CHECK(shadow.output.find("secret") == std::string::npos);
  CHECK(shadow.output.find("root") == std::string::npos);
  // Item 16: /dev/zero as a book is binary data, refused at its first bytes.
  std::ofstream(base / "zero.yaml") << head << "/dev/zero\n";
  const auto start = std::chrono::steady_clock::now();
  Outcome zero = subsim("validate " + (base / "zero.yaml").string());
  CHECK(zero.status == 2);
  CHECK_MESSAGE(zero.output.find("binary data (a NUL byte at byte 1)") != std::string::npos,
                zero.output);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  // A sweep's scenario: the 16 MiB cap of every scenario, not the 1 GiB of data files.
  {
    std::ofstream big(base / "big.yaml");
    big << "name: big\nstart: 2027-01-01\nhorizon: 1y\npopulation: {initial: 1}\n";
    const std::string comment = "# " + std::string(1000, 'x') + "\n";
    for (int i = 0; i < 17 * 1024; ++i) big << comment;
  }
  std::ofstream(base / "sweep.yaml") << "scenario: big.yaml\nparameters:\n  seed: [1, 2]\n";
  Outcome sweep = subsim("sweep " + (base / "sweep.yaml").string() + " --quiet --out " +
                         (base / "out").string());
  CHECK(sweep.status == 2);
  CHECK_MESSAGE(sweep.output.find("larger than 16 MiB") != std::string::npos, sweep.output);
  CHECK_FALSE(fs::exists(base / "out" / "results.csv"));
}

TEST_CASE("manifest.json lists every input read: the scenario, its book, a --trace-accounts @FILE") {
  const fs::path base = fresh("manifest-inputs");
  std::ofstream(base / "ids.txt") << "# traced\nacct-001\n";
  Outcome o = subsim("run " + kScenarios + "/book/scenario.yaml --quiet --set horizon=6m "
                     "--replications 2 --trace-accounts @" + (base / "ids.txt").string() +
                     " --out " + (base / "out").string());
  REQUIRE_MESSAGE(o.status == 0, o.output);
  const std::string manifest = slurp(base / "out" / "manifest.json");
  const std::string inputs = manifest.substr(manifest.find("\"inputs\""),
                                             manifest.find("\"seed\"") - manifest.find("\"inputs\""));
  CHECK_MESSAGE(inputs.find("scenarios/book/scenario.yaml\"") != std::string::npos, inputs);
  CHECK_MESSAGE(inputs.find("scenarios/book/book.csv\"") != std::string::npos, inputs);
  CHECK_MESSAGE(inputs.find("ids.txt\"") != std::string::npos, inputs);
  CHECK(std::count(inputs.begin(), inputs.end(), '{') == 3);
}

TEST_CASE("report of a fit on 300 cohorts: the largest are drawn and tabled, and the report says so") {
  const fs::path base = fresh("many-cohorts");
  {
    std::ofstream t(base / "cohorts.csv");
    t << "cohort,period,active\n";
    for (int c = 0; c < 300; ++c) {
      int n = 200 + c;
      for (int p = 0; p < 5; ++p, n = n * (80 + (c + p) % 15) / 100)
        t << "m" << c << "," << p << "," << n << "\n";
    }
  }
  Outcome fit = subsim("fit " + (base / "cohorts.csv").string() + " --out " + (base / "fit").string());
  REQUIRE_MESSAGE(fit.status == 0, fit.output);
  const auto start = std::chrono::steady_clock::now();
  Outcome report = subsim("report " + (base / "fit").string());
  REQUIRE_MESSAGE(report.status == 0, report.output);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
  const std::string html = slurp(base / "fit" / "report.html");
  std::size_t charts = 0;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    ++charts;
  CHECK(charts == 24);
  CHECK(html.find("The 60 largest of 300 cohorts (by customers) are shown") != std::string::npos);
  CHECK(html.find("Charts of the 24 largest of 300 cohorts") != std::string::npos);
  CHECK(html.find("Retention of cohort m299") != std::string::npos);  // the largest
  CHECK(html.find("Retention of cohort m0<") == std::string::npos);
}

TEST_CASE("invalid UTF-8 is one rule for every text input: refused with its position, exit 2, nothing written") {
  const fs::path base = fresh("utf8");
  const std::string header = "account,subscription,reseller,edition,basis,term,seats,start,end,end_reason\n";
  // The same Latin-1 byte in the edition (which reaches fit.json) and in the account column.
  std::ofstream(base / "edition.csv", std::ios::binary)
      << header << "c1,c1-s0,r1,Deluxe,per_device,monthly,5,2028-01-15,,\n"
      << "c2,c2-s0,r1,Caf\xe9,per_device,monthly,5,2028-01-15,,\n";
  std::ofstream(base / "account.csv", std::ios::binary)
      << header << "c\xe9,c1-s0,r1,Deluxe,per_device,monthly,5,2028-01-15,,\n";
  for (const char* name : {"edition", "account"}) {
    Outcome o = subsim("fit " + (base / (std::string(name) + ".csv")).string() +
                       " --as-of 2029-01-01 --out " + (base / name).string());
    CHECK(o.status == 2);
    CHECK_MESSAGE(o.output.find("not UTF-8 text: byte 0xe9 at line") != std::string::npos, o.output);
    CHECK(o.output.find("internal error") == std::string::npos);
    CHECK_FALSE(fs::exists(base / name));
  }
  // A scenario, and a --set value.
  std::ofstream(base / "s.yaml", std::ios::binary)
      << "name: caf\xe9\nstart: 2027-01-01\nhorizon: 1y\npopulation: {initial: 1}\n";
  Outcome scenario = subsim("validate " + (base / "s.yaml").string());
  CHECK(scenario.status == 2);
  CHECK_MESSAGE(scenario.output.find("not UTF-8 text: byte 0xe9 at line 1, column 10") !=
                    std::string::npos,
                scenario.output);
  Outcome set = subsim("validate " + kScenarios + "/faq.yaml --set name=caf\xe9");
  CHECK(set.status == 2);
  CHECK_MESSAGE(set.output.find("not UTF-8 text") != std::string::npos, set.output);
}

TEST_CASE("issue 29 cause 4: new customers' ids never collide with a book's c<n> ids (a book fitted from a trace)") {
  const fs::path base = fresh("book-ids");
  // A book as `fit` writes it from a subsim trace: accounts c2 and c3 with subscriptions c2-s0, c3-s1.
  std::ofstream(base / "book.csv")
      << "account,reseller,subscription,edition,basis,term,seats,anchor,auto_renew,"
         "auto_renew_off_date,status,expiry,federal\n"
         "c2,r1,c2-s0,deluxe,per_device,monthly,5,2026-12-10,true,,active,,false\n"
         "c3,r1,c3-s1,premier,per_device,annual,8,2026-06-01,true,,active,,false\n";
  std::ofstream(base / "s.yaml") << "name: ids\nseed: 3\nstart: 2027-01-01\nhorizon: 6m\n"
                                    "resellers: [r1]\npopulation:\n  book: book.csv\n"
                                    "  monthly_arrivals: {fixed: 3}\n";
  Outcome o = subsim("run " + (base / "s.yaml").string() + " --quiet --replications 1 --trace --out " +
                     (base / "out").string());
  REQUIRE_MESSAGE(o.status == 0, o.output);
  const std::string events = slurp(base / "out" / "events.csv");
  CHECK(events.find(",c2,c2-s0,") != std::string::npos);
  CHECK(events.find(",new-c2,new-c2-s0,") != std::string::npos);  // the first arrival
  CHECK(events.find(",c4,") == std::string::npos);                 // no arrival named c<n>
  CHECK(events.find(",c2-s0,order,") == std::string::npos);        // c2 places no new order
  // The ids are accepted where ids are given.
  Outcome traced = subsim("run " + (base / "s.yaml").string() +
                          " --quiet --replications 1 --trace-accounts new-c3,c2 --out " +
                          (base / "traced").string());
  REQUIRE_MESSAGE(traced.status == 0, traced.output);
  CHECK(slurp(base / "traced" / "events.csv").find(",new-c3,") != std::string::npos);
  // Without c<n> ids in the book, new customers are c<n> as before.
  std::ofstream(base / "plain.yaml") << "name: ids\nseed: 3\nstart: 2027-01-01\nhorizon: 2m\n"
                                        "population:\n  monthly_arrivals: {fixed: 3}\n";
  Outcome plain = subsim("run " + (base / "plain.yaml").string() +
                         " --quiet --replications 1 --trace --out " + (base / "plain").string());
  REQUIRE_MESSAGE(plain.status == 0, plain.output);
  CHECK(slurp(base / "plain" / "events.csv").find(",c0,c0-s0,") != std::string::npos);
}
