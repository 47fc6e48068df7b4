// population.book: a real book of subscriptions as the opening population (issue 14, part 1).
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <unistd.h>

#include "analysis/explain_text.hpp"
#include "analysis/run_report.hpp"
#include "analysis/simulate.hpp"
#include "analysis/subscription_export.hpp"
#include "scenario/book_reader.hpp"
#include "analysis/trace_format.hpp"
#include "scenario/names.hpp"
#include "scenario/scenario_loader.hpp"

using namespace subsim;
namespace fs = std::filesystem;

namespace {

const char* kHeader =
    "account,reseller,subscription,edition,basis,term,seats,anchor,auto_renew,"
    "auto_renew_off_date,status,expiry,federal\n";

// A scenario starting 2027-01-01 with `rows` as its book, in a fresh folder.
struct BookScenario {
  fs::path dir;
  explicit BookScenario(const std::string& rows, const std::string& header = kHeader,
                        const std::string& extra = "", const std::string& come_back = "0") {
    static int n = 0;
    dir = fs::temp_directory_path() / ("subsim-book-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(++n));
    fs::create_directories(dir);
    std::ofstream(dir / "book.csv") << header << rows;
    std::ofstream(dir / "s.yaml") << "name: b\nseed: 4\nstart: 2027-01-01\nhorizon: 24m\n"
                                  << extra
                                  << "population:\n  book: book.csv\n"
                                     "behaviour:\n  cancel: {monthly: 0, annual: 0}\n"
                                     "  seat_growth: 0\n  upgrade: 0\n  downgrade_monthly: 0\n"
                                     "  snafu: 0\n  come_back: "
                                  << come_back << "\n  switch_reseller: 0\n";
  }
  ~BookScenario() { fs::remove_all(dir); }
  LoadResult load() const { return load_scenario_file((dir / "s.yaml").string()); }
  std::string book() const { return (dir / "book.csv").string(); }
};

// The first problem, as printed.
std::string first_error(const BookScenario& b) {
  LoadResult r = b.load();
  REQUIRE_FALSE(r.ok());
  return r.errors[0].format();
}

// Every event of the run's first replication as "date kind detail" for one subscription.
std::vector<std::string> life(const Scenario& sc, const std::string& sub) {
  SimulateOptions so;
  so.trace = true;
  SimulationResult r = simulate(sc, sc.policy, sc.seed, 1, so);
  std::vector<std::string> out;
  for (const Event& e : r.traces[0])
    if (subscription_name(sc, e.customer, e.sub) == sub)
      out.push_back(format_iso(e.date) + " " + std::string(to_string(e.kind)) + " " +
                    std::string(to_string(e.rule)));
  return out;
}

}  // namespace

TEST_CASE("book: the shipped example loads, names its accounts and runs") {
  LoadResult r = load_scenario_file(SUBSIM_SOURCE_DIR "/scenarios/book/scenario.yaml");
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  const Scenario& sc = *r.scenario;
  CHECK(sc.book.size() == 300);
  std::size_t subs = 0, grace = 0, suspended = 0;
  for (const BookAccount& a : sc.book)
    for (const BookSubscription& s : a.subscriptions) {
      ++subs;
      grace += s.status == BookSubscription::Status::grace;
      suspended += s.status == BookSubscription::Status::suspended;
    }
  CHECK(subs == 335);
  CHECK(grace > 10);
  CHECK(suspended > 10);
  CHECK(account_name(sc, 0) == "acct-001");
  CHECK(find_account(sc, "acct-300") == 299u);
  SimulateOptions one, two;
  one.threads = 1;
  two.threads = 2;
  SimulationResult x = simulate(sc, sc.policy, sc.seed, 2, one);
  SimulationResult y = simulate(sc, sc.policy, sc.seed, 2, two);
  RunInfo info{sc.name, sc.seed, 2, sc.start, sc.end, "default"};
  CHECK(summary_json(info, x.replications) == summary_json(info, y.replications));
  // Every book subscription opens on the first day: active and grace ones pay (MRR).
  CHECK(x.replications[0].totals().opening_customers > 250);
}

TEST_CASE("book: anchored renewals, a late turn-off, grace and suspension fall on their rule dates") {
  BookScenario b(
      // Monthly from Jan 31 2026 (C1 clamping): renews on Feb 27, Mar 30, … of 2027.
      "a1,north,m,deluxe,per_device,monthly,5,2026-01-31,true,,active,,false\n"
      // Off on Dec 20, after the cut-off of December (Nov 30): December renewed (N2), so the
      // term in force, January, is the last: set to terminate (N3), expiry on Feb 1.
      "a2,north,late,deluxe,per_device,monthly,5,2026-03-01,false,2026-12-20,active,,\n"
      // Expired on Dec 25: in grace until Jan 8 (X + 15), deleted on Feb 23 (X + 60).
      "a3,north,g,premier,per_user,annual,3,2025-12-25,false,,grace,2026-12-25,\n"
      // Expired on Nov 20: suspended, deleted on Jan 19 (X + 60).
      "a4,south,s,essentials,per_device,monthly,1,2026-06-20,false,,suspended,2026-11-20,true\n");
  LoadResult r = b.load();
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  const Scenario& sc = *r.scenario;
  std::vector<std::string> m = life(sc, "m");
  REQUIRE(m.size() > 4);
  CHECK(m[0] == "2027-01-01 opening C1");
  CHECK(m[1] == "2027-01-30 renewal N1");  // nothing else: every probability is 0
  CHECK(m[2] == "2027-02-27 renewal N1");
  CHECK(m[3] == "2027-03-30 renewal N1");
  CHECK(life(sc, "late") == std::vector<std::string>{
                                "2027-01-01 opening N3", "2027-02-01 expiry E1",
                                "2027-02-16 grace_end E2", "2027-04-02 deletion E4"});
  CHECK(life(sc, "g") == std::vector<std::string>{"2027-01-01 opening E1",
                                                 "2027-01-09 grace_end E2",
                                                 "2027-02-23 deletion E4"});
  CHECK(life(sc, "s") ==
        std::vector<std::string>{"2027-01-01 opening E2", "2027-01-19 deletion E4"});
  CHECK(sc.book[3].federal);
}

TEST_CASE("book: a row opened off leaves as the odds say why; a row opened on did not decide before the run") {
  // 300 accounts, each a monthly subscription turned off on Dec 1 (its last term ends Jan 30).
  // With the odds of cancelling, downgrading and switching reseller equal, about a third of them
  // cancel, a third downgrade (one edition lower at the renewal, S6) and a third move to another
  // reseller (a handover, R2/R3).
  std::string rows;
  for (int i = 0; i < 300; ++i)
    rows += "a" + std::to_string(i) + ",north,s" + std::to_string(i) +
            ",deluxe,per_device,monthly,5,2026-01-31,false,2026-12-01,active,,\n";
  BookScenario off(rows, kHeader,
                   "resellers: [north, south]\n");
  // The helper's behaviour has every probability 0: --set gives the three odds.
  LoadOptions lo;
  lo.sets = {"behaviour.cancel.monthly=0.02", "behaviour.downgrade_monthly=0.02",
             "behaviour.switch_reseller=0.02", "horizon=3m", "population.resellers=2"};
  LoadResult r = load_scenario_file((off.dir / "s.yaml").string(), lo);
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  SimulateOptions so;
  so.trace = true;
  SimulationResult res = simulate(*r.scenario, r.scenario->policy, 4, 1, so);
  int downgrades = 0, handovers = 0, expiries = 0;
  for (const Event& e : res.traces[0]) {
    downgrades += e.kind == EventKind::downgrade;
    handovers += e.kind == EventKind::handover;
    expiries += e.kind == EventKind::expiry && e.date == *parse_iso_date("2027-01-31");
  }
  INFO("downgrade orders " << downgrades << ", handovers " << handovers << ", expiries "
                           << expiries);
  CHECK(expiries == 300);  // every one leaves its subscription at the term end
  CHECK(downgrades > 60);
  CHECK(downgrades < 140);
  CHECK(handovers > 60);
  CHECK(handovers < 140);

  // Opened on, in a term begun before the run, with every customer cancelling every term and
  // turning auto-renew off 45 days before its term end: the first term's decision falls before
  // the run (the book would show it off), so the first renewal happens; the next term's
  // decision is inside the run and ends it.
  BookScenario on("a1,north,m,deluxe,per_device,monthly,5,2026-01-31,true,,active,,false\n");
  LoadOptions lo2;
  lo2.sets = {"behaviour.cancel.monthly=1", "behaviour.notice_days_before=45"};
  LoadResult r2 = load_scenario_file((on.dir / "s.yaml").string(), lo2);
  for (const Diagnostic& d : r2.errors) MESSAGE(d.format());
  REQUIRE(r2.ok());
  const std::vector<std::string> m = life(*r2.scenario, "m");
  REQUIRE(m.size() >= 3);
  CHECK(m[0] == "2027-01-01 opening C1");
  CHECK(m[1] == "2027-01-30 renewal N1");
}

TEST_CASE("book: a bad row is FILE.csv:LINE:COL with the field's number, and nothing runs") {
  struct Case {
    const char* row;
    int col;
    const char* text;
  } cases[] = {
      {"a,n,s,gold,per_device,monthly,5,2026-01-01,true,,active,,\n", 4, "unknown edition 'gold'"},
      {"a,n,s,deluxe,per_device,weekly,5,2026-01-01,true,,active,,\n", 6, "monthly | annual"},
      {"a,n,s,deluxe,per_device,monthly,0,2026-01-01,true,,active,,\n", 7, "whole number"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-02-30,true,,active,,\n", 8, "YYYY-MM-DD"},
      {"a,n,s,deluxe,per_device,monthly,5,2027-03-01,true,,active,,\n", 8, "after the scenario's start"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,yes,,active,,\n", 9, "false | true"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,false,2026-10-01,active,,\n", 10,
       "the last term ended on 2026-11-30 (N2)"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,cancelled,,\n", 11, "active | grace"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,false,,grace,,\n", 12, "needs its expiry"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,false,,grace,2026-12-15,\n", 12,
       "not the day after a term's end"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,false,,grace,2026-12-01,\n", 11,
       "so it is suspended"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,false,,suspended,2026-10-01,\n", 12,
       "deleted on 2026-11-30 (E4): its status is lost"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,2026-12-01,\n", 12,
       "no expiry"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,false,,lost,2026-12-01,\n", 11,
       "not yet deleted (E4, 60 days), so suspended"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,false,,lost,,\n", 12, "needs its expiry"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,false,,lost,2026-10-01,\n"
       "a,n,t,premier,per_device,monthly,5,2026-01-01,true,,active,,\n",
       11, "lost on one row and not on another"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,maybe\n", 13, "false | true"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n"
       "a,n,t,premier,per_user,monthly,5,2026-01-01,true,,active,,\n",
       5, "M3"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n"
       "a,n,t,deluxe,per_device,annual,5,2026-01-01,true,,active,,\n",
       6, "M2"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n"
       "a,m,t,premier,per_device,monthly,5,2026-01-01,true,,active,,\n",
       2, "R1"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n"
       "a,n,s,premier,per_device,monthly,5,2026-01-01,true,,active,,\n",
       3, "twice"},
      {"a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active\n", 1, "11 fields"},
  };
  for (const Case& c : cases) {
    BookScenario b(c.row);
    std::string e = first_error(b);
    INFO(c.row);
    INFO(e);
    const int line = std::string(c.row).find('\n') + 1 < std::string(c.row).size() ? 3 : 2;
    CHECK(e.rfind(b.book() + ":" + std::to_string(line) + ":" + std::to_string(c.col) +
                      ": error: ",
                  0) == 0);
    CHECK(e.find(c.text) != std::string::npos);
  }
}

TEST_CASE("book: the header is checked: unknown, repeated and missing columns") {
  BookScenario extra("", "account,reseller,subscription,edition,basis,term,seats,anchor,"
                         "auto_renew,status,colour\n");
  CHECK(first_error(extra).find("book.csv:1:11: error: unknown column 'colour'") !=
        std::string::npos);
  BookScenario missing("", "account,reseller,subscription,edition,basis,term,seats,anchor,status\n");
  CHECK(first_error(missing).find("lacks the column 'auto_renew'") != std::string::npos);
  // Optional columns may be left out; order is free.
  BookScenario free_order(
      "5,deluxe,a,s,n,monthly,per_device,2026-01-01,true,active\n",
      "seats,edition,account,subscription,reseller,term,basis,anchor,auto_renew,status\n");
  CHECK(free_order.load().ok());
  // Resellers declared in the scenario: an unknown one is an error.
  BookScenario declared("a,nrth,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n",
                        kHeader, "resellers: [north]\n");
  CHECK(first_error(declared).find("unknown reseller 'nrth'") != std::string::npos);
  // The rows of an account need not be together.
  BookScenario apart("a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n"
                     "b,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n"
                     "a,n,t,premier,per_user,monthly,5,2026-01-01,true,,active,,\n");
  CHECK(first_error(apart).find("book.csv:4:5: error: per_device and per_user") != std::string::npos);
  BookScenario together("a,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n"
                        "b,n,s,deluxe,per_device,monthly,5,2026-01-01,true,,active,,\n"
                        "a,n,t,premier,per_device,annual,5,2026-01-01,true,,active,,\n");
  LoadResult ok = together.load();
  REQUIRE(ok.ok());
  REQUIRE(ok.scenario->book.size() == 2);
  CHECK(ok.scenario->book[0].labels == std::vector<std::string>{"s", "t"});
  BookScenario absent("");
  fs::remove(absent.dir / "book.csv");
  std::string e = first_error(absent);
  INFO(e);
  CHECK(e.find("s.yaml:6:9: error: population.book: cannot read") != std::string::npos);
}

TEST_CASE("P1 book: a price column is the subscription's own price, kept and moved by a factor") {
  // deluxe lists at 5.00; this customer pays 4.00 a seat (a discount), another the list.
  const std::string header = std::string(kHeader).insert(std::string(kHeader).size() - 1, ",price");
  BookScenario b("a1,north,m,deluxe,per_device,monthly,10,2026-06-01,true,,active,,,4.00\n"
                 "a2,north,n,deluxe,per_device,monthly,10,2026-06-01,true,,active,,,\n",
                 header, "catalog: {price_changes: [{date: 2027-03-01, factor: 1.10}]}\n");
  LoadResult r = b.load();
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  SimulateOptions so;
  so.trace = true;
  const Scenario& sc = *r.scenario;
  SimulationResult res = simulate(sc, sc.policy, sc.seed, 1, so);
  std::map<std::string, std::vector<Cents>> renewals;  // subscription → invoices
  std::map<std::string, Cents> opening_mrr;
  for (const Event& e : res.traces[0]) {
    const std::string s = subscription_name(sc, e.customer, e.sub);
    if (e.kind == EventKind::renewal) renewals[s].push_back(e.amount);
    if (e.kind == EventKind::opening) opening_mrr[s] = e.mrr_delta;
  }
  CHECK(opening_mrr["m"] == 4000);  // its own price from the first day
  CHECK(opening_mrr["n"] == 5000);
  // Renewals on Jan 31 and Feb 28 at the old price; from the term of Mar 1, × 1.10.
  REQUIRE(renewals["m"].size() > 3);
  CHECK(renewals["m"][0] == 4000);
  CHECK(renewals["m"][1] == 4400);  // Feb 28 renews for March 1: 4.40 × 10
  CHECK(renewals["n"][1] == 5500);
  // A bad price is FILE:LINE:COL.
  BookScenario bad("a1,north,m,deluxe,per_device,monthly,10,2026-06-01,true,,active,,,cheap\n",
                   header);
  CHECK(first_error(bad).find("book.csv:2:14: error: price must be an amount per seat per month "
                              "like 4.50, not 'cheap'") != std::string::npos);
}

// Issue 29: an export's prices reach the book as each subscription's MRR (the `mrr` column). The
// term in force is invoiced at mrr × its months, so MRR on the first day is the book's to the
// cent even where no own price per seat gives it (3 seats at 10.00 a month, an annual 7 seats at
// 33.33 a month); renewals keep the invoice, a price change's factor moves the implied own price.
TEST_CASE("book: an mrr column opens each subscription at that MRR, to the cent") {
  const std::string header =
      std::string(kHeader).insert(std::string(kHeader).size() - 1, ",price,mrr");
  BookScenario b("a1,north,m,deluxe,per_device,monthly,3,2026-06-01,true,,active,,,,10.00\n"
                 "a2,north,y,deluxe,per_device,annual,7,2026-03-15,true,,active,,,,33.33\n"
                 "a3,north,g,premier,per_device,monthly,4,2026-06-20,false,,grace,2026-12-20,,,21.07\n"
                 "a4,north,p,deluxe,per_device,monthly,10,2026-06-01,true,,active,,,4.00,39.99\n"
                 "a5,north,l,deluxe,per_device,monthly,10,2026-06-01,true,,active,,,,\n",
                 header, "catalog: {price_changes: [{date: 2027-03-01, factor: 1.10}]}\n");
  LoadResult r = b.load();
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  SimulateOptions so;
  so.trace = true;
  const Scenario& sc = *r.scenario;
  SimulationResult res = simulate(sc, sc.policy, sc.seed, 1, so);
  std::map<std::string, Cents> opening_mrr, opening_amount;
  std::map<std::string, std::vector<Cents>> renewals;
  for (const Event& e : res.traces[0]) {
    const std::string s = subscription_name(sc, e.customer, e.sub);
    if (e.kind == EventKind::opening) opening_mrr[s] = e.mrr_delta;
    if (e.kind == EventKind::renewal) renewals[s].push_back(e.amount);
  }
  CHECK(opening_mrr["m"] == 1000);  // 3 seats: no whole-cent price per seat gives 10.00
  CHECK(opening_mrr["y"] == 3333);  // invoiced 399.96 for the year
  CHECK(opening_mrr["g"] == 2107);  // grace keeps MRR (E2)
  CHECK(opening_mrr["p"] == 3999);  // mrr rules the term in force; price the own price
  CHECK(opening_mrr["l"] == 5000);  // neither: the list
  // Renewals before the change keep the invoice; from the term of March 1, the own price × 1.10:
  // m's implied own price is 3.33 (3 × 3.33 = 9.99 is nearest 10.00), so 3.66 × 3 = 10.98.
  REQUIRE(renewals["m"].size() >= 3);
  CHECK(renewals["m"][0] == 1000);
  CHECK(renewals["m"][1] == 1098);
  // y: 399.96 a year implies 5.29 a seat (5.29 × 84 less 10 % = 399.92, nearest), × 1.10 = 5.82:
  // 5.82 × 84 less 10 % = 439.99 from March 15.
  REQUIRE(renewals["y"].size() == 2);
  CHECK(renewals["y"][0] == 43999);
  CHECK(renewals["y"][1] == 43999);
  REQUIRE(renewals["p"].size() >= 2);
  CHECK(renewals["p"][0] == 3999);
  CHECK(renewals["p"][1] == 4400);  // its own price 4.00 × 1.10 × 10
  // Traced back into an export, each row shows the MRR it was opened at; a row that never
  // earned (opened suspended) shows no price, not 0.00, so a second fit does not open it free.
  {
    BookScenario s2("a1,north,m,deluxe,per_device,monthly,3,2026-06-01,true,,active,,,,10.00\n"
                    "a6,north,x,deluxe,per_device,monthly,4,2026-06-20,false,,suspended,2026-11-20,,,\n",
                    header);
    LoadResult r2 = s2.load();
    for (const Diagnostic& d : r2.errors) MESSAGE(d.format());
    REQUIRE(r2.ok());
    SimulationResult t = simulate(*r2.scenario, r2.scenario->policy, 4, 1, so);
    const std::string csv = subscriptions_csv(t.traces[0], trace_names(*r2.scenario));
    CHECK(csv.find("\na1,m,north,deluxe,per_device,monthly,3,2026-06-01,,,on,,3.3333,10.00,\n") !=
          std::string::npos);
    CHECK(csv.find(",cancelled,,,,,\n") != std::string::npos);  // a6: no price, no mrr
  }
  // A bad mrr is FILE:LINE:COL.
  BookScenario bad("a1,north,m,deluxe,per_device,monthly,3,2026-06-01,true,,active,,,,ten\n",
                   header);
  CHECK(first_error(bad).find("book.csv:2:15: error: mrr must be the subscription's monthly "
                              "recurring revenue like 1234.50, not 'ten'") != std::string::npos);
}

// Issue 29, cause 4 for subscriptions: a book fitted from a subsim trace labels c48's first
// subscription "c48-s1"; a later order of c48 (its slot 1) must not be "c48-s1" too. The infix
// of later subscriptions then moves to the first one no label can be confused with.
TEST_CASE("book: a later subscription's id never repeats a book label") {
  {
    BookScenario b("c48,r1,c48-s1,deluxe,per_device,monthly,5,2026-12-10,true,,active,,false\n"
                   "c7,r1,c7-n0,deluxe,per_device,monthly,5,2026-12-10,true,,active,,false\n");
    LoadResult r = b.load();
    REQUIRE(r.ok());
    const Scenario& sc = *r.scenario;
    CHECK(sc.slot_infix == "-new");  // "-s" clashes with c48-s1, "-n" with c7-n0
    CHECK(subscription_name(sc, 0, 0) == "c48-s1");
    CHECK(subscription_name(sc, 0, 1) == "c48-new1");
    CHECK(subscription_name(sc, 1, 3) == "c7-new3");
    // events.csv writes the same names (its own fast path).
    TraceFormatter tf(sc);
    Event e;
    e.date = sc.start;
    e.customer = 0;
    e.sub = 1;
    std::string row;
    tf.append_row(row, 0, e);
    CHECK(row.find(",c48-new1,") != std::string::npos);
  }
  {
    // Labels that merely look alike keep "-s": "x-s1" is not an account's id and digits.
    BookScenario b("acct,r1,x-s1,deluxe,per_device,monthly,5,2026-12-10,true,,active,,false\n");
    LoadResult r = b.load();
    REQUIRE(r.ok());
    CHECK(r.scenario->slot_infix == "-s");
    CHECK(subscription_name(*r.scenario, 0, 2) == "acct-s2");
  }
}

TEST_CASE("book: a lost account may come back after the first day, as a new account (E4)") {
  // Expired on 2026-10-01, 92 days before the start: deleted on Nov 30. Come-back delays of 30
  // or 200 days: not back by the start, so 200 — on 2027-04-19, a new lineage.
  BookScenario b("a1,north,l,deluxe,per_device,monthly,5,2026-01-01,false,,lost,2026-10-01,\n"
                 "a2,north,m,deluxe,per_device,monthly,5,2026-01-31,true,,active,,false\n",
                 kHeader, "", "{probability: 1, days: {empirical: [[30, 1], [200, 1]]}}");
  LoadResult r = b.load();
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  SimulateOptions so;
  so.trace = true;
  SimulationResult res = simulate(*r.scenario, r.scenario->policy, 4, 1, so);
  std::vector<Event> lost;
  for (const Event& e : res.traces[0])
    if (e.customer == 0) lost.push_back(e);  // the first book account (no scripted ones)
  REQUIRE_FALSE(lost.empty());
  CHECK(format_iso(lost[0].date) == "2027-04-19");
  CHECK(lost[0].kind == EventKind::order);
  CHECK(lost[0].rule == RuleId::E4);
  // explain says what the book knew: the account was lost before the start.
  const std::string text = explain_text("t", *r.scenario, r.scenario->policy, 0, lost, false);
  CHECK(text.find("Who: reseller north,") != std::string::npos);
  CHECK(text.find("l (book): lost before the start — expired on 2026-10-01, deleted (E4) on "
                  "2026-11-30") != std::string::npos);

  // 2,000 lost accounts aged 92 days, come-back 0.3 with exponential delays of mean 45: given
  // not back by the start, P(back) = 0.3·e^(−91.5/45) / (0.7 + 0.3·e^(−91.5/45)) = 0.0531 and
  // the days after the start exponential again (memoryless): mean 45, none before the start.
  std::string rows;
  for (int i = 0; i < 2000; ++i)
    rows += "a" + std::to_string(i) + ",north,s" + std::to_string(i) +
            ",deluxe,per_device,monthly,5,2026-01-01,false,,lost,2026-10-01,\n";
  BookScenario many(rows, kHeader, "", "{probability: 0.3, days: {exponential: {mean: 45}}}");
  LoadResult r2 = many.load();
  REQUIRE(r2.ok());
  res = simulate(*r2.scenario, r2.scenario->policy, 4, 1, so);
  std::map<std::uint32_t, Date> first;
  for (const Event& e : res.traces[0]) first.try_emplace(e.customer, e.date);
  const double tail = std::exp(-91.5 / 45), p = 0.3 * tail / (0.7 + 0.3 * tail);
  const double expected = 2000 * p, sd = std::sqrt(2000 * p * (1 - p));
  double days = 0;
  for (const auto& kv : first) {
    CHECK(kv.second >= r2.scenario->start);
    days += days_between(r2.scenario->start, kv.second);
  }
  const double back = static_cast<double>(first.size());
  INFO("came back " << back << " (expected " << expected << "), mean days " << days / back);
  CHECK(std::abs(back - expected) <= 4 * sd);
  CHECK(std::abs(days / back - 45) <= 4 * 45 / std::sqrt(back));
}

// The synthetic opening book's anchors spread over the term containing the first day: the term
// each subscription opens in contains it, also when the first day is a short month's last
// (anchors Jan 29–31 before Feb 28 are in their term 1: C1 clamps term 1's start to Feb 28).
TEST_CASE("the opening book opens each subscription in the term that contains the first day") {
  for (const char* start : {"2027-02-28", "2028-02-29", "2027-04-30", "2027-01-01"}) {
    INFO(start);
    LoadOptions lo;
    lo.sets = {"population.initial=3000", "horizon=2m", std::string("start=") + start};
    LoadResult r = load_scenario_file(std::string(SUBSIM_SOURCE_DIR) + "/scenarios/baseline.yaml", lo);
    for (const Diagnostic& d : r.errors) MESSAGE(d.format());
    REQUIRE(r.ok());
    SimulateOptions so;
    so.trace = true;
    SimulationResult res = simulate(*r.scenario, r.scenario->policy, 3, 1, so);
    int openings = 0, outside = 0;
    for (const Event& e : res.traces[0])
      if (e.kind == EventKind::opening) {
        ++openings;
        outside += !(e.rev_from <= r.scenario->start && r.scenario->start <= e.rev_to);
      }
    CHECK(openings == 3000);
    CHECK(outside == 0);
  }
}
