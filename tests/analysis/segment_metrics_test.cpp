// timeseries_by_segment.csv's numbers: from hand-written events, and identities against the
// run's own series on a simulated population.
#include "analysis/segment_metrics.hpp"
#include "tests/test_dates.hpp"

#include <doctest/doctest.h>

#include "analysis/run_report.hpp"
#include "analysis/simulate.hpp"
#include "tests/analysis/event_feed.hpp"
#include "io/csv.hpp"
#include "scenario/scenario_loader.hpp"

using namespace subsim;

namespace {
using subsim::test::D;

struct Feed : test_feed::Feed<SegmentMetrics> {
  Feed(Date start, Date end, std::uint32_t customers)
      : test_feed::Feed<SegmentMetrics>(
            start, end, customers,
            std::make_shared<SegmentNames>(SegmentNames{{"essentials", "enterprise"}, {"ra", "rb"}})) {}
};

Event ev(std::uint32_t c, EventKind k, SubState from, SubState to, Cents mrr, std::uint8_t edition,
         std::uint16_t reseller, std::int32_t seats_delta = 0) {
  Event e = test_feed::event(c, k, from, to, mrr);
  e.seats_delta = seats_delta;
  e.edition = edition;
  e.reseller = reseller;
  e.term_months = 1;
  return e;
}
constexpr SubState NEW = SubState::count;
// Segment numbers: editions 0–1, terms 2–3, resellers 4–5, "none" 6.
constexpr int kEssentials = 0, kEnterprise = 1, kMonthly = 2, kAnnual = 3, kRa = 4, kRb = 5;
}  // namespace

TEST_CASE("a subscription changing edition or reseller moves its MRR, seats and count between segments") {
  Feed f(D(2027, 1, 1), D(2027, 4, 30), 2);
  f.at(D(2027, 1, 1), ev(0, EventKind::opening, NEW, SubState::active, 10000, 0, 0, 10));
  f.at(D(2027, 1, 15), ev(1, EventKind::start, NEW, SubState::active, 4000, 0, 1, 4));
  // February: customer 0 upgrades to enterprise (S5): 10,000 → 25,000 in another edition.
  f.at(D(2027, 2, 10), ev(0, EventKind::upgrade, SubState::active, SubState::active, 15000, 1, 0));
  // March: customer 1's subscription starts with reseller ra (a hand-over, R2).
  f.at(D(2027, 3, 5), ev(1, EventKind::handover, SubState::active, SubState::active, 0, 0, 0));
  f.finish(D(2027, 4, 30));
  const SegmentMetrics& m = f.m;
  CHECK(m.segments() == 7);
  CHECK(m.dimension(kEnterprise) == SegmentDimension::edition);
  CHECK(m.value_name(kAnnual) == "annual");
  CHECK(m.value_name(6).empty());  // no reseller
  CHECK(!m.used(6));
  CHECK(m.used(kRa));
  auto S = [&](int seg, Series s, int month) { return m.monthly(seg).series(s, month); };
  // January: the opening book is not new business; customer 1 is new in essentials and rb.
  CHECK(S(kEssentials, Series::customers_start, 0) == 1);
  CHECK(S(kEssentials, Series::new_mrr, 0) == 4000);
  CHECK(S(kEssentials, Series::mrr, 0) == 14000);
  CHECK(S(kRb, Series::new_customers, 0) == 1);
  CHECK(S(kMonthly, Series::seats, 0) == 14);
  // February: essentials loses customer 0 (churned there), enterprise gains it (new there).
  CHECK(S(kEssentials, Series::churned_mrr, 1) == 10000);
  CHECK(S(kEssentials, Series::churned_customers, 1) == 1);
  CHECK(S(kEssentials, Series::seats, 1) == 4);
  CHECK(S(kEnterprise, Series::new_mrr, 1) == 25000);
  CHECK(S(kEnterprise, Series::seats, 1) == 10);
  CHECK(S(kEnterprise, Series::active_subscriptions, 1) == 1);
  // The reseller and term segments saw an expansion of the same customer.
  CHECK(S(kRa, Series::expansion_mrr, 1) == 15000);
  CHECK(S(kMonthly, Series::expansion_mrr, 1) == 15000);
  CHECK(S(kMonthly, Series::mrr, 1) == 29000);
  // March: the hand-over moves customer 1 from rb to ra.
  CHECK(S(kRb, Series::churned_mrr, 2) == 4000);
  CHECK(S(kRb, Series::active_customers, 2) == 0);
  CHECK(S(kRa, Series::new_mrr, 2) == 4000);
  CHECK(S(kRa, Series::active_customers, 2) == 2);
  CHECK(S(kRa, Series::mrr, 3) == 29000);
  CHECK(S(kAnnual, Series::mrr, 3) == 0);
  // Every segment's bridges hold in every month.
  for (int seg = 0; seg < m.segments(); ++seg)
    for (int month = 0; month < 4; ++month) {
      CHECK(S(seg, Series::customers_start, month) + S(seg, Series::new_customers, month) +
                S(seg, Series::reactivated_customers, month) -
                S(seg, Series::churned_customers, month) ==
            S(seg, Series::active_customers, month));
      if (month > 0)
        CHECK(S(seg, Series::mrr, month) - S(seg, Series::mrr, month - 1) ==
              S(seg, Series::new_mrr, month) + S(seg, Series::expansion_mrr, month) +
                  S(seg, Series::reactivation_mrr, month) -
                  S(seg, Series::contraction_mrr, month) - S(seg, Series::churned_mrr, month));
    }
}

TEST_CASE("summed over one dimension's values, the segments give the run's series") {
  LoadOptions o;
  o.sets = {"population.initial=3000", "replications=2", "horizon=3y"};
  LoadResult r = load_scenario_file(SUBSIM_SOURCE_DIR "/scenarios/baseline.yaml", o);
  REQUIRE(r.ok());
  const Scenario& sc = *r.scenario;
  SimulateOptions so;
  so.threads = 2;
  so.shard_size = 700;
  so.segments = true;
  SimulationResult res = simulate(sc, sc.policy, sc.seed, sc.replications, so);
  REQUIRE(res.segments.size() == 2);
  const Series additive[] = {Series::mrr,         Series::bookings,   Series::recognized_revenue,
                             Series::active_subscriptions, Series::seats, Series::in_grace,
                             Series::deletions};
  long checked = 0;
  for (std::size_t rep = 0; rep < 2; ++rep) {
    const RunMetrics& run = res.replications[rep];
    const SegmentMetrics& seg = res.segments[rep];
    for (SegmentDimension d :
         {SegmentDimension::edition, SegmentDimension::term, SegmentDimension::reseller})
      for (int month = 0; month < run.months(); ++month) {
        for (Series s : additive) {
          std::int64_t sum = 0;
          for (int i = 0; i < seg.segments(); ++i)
            if (seg.dimension(i) == d) sum += seg.monthly(i).series(s, month);
          REQUIRE(sum == run.series(s, month));
          ++checked;
        }
        std::int64_t customers = 0;
        for (int i = 0; i < seg.segments(); ++i)
          if (seg.dimension(i) == d) customers += seg.monthly(i).series(Series::active_customers, month);
        CHECK(customers >= run.series(Series::active_customers, month));
      }
    CHECK(run.series(Series::mrr, run.months() - 1) > 0);
  }
  CHECK(checked == 2L * 3 * 36 * 7);
  // The same file for any thread count and shard split.
  RunInfo info{sc.name, sc.seed, sc.replications, sc.start, sc.end, "default"};
  const std::string csv = timeseries_by_segment_csv(info, res.segments);
  so.threads = 1;
  so.shard_size = 4096;
  SimulationResult one = simulate(sc, sc.policy, sc.seed, sc.replications, so);
  CHECK(timeseries_by_segment_csv(info, one.segments) == csv);
  CHECK(csv.rfind("month,metric,segment,value,mean,ci_low,ci_high,n\n", 0) == 0);
  CHECK(csv.find(",edition,enterprise,") != std::string::npos);
  CHECK(csv.find(",term,annual,") != std::string::npos);
  CHECK(csv.find(",reseller,") != std::string::npos);
}

TEST_CASE("segments: a shared subscription id and a book subscription opened unpaid keep the levels right") {
  Feed f(D(2027, 1, 1), D(2027, 3, 31), 2);
  // Customer 0: a subscription in essentials, then a new one under the same id in enterprise
  // (scripted labels can be shared): the first one's count, seats and MRR leave first.
  f.at(D(2027, 1, 1), ev(0, EventKind::opening, NEW, SubState::active, 10000, 0, 0, 10));
  f.at(D(2027, 1, 20), ev(0, EventKind::start, NEW, SubState::active, 3000, 1, 0, 3));
  // Customer 1: opened suspended (no MRR), then back (E3): new business, as in the run.
  f.at(D(2027, 1, 1), ev(1, EventKind::opening, NEW, SubState::suspended, 0, 0, 1));
  f.at(D(2027, 2, 10), ev(1, EventKind::reactivation, NEW, SubState::active, 4000, 0, 1, 4));
  f.finish(D(2027, 3, 31));
  const SegmentMetrics& m = f.m;
  auto S = [&](int seg, Series s, int month) { return m.monthly(seg).series(s, month); };
  CHECK(S(kEssentials, Series::active_subscriptions, 0) == 0);
  CHECK(S(kEssentials, Series::seats, 0) == 0);
  CHECK(S(kEssentials, Series::churned_mrr, 0) == 10000);
  CHECK(S(kEnterprise, Series::active_subscriptions, 0) == 1);
  CHECK(S(kEnterprise, Series::seats, 0) == 3);
  CHECK(S(kEnterprise, Series::mrr, 0) == 3000);
  CHECK(S(kEssentials, Series::new_mrr, 1) == 4000);  // not a reactivation
  CHECK(S(kEssentials, Series::reactivation_mrr, 1) == 0);
  for (int seg = 0; seg < m.segments(); ++seg)
    for (int month = 0; month < 3; ++month) {
      CHECK(S(seg, Series::active_subscriptions, month) >= 0);
      CHECK(S(seg, Series::seats, month) >= 0);
      CHECK(S(seg, Series::mrr, month) >= 0);
    }
}
