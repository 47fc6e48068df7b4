// When leavers turn auto-renew off, estimated from an export's turn-off dates
// (fitting/turn_off_timing): rows made the way the engine places a decision — d days before the
// term's last day, not before its first day; on time it ends with that term, late (d ≤ the
// notice) with the next — and the estimate checked against the distribution they were drawn
// from, written out independently.
#include <doctest/doctest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <vector>

#include "fitting/turn_off_timing.hpp"
#include "model/term.hpp"

using namespace subsim;

namespace {

// `n` leavers, a share `annual` of them annual, each leaving at a term of its own with d uniform
// on 0 … `max_days` whole days, under `notice` days' notice, as an export on `as_of` shows
// them: a turn-off after it is not seen (the row is active, auto-renew on: left out here), a
// row that had not ended by then is active with auto-renew off.
std::vector<ExportRow> leavers(int n, double annual, int max_days, int notice, std::uint32_t seed,
                               Date as_of = Date(2040, 1, 1)) {
  boost::random::mt19937 g(seed);
  boost::random::uniform_int_distribution<int> days(0, max_days), term(0, 5), day(0, 700);
  std::vector<ExportRow> rows;
  for (int i = 0; i < n; ++i) {
    ExportRow r;
    r.annual = i < annual * n;
    const TermType t = r.annual ? TermType::annual : TermType::monthly;
    r.start = add_days(Date(2024, 1, 1), day(g));
    const int k = term(g), d = days(g);
    const Date first = term_start(r.start, t, k), last = term_end(r.start, t, k);
    r.off_date = std::max(first, add_days(last, -d));
    const bool late = std::min(d, days_between(first, last)) <= notice;
    r.end = late ? term_end(r.start, t, k + 1) : last;
    r.end_reason = ExportRow::End::cancelled;
    if (*r.off_date >= as_of) continue;
    if (*r.end >= as_of) {  // still paying on the export date, auto-renew off
      r.end.reset();
      r.end_reason = ExportRow::End::active;
      r.auto_renew = false;
    }
    rows.push_back(r);
  }
  // The history of decisions starts before any of these terms: a row (that says nothing
  // itself: switched) turned off long before.
  ExportRow early;
  early.start = Date(2022, 6, 1);
  early.off_date = Date(2023, 1, 1);
  early.end = Date(2023, 5, 31);
  early.end_reason = ExportRow::End::switched;
  rows.push_back(early);
  return rows;
}

}  // namespace

TEST_CASE("turn-off timing: the Kaplan-Meier estimate gives back the drawn distribution") {
  // Uniform on 0 … 75 (the baseline's): P(d ≤ 30) = 31/76, the median 37.5.
  int covered = 0;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const TurnOffTiming t = fit_turn_off_timing(leavers(3000, 0.4, 75, 30, seed), Date(2040, 1, 1));
    REQUIRE(t.estimated);
    CHECK(t.observed == 3000);
    CHECK(t.skipped == 0);
    CHECK(t.censored > 0);  // monthly ones deciding a month or more ahead
    double total = 0;
    for (const auto& m : t.mass) total += m.second;
    CHECK(total == doctest::Approx(1).epsilon(1e-9));
    CHECK(std::fabs(t.median() - 37.5) <= 3);
    // Within 3 binomial standard errors of the annual rows alone (1,200).
    const double p = 31.0 / 76;
    covered += std::fabs(t.at_most(30) - p) <= 3 * std::sqrt(p * (1 - p) / 1200);
    // The annual late share follows it; monthly ones are all late under 30 days (capped).
    CHECK(late_share(true, 30, t) == doctest::Approx(t.at_most(30)));
    CHECK(late_share(false, 30, t) == doctest::Approx(0.99));
  }
  CHECK(covered >= 19);
  // Counting the monthly turn-offs on a term's first day as decisions made that day (ignoring
  // the censoring) would put far too much mass below 30 days.
  const std::vector<ExportRow> rows = leavers(3000, 0.4, 75, 30, 99);
  int naive = 0;
  for (const ExportRow& r : rows) {
    const TermType t = r.annual ? TermType::annual : TermType::monthly;
    const Date last = term_end(r.start, t, term_index_on(r.start, t, *r.off_date));
    naive += days_between(*r.off_date, last) <= 30;
  }
  CHECK(static_cast<double>(naive) / 3000 > 31.0 / 76 + 0.15);
}

TEST_CASE("turn-off timing: too few dates, or dates the rows contradict, keep the assumption") {
  std::vector<ExportRow> rows = leavers(25, 1.0, 75, 30, 3);
  TurnOffTiming t = fit_turn_off_timing(rows, Date(2040, 1, 1));
  CHECK_FALSE(t.estimated);
  CHECK(t.observed == 25);
  // The assumption: uniform 0–60, P(d ≤ 30) = 30.5/60.
  CHECK(t.at_most(30) == doctest::Approx(30.5 / 60));
  CHECK(late_share(true, 30, t) == doctest::Approx(30.5 / 60));
  CHECK(t.median() == doctest::Approx(30));
  // A row whose end is neither the turn-off's term end nor the next one's: its terms moved.
  rows = leavers(100, 1.0, 75, 30, 4);
  rows[0].end = add_days(*rows[0].end, 40);
  t = fit_turn_off_timing(rows, Date(2040, 1, 1));
  CHECK(t.skipped == 1);
  CHECK(t.observed == 99);
  // Rows that did not end cancelled, or have no turn-off date, say nothing.
  rows[1].end_reason = ExportRow::End::switched;
  rows[2].off_date.reset();
  CHECK(fit_turn_off_timing(rows, Date(2040, 1, 1)).observed == 97);
}

// An export taken while leavers are still leaving: the late ones of the last terms still pay
// (auto-renew off) while the on-time ones of the same terms have ended. Counting only ended rows
// would see fewer late leavers; counting the turn-offs of every term over by the export date,
// whatever the row's state, sees both. Within 3 standard errors in 19 of 20 seeds.
TEST_CASE("turn-off timing: an export cut while leavers leave is not biased towards on-time ones") {
  const double p = 31.0 / 76;
  int covered = 0, ended_only_covered = 0;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const Date as_of(2026, 3, 1);
    const std::vector<ExportRow> rows = leavers(6000, 1.0, 75, 30, seed, as_of);
    const TurnOffTiming t = fit_turn_off_timing(rows, as_of);
    REQUIRE(t.estimated);
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(t.observed));
    covered += std::fabs(t.at_most(30) - p) <= 3 * se;
    std::vector<ExportRow> ended;
    for (const ExportRow& r : rows)
      if (r.end) ended.push_back(r);
    const TurnOffTiming e = fit_turn_off_timing(ended, as_of);
    ended_only_covered += e.estimated && std::fabs(e.at_most(30) - p) <= 3 * se;
  }
  CHECK(covered >= 19);
  CHECK(ended_only_covered <= 5);
}

// No turn-off shows before the export's first one: a term that began before it would show only
// its later — shorter — turn-offs, so it is left out.
TEST_CASE("turn-off timing: terms begun before the export's first turn-off are left out") {
  std::vector<ExportRow> rows = leavers(3000, 1.0, 75, 30, 8);
  const TurnOffTiming all = fit_turn_off_timing(rows, Date(2040, 1, 1));
  rows.pop_back();  // the early turn-off: the decisions now start with the leavers' own
  Date first = *rows[0].off_date;
  for (const ExportRow& r : rows) first = std::min(first, *r.off_date);
  const TurnOffTiming late_start = fit_turn_off_timing(rows, Date(2040, 1, 1));
  std::int64_t before = 0;
  for (const ExportRow& r : rows)
    before += term_start(r.start, TermType::annual,
                         term_index_on(r.start, TermType::annual, *r.off_date)) < first;
  CHECK(before > 0);
  CHECK(late_start.observed == all.observed - before);
}
