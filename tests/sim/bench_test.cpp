// `subsim bench` times the engine on the shipped scenarios/benchmark.yaml (built into the
// executable): its event count is that of the file on disk, on both queues and thread counts.
#include <doctest/doctest.h>

#include <cstdio>
#include <set>
#include <string>
#include <utility>

#include "model/date.hpp"
#include "scenario/scenario_loader.hpp"
#include "sim/bench.hpp"
#include "sim/observer.hpp"
#include "sim/population_plan.hpp"
#include "sim/shard_engine.hpp"

using namespace subsim;

namespace {
std::string capture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  CHECK(::pclose(p) == 0);
  return out;
}
}  // namespace

TEST_CASE("bench runs scenarios/benchmark.yaml: the same events as the file, on every queue") {
  LoadOptions lo;
  lo.sets = {"population.initial=3000", "horizon=2y"};
  LoadResult r = load_scenario_file(std::string(SUBSIM_SOURCE_DIR) + "/scenarios/benchmark.yaml", lo);
  REQUIRE(r.ok());
  RunStats one = time_engine(*r.scenario, 1, QueueImpl::calendar, 512);
  RunStats two = time_engine(*r.scenario, 2, QueueImpl::calendar, 512);
  RunStats heap = time_engine(*r.scenario, 1, QueueImpl::heap, 512);
  CHECK(one.events > 3000);
  CHECK(two.events == one.events);
  CHECK(heap.events == one.events);

  std::string out = capture(std::string(SUBSIM_BINARY) +
                            " bench --customers 3000 --years 2 --repeat 1 --shard 512");
  CHECK(out.find("scenarios/benchmark.yaml") != std::string::npos);
  CHECK(out.find("events " + std::string(12 - std::to_string(one.events).size(), ' ') +
                 std::to_string(one.events)) != std::string::npos);
  CHECK(out.find("WARNING") == std::string::npos);

  // --renewal-runs off: every renewal queued one by one — the same events, no run, either queue.
  RunStats each = time_engine(*r.scenario, 1, QueueImpl::calendar, 512, false);
  RunStats each_heap = time_engine(*r.scenario, 1, QueueImpl::heap, 512, false);
  CHECK(one.runs > 0);
  CHECK(each.runs == 0);
  CHECK(each.events == one.events);
  CHECK(each_heap.events == one.events);
  std::string off = capture(std::string(SUBSIM_BINARY) +
                            " bench --customers 3000 --years 2 --repeat 1 --shard 512"
                            " --renewal-runs off");
  CHECK(off.find("every renewal queued one by one") != std::string::npos);
  CHECK(off.find("; 0 renewal runs") != std::string::npos);
  CHECK(off.find("WARNING") == std::string::npos);
}

TEST_CASE("median_run and median_ratio take the middle, not the mean") {
  std::vector<RunStats> a(3), b(3);
  a[0].wall_seconds = 5, a[1].wall_seconds = 1, a[2].wall_seconds = 2;
  b[0].wall_seconds = 1, b[1].wall_seconds = 1, b[2].wall_seconds = 1;
  CHECK(median_run(a).wall_seconds == 2);
  CHECK(median_ratio(a, b) == 2);
}

// Issue 33: renewal runs. With nothing observing, a subscription that renews unchanged is moved
// across its quiet terms at once; the run must end exactly as renewing term by term does — the
// same events counted, every account in the same state at the horizon.
namespace {
struct Ending {
  ShardStats stats;
  std::vector<std::string> accounts;  // every field of every subscription but its generation
  int runs_beside_others = 0;  // runs of a subscription beside others (its slot is not the first)
  int runs_from_seat_adds = 0;  // runs begun on the day of a seat addition of that customer
};

// Takes the runs (so the engine makes them) and notes whose they are and on which day they
// came, and the days of seat additions.
struct RunCustomers : Observer {
  int later_slots = 0;  // runs of a subscription in slot 1 or later: its account holds others
  std::set<std::pair<std::uint32_t, int>> run_days, seat_add_days;
  int today = 0;
  void on_day(Date d) override { today = d.day_number(); }
  void on_event(const Event& e) override {
    if (e.kind == EventKind::seat_add) seat_add_days.insert({e.customer, e.date.day_number()});
  }
  bool takes_renewal_runs() const override { return true; }
  bool counts_notice_cutoffs() const override { return true; }
  void on_renewal_run(const RenewalRun& r) override {
    later_slots += r.sub > 0;
    run_days.insert({r.customer, today});
  }
};

Ending run_to_end(const Scenario& sc, bool runs) {
  RunSpec spec{&sc, sc.policy, sc.seed, 0};
  spec.renewal_runs = runs;
  const PopulationPlan plan = plan_population(sc, sc.seed, 0);
  RunCustomers seen;
  ShardEngine engine(spec, plan, 0, 0, plan.total(), &seen);
  Ending e;
  e.stats = engine.run();
  e.runs_beside_others = seen.later_slots;
  for (const auto& d : seen.run_days) e.runs_from_seat_adds += seen.seat_add_days.count(d) > 0;
  auto day = [](Date d) { return std::to_string(d.day_number()); };  // not-a-date included
  for (std::uint32_t c = 0; c < plan.total(); ++c) {
    const Account& a = engine.account(c);
    std::string line = std::to_string(a.reseller) + " " + std::to_string(a.incarnation) + " " +
                       std::to_string(a.lineages_issued) + " " + std::to_string(a.trial_used);
    for (const Subscription& s : a.subs)
      line += " | " + std::to_string(s.lineage) + " " + day(s.anchor) + " " +
              day(s.first_day) + " " + day(s.last_day) + " " +
              std::to_string(s.term_index) + " " + std::to_string(s.seats) + " " +
              std::to_string(s.term_amount) + " " + std::to_string(s.unit_price) + " " +
              std::to_string(static_cast<int>(s.state)) + " " + std::to_string(s.auto_renew) +
              " " + std::to_string(s.edition) + " " + std::to_string(s.next_decision) + " " +
              std::to_string(s.price_step) + " " + std::to_string(s.promo_left) + " " +
              day(s.expiry_day) + " " + day(s.off_day) + " " + std::to_string(s.renewal_snafu) +
              std::to_string(s.late_notice) + std::to_string(s.switching) + " " +
              std::to_string(s.successor) + " " + std::to_string(s.predecessor) + " " +
              std::to_string(s.price_waited) + " " + std::to_string(s.promo) + " " +
              std::to_string(s.reseller) + " " + std::to_string(s.id);
    e.accounts.push_back(line);
  }
  return e;
}
}  // namespace

TEST_CASE("renewal runs: the same events and the same accounts at the horizon as term by term") {
  struct Case {
    const char* file;
    std::vector<std::string> sets;
  };
  const Case cases[] = {
      {"scenarios/benchmark.yaml", {"population.initial=4000", "horizon=5y"}},
      {"scenarios/baseline.yaml", {"population.initial=2000", "horizon=4y"}},
      {"scenarios/book/scenario.yaml", {}},
      {"scenarios/faq.yaml", {}},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    LoadOptions lo;
    lo.sets = c.sets;
    LoadResult r = load_scenario_file(std::string(SUBSIM_SOURCE_DIR) + "/" + c.file, lo);
    for (const Diagnostic& d : r.errors) MESSAGE(d.format());
    REQUIRE(r.ok());
    const Ending with = run_to_end(*r.scenario, true), without = run_to_end(*r.scenario, false);
    CHECK(with.stats.events == without.stats.events);
    CHECK(without.stats.runs == 0);
    REQUIRE(with.accounts.size() == without.accounts.size());
    int differ = 0;
    for (std::size_t i = 0; i < with.accounts.size(); ++i)
      if (with.accounts[i] != without.accounts[i] && ++differ <= 3)
        CHECK_MESSAGE(false, "customer " << i << ":\n  runs " << with.accounts[i]
                                         << "\n  term by term " << without.accounts[i]);
    CHECK(differ == 0);
    if (std::string(c.file) == "scenarios/benchmark.yaml") {
      // Most renewals of the benchmark's shape are in runs, also of a subscription whose
      // account holds others that are over (upgraded, closed, deleted before a come-back).
      CHECK(with.stats.runs > 4000);
      CHECK(with.runs_beside_others > 100);
      // A term whose one decision is a seat addition renews from it (no term end queued): the
      // run after it comes on the addition's day (by chance otherwise: a seat added on a
      // term's last day, a thirtieth of them).
      CHECK(with.runs_from_seat_adds > with.stats.runs / 5);
    }
  }
}

// Counted cut-offs (Lifecycle::enable_cutoff_counting) left pending at the horizon fired: the
// heap's clock stops at its last event, so the horizon counts them without asking it. One
// customer a shard leaves many a shard whose last event comes before a pending cut-off (a
// turn-off whose term ends after the horizon) — on both queues the count is the queued one's.
TEST_CASE("counted cut-offs: the events of queued ones on either queue, one customer a shard") {
  LoadOptions lo;
  lo.sets = {"population.initial=800", "horizon=2y"};
  LoadResult r =
      load_scenario_file(std::string(SUBSIM_SOURCE_DIR) + "/scenarios/benchmark.yaml", lo);
  REQUIRE(r.ok());
  const Scenario& sc = *r.scenario;
  const PopulationPlan plan = plan_population(sc, sc.seed, 0);
  for (QueueImpl queue : {QueueImpl::calendar, QueueImpl::heap}) {
    INFO("heap: " << (queue == QueueImpl::heap));
    std::uint64_t counted = 0, queued = 0;
    for (std::uint32_t c = 0; c < plan.total(); ++c)
      for (bool count : {true, false}) {
        RunSpec spec{&sc, sc.policy, sc.seed, 0};
        spec.renewal_runs = count;
        ShardEngine engine(spec, plan, 0, c, c + 1, nullptr, queue);
        (count ? counted : queued) += engine.run().events;
      }
    CHECK(queued > 8 * plan.total());
    CHECK(counted == queued);
  }
}
