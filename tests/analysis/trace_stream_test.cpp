// A streamed trace (issue 17): its rows are the run's events in the documented order, the same
// for any threads and shards, and its filters keep exactly what they say.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "analysis/simulate.hpp"
#include "analysis/subscription_export.hpp"
#include "analysis/trace_filter.hpp"
#include "analysis/trace_stream.hpp"
#include "io/csv.hpp"
#include "scenario/names.hpp"
#include "scenario/scenario_loader.hpp"

using namespace subsim;

namespace {
Scenario small() {
  LoadOptions o;
  o.sets = {"population.initial=3000", "population.monthly_arrivals.poisson.mean=40",
            "replications=2", "horizon=2y"};
  LoadResult r = load_scenario_file(SUBSIM_SOURCE_DIR "/scenarios/baseline.yaml", o);
  REQUIRE(r.ok());
  return *r.scenario;
}

struct Traced {
  std::string events, subscriptions;
  std::uint64_t rows = 0, fired = 0;
  SimulationResult memory;  // the same run's events kept in memory
};

Traced traced(const Scenario& sc, const TraceFilter& f, int threads, std::uint32_t shard) {
  Traced t;
  TraceStream stream(
      sc, f, [&](std::string_view b) { t.events += b; },
      [&](std::string_view b) { t.subscriptions += b; }, 1);
  SimulateOptions so;
  so.threads = threads;
  so.shard_size = shard;
  so.stream = &stream;
  so.trace = true;
  t.memory = simulate(sc, sc.policy, sc.seed, sc.replications, so);
  t.rows = stream.rows();
  t.fired = t.memory.stats.events;
  return t;
}

std::vector<std::vector<std::string>> records(const std::string& csv) {
  std::vector<std::vector<std::string>> out;
  for_each_csv_record(csv, "events.csv",
                      [&](const std::vector<std::string>& f, std::size_t count, int) {
                        out.emplace_back(f.begin(), f.begin() + static_cast<long>(count));
                      });
  return out;
}

TraceFilter parsed(const Scenario& sc, TraceFilterText text) {
  std::vector<std::string> errors;
  auto f = parse_trace_filter(sc, sc.seed, 1, text, errors);
  for (const auto& e : errors) MESSAGE(e);
  REQUIRE(f.has_value());
  return *f;
}
}  // namespace

TEST_CASE("trace rows: every event once, by replication, then account, then firing order") {
  Scenario sc = small();
  Traced t = traced(sc, TraceFilter{}, 2, 512);
  CHECK(t.rows == t.fired);
  auto rows = records(t.events);
  REQUIRE(rows.size() == t.fired + 1);  // and the header
  CHECK(rows[0][0] == "replication");
  for (std::size_t i = 2; i < rows.size(); ++i) {
    const auto &a = rows[i - 1], &b = rows[i];
    const int ra = std::stoi(a[0]), rb = std::stoi(b[0]);
    REQUIRE(ra <= rb);
    if (ra != rb) continue;
    const auto ca = *find_account(sc, a[2]), cb = *find_account(sc, b[2]);
    REQUIRE(ca <= cb);
    if (ca == cb) REQUIRE(a[1] <= b[1]);  // an account's dates never go back
  }
  // The same bytes as the in-memory trace (in date order) regrouped by account with a stable
  // sort and formatted: the streamed path (per shard, counting sort, writer thread) adds nothing
  // and loses nothing.
  TraceFormatter format(sc);
  std::string expected = kTraceHeader;
  for (int r = 0; r < sc.replications; ++r) {
    std::vector<Event> events = t.memory.traces[r];
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& x, const Event& y) { return x.customer < y.customer; });
    format.append_rows(expected, r, events);
  }
  CHECK(t.events == expected);
  // And the subscription export is the one of replication 0's whole trace.
  CHECK(t.subscriptions == subscriptions_csv(t.memory.traces[0], trace_names(sc)));
}

TEST_CASE("trace files are byte-identical for 1 and 3 threads and any shard size, filters included") {
  Scenario sc = small();
  TraceFilter f = parsed(sc, {"", "renewal,expiry,seat_add", "2027-06-01", "2028-03-31", "0.4"});
  Traced a = traced(sc, f, 1, 4096), b = traced(sc, f, 3, 97);
  CHECK(a.events == b.events);
  CHECK(a.subscriptions == b.subscriptions);
  CHECK(a.rows > 1000);
}

TEST_CASE("trace filters: events, dates, accounts and a sample keep what they say") {
  Scenario sc = small();
  Traced all = traced(sc, TraceFilter{}, 2, 1000);
  auto all_rows = records(all.events);

  SUBCASE("--trace-events and --trace-from/--trace-to pick rows, not the subscription export") {
    Traced t = traced(sc, parsed(sc, {"", "renewal, expiry", "2027-06-01", "2028-03-31", ""}), 2, 1000);
    std::size_t expected = 0;
    for (std::size_t i = 1; i < all_rows.size(); ++i) {
      const auto& r = all_rows[i];
      expected += (r[4] == "renewal" || r[4] == "expiry") && r[1] >= "2027-06-01" && r[1] <= "2028-03-31";
    }
    auto rows = records(t.events);
    CHECK(rows.size() - 1 == expected);
    CHECK(t.rows == expected);
    CHECK(expected > 100);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      CHECK((rows[i][4] == "renewal" || rows[i][4] == "expiry"));
      CHECK(rows[i][1] >= "2027-06-01");
      CHECK(rows[i][1] <= "2028-03-31");
    }
    CHECK(t.subscriptions == all.subscriptions);
  }
  SUBCASE("--trace-accounts keeps those accounts' rows, all of them, in both files") {
    Traced t = traced(sc, parsed(sc, {"c17, c2500\nc4", "", "", "", ""}), 2, 1000);
    std::string expected = all_rows.empty() ? "" : kTraceHeader;
    std::size_t n = 0;
    std::istringstream lines(all.events);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      auto f = records(line + "\n")[0];
      if (f[2] == "c17" || f[2] == "c2500" || f[2] == "c4") {
        expected += line + "\n";
        ++n;
      }
    }
    CHECK(t.events == expected);
    CHECK(n > 10);
    for (const auto& r : records(t.subscriptions))
      if (r[0] != "account") CHECK((r[0] == "c17" || r[0] == "c2500" || r[0] == "c4"));
  }
  SUBCASE("--trace-sample keeps about that share of the customers, with all their rows") {
    Traced t = traced(sc, parsed(sc, {"", "", "", "", "0.25"}), 2, 1000);
    std::map<std::string, int> all_count, kept_count;
    for (std::size_t i = 1; i < all_rows.size(); ++i) ++all_count[all_rows[i][0] + "/" + all_rows[i][2]];
    auto rows = records(t.events);
    for (std::size_t i = 1; i < rows.size(); ++i) ++kept_count[rows[i][0] + "/" + rows[i][2]];
    for (const auto& [k, n] : kept_count) CHECK(all_count[k] == n);  // whole histories
    const double share = static_cast<double>(kept_count.size()) / all_count.size();
    // Binomial: ~7,000 customers, sd of the share 0.005.
    CHECK(share == doctest::Approx(0.25).epsilon(0.1));
    // A different seed draws another sample.
    std::vector<std::string> errors;
    auto other = parse_trace_filter(sc, sc.seed + 1, 1, {"", "", "", "", "0.25"}, errors);
    REQUIRE(other);
    int differ = 0;
    for (std::uint32_t c = 0; c < 1000; ++c)
      differ += other->customer_kept(c) != parsed(sc, {"", "", "", "", "0.25"}).customer_kept(c);
    CHECK(differ > 100);
  }
}

TEST_CASE("trace filter mistakes are reported, each with what would have been right") {
  Scenario sc = small();
  std::vector<std::string> errors;
  CHECK_FALSE(parse_trace_filter(sc, 1, 1, {"nobody,c12", "renewals", "2027-13-01", "", "1.5"}, errors));
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].find("no account 'nobody'") != std::string::npos);
  CHECK(errors[1].find("no event 'renewals' (one of: opening, order") != std::string::npos);
  CHECK(errors[2].find("'2027-13-01' is not a date") != std::string::npos);
  CHECK(errors[3].find("not a fraction in (0, 1]") != std::string::npos);
  errors.clear();
  CHECK_FALSE(parse_trace_filter(sc, 1, 1, {"", "", "2028-01-01", "2027-01-01", ""}, errors));
  CHECK(errors.at(0).find("before --trace-from") != std::string::npos);
  errors.clear();
  CHECK_FALSE(parse_trace_filter(sc, 1, 1, {"@/nonexistent/ids.txt", "", "", "", ""}, errors));
  CHECK(errors.at(0).find("No such file") != std::string::npos);
  // Issue 32 item 11: a synthetic id beyond every replication's customers is unknown, not
  // silently nothing.
  errors.clear();
  CHECK_FALSE(parse_trace_filter(sc, 1, 3, {"c100000", "", "", "", ""}, errors));
  CHECK(errors.at(0).find("no customer 'c100000' in this run (its synthetic customers are c") !=
        std::string::npos);
  errors.clear();
  CHECK(parse_trace_filter(sc, 1, 3, {"c1", "", "", "", ""}, errors).has_value());
  for (const char* bad : {"0", "-0.1", "nan", "0.5x", ""}) {
    errors.clear();
    auto f = parse_trace_filter(sc, 1, 1, {"", "", "", "", bad}, errors);
    if (std::string(bad).empty())
      CHECK(f.has_value());  // not given
    else
      CHECK_FALSE(f.has_value());
  }
}

TEST_CASE("a name that needs quoting stays one CSV field, also as the stem of a subscription's name") {
  Scenario sc = small();
  ScriptedAccount a;
  a.id = "Acme, Inc.";
  a.labels = {"first \"one\""};
  sc.accounts.insert(sc.accounts.begin(), a);
  TraceFormatter format(sc);
  std::string out;
  Event e;
  e.date = sc.start;
  e.customer = 0;
  e.kind = EventKind::renewal;
  e.rule = RuleId::N1;
  for (int sub : {0, 3}) {
    e.sub = static_cast<std::int16_t>(sub);
    format.append_row(out, 0, e);
  }
  auto rows = records(out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][2] == "Acme, Inc.");
  CHECK(rows[0][3] == "first \"one\"");
  CHECK(rows[1][3] == "Acme, Inc.-s3");
  CHECK(rows[1][3] == subscription_name(sc, 0, 3));
  CHECK(rows[1].size() == 12);
}
