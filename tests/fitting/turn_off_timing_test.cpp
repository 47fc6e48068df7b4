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

// `n` cancelled rows, a share `annual` of them annual, each leaving at a term of its own with
// d uniform on 0 … `max_days` whole days, under `notice` days' notice.
std::vector<ExportRow> leavers(int n, double annual, int max_days, int notice, std::uint32_t seed) {
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
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

TEST_CASE("turn-off timing: the Kaplan-Meier estimate gives back the drawn distribution") {
  // Uniform on 0 … 75 (the baseline's): P(d ≤ 30) = 31/76, the median 37.5.
  int covered = 0;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const TurnOffTiming t = fit_turn_off_timing(leavers(3000, 0.4, 75, 30, seed));
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
  TurnOffTiming t = fit_turn_off_timing(rows);
  CHECK_FALSE(t.estimated);
  CHECK(t.observed == 25);
  // The assumption: uniform 0–60, P(d ≤ 30) = 30.5/60.
  CHECK(t.at_most(30) == doctest::Approx(30.5 / 60));
  CHECK(late_share(true, 30, t) == doctest::Approx(30.5 / 60));
  CHECK(t.median() == doctest::Approx(30));
  // A row whose end is neither the turn-off's term end nor the next one's: its terms moved.
  rows = leavers(100, 1.0, 75, 30, 4);
  rows[0].end = add_days(*rows[0].end, 40);
  t = fit_turn_off_timing(rows);
  CHECK(t.skipped == 1);
  CHECK(t.observed == 99);
  // Rows that did not end cancelled, or have no turn-off date, say nothing.
  rows[1].end_reason = ExportRow::End::switched;
  rows[2].off_date.reset();
  CHECK(fit_turn_off_timing(rows).observed == 97);
}
