// N1–N4: auto-renew, the notice period, set to terminate, commitment.
#include "model/notice.hpp"
#include "tests/test_dates.hpp"

#include <doctest/doctest.h>

using namespace subsim;

using subsim::test::D;

static Subscription monthly_jan1() {
  Subscription s;
  s.term = TermType::monthly;
  s.set_term(D(2027, 1, 1), 0);
  s.state = SubState::active;
  return s;
}

TEST_CASE("N2 FAQ monthly example: off on Jan 15 renews for February, not for March") {
  Policy p;
  Subscription s = monthly_jan1();
  CHECK_FALSE(notice_stops_renewal(D(2027, 1, 31), D(2027, 1, 15), p.notice_days));  // 16 <= 30
  CHECK(notice_stops_renewal(D(2027, 2, 28), D(2027, 1, 15), p.notice_days));        // 44 > 30
  auto off = decide_auto_renew_off(s, D(2027, 1, 15), p);
  CHECK(off.decision.accepted);
  CHECK_FALSE(off.becomes_terminating);  // N3: T only from the first day of February
  s.auto_renew = false;
  s.off_day = D(2027, 1, 15);
  auto jan = decide_term_end(s, p);
  CHECK(jan.outcome == TermEndOutcome::renew_late_notice);
  CHECK(jan.rule == RuleId::N2);
  s.next_term();
  s.late_notice = true;
  CHECK(decide_term_end(s, p).outcome == TermEndOutcome::end);  // no renewal on Mar 1
}

TEST_CASE("N2 FAQ annual example: off on Nov 30 ends Dec 31 — off on Dec 1 renews") {
  Policy p;
  CHECK(notice_cutoff(D(2027, 12, 31), p.notice_days) == D(2027, 11, 30));
  CHECK(notice_stops_renewal(D(2027, 12, 31), D(2027, 11, 30), 30));       // 31 > 30
  CHECK_FALSE(notice_stops_renewal(D(2027, 12, 31), D(2027, 12, 1), 30));  // 30 is not > 30
  Subscription s;
  s.term = TermType::annual;
  s.set_term(D(2027, 1, 1), 0);
  s.state = SubState::active;
  CHECK(decide_auto_renew_off(s, D(2027, 11, 30), p).becomes_terminating);
  CHECK_FALSE(decide_auto_renew_off(s, D(2027, 12, 1), p).becomes_terminating);
}

TEST_CASE("N2 a late turn-off stops the next renewal even when February is short") {
  Policy p;
  Subscription s = monthly_jan1();
  s.auto_renew = false;
  s.off_day = D(2027, 1, 30);  // Feb 28 − Jan 30 = 29 ≤ 30, but N2 stops the next renewal anyway
  s.next_term();
  s.late_notice = true;
  CHECK(decide_term_end(s, p).outcome == TermEndOutcome::end);
}

TEST_CASE("N1 auto-renew on renews at every term end") {
  Policy p;
  Subscription s = monthly_jan1();
  for (int n = 0; n < 24; ++n) {
    s.set_term(s.anchor, n);
    auto d = decide_term_end(s, p);
    CHECK(d.outcome == TermEndOutcome::renew);
    CHECK(d.rule == RuleId::N1);
  }
}

TEST_CASE(
    "N3 auto-renew back on: accepted up to the cut-off, refused after it (N3) or with a "
    "pending hand-over (R1)") {
  Policy p;
  Subscription s;
  s.term = TermType::annual;
  s.set_term(D(2027, 1, 1), 0);
  s.state = SubState::terminating;
  s.auto_renew = false;
  CHECK(decide_auto_renew_on(s, D(2027, 11, 30), p, false).accepted);
  Decision late = decide_auto_renew_on(s, D(2027, 12, 1), p, false);
  CHECK_FALSE(late.accepted);
  CHECK(late.rule == RuleId::N3);
  s.successor = 1;
  Decision handover = decide_auto_renew_on(s, D(2027, 6, 1), p, true);
  CHECK_FALSE(handover.accepted);
  CHECK(handover.rule == RuleId::R1);
}

TEST_CASE("N4 no mid-term cancellation: turning auto-renew off never ends the current term") {
  Policy p;
  Subscription s;
  s.term = TermType::annual;
  s.set_term(D(2027, 1, 1), 0);
  s.state = SubState::active;
  auto off = decide_auto_renew_off(s, D(2027, 2, 1), p);
  CHECK(off.becomes_terminating);
  s.auto_renew = false;
  s.off_day = D(2027, 2, 1);
  s.state = SubState::terminating;
  // The term still runs to its end: the decision is taken only on its last day (C2).
  CHECK(decide_term_end(s, p).outcome == TermEndOutcome::end);
  CHECK(s.current_end() == D(2027, 12, 31));
  // A monthly term can never be stopped within itself under 30 days' notice: its cut-off is the
  // day before it starts.
  Subscription m;
  m.set_term(D(2027, 1, 1), 0);
  m.state = SubState::active;
  CHECK(notice_cutoff(m.current_end(), p.notice_days) == D(2026, 12, 31));
  CHECK_FALSE(decide_auto_renew_off(m, D(2027, 1, 1), p).becomes_terminating);
}

TEST_CASE("E5 a renewal snafu fails a renewal that would have happened") {
  Policy p;
  Subscription s = monthly_jan1();
  s.renewal_snafu = true;
  auto d = decide_term_end(s, p);
  CHECK(d.outcome == TermEndOutcome::fail);
  CHECK(d.rule == RuleId::E5);
}

TEST_CASE("N3 after a late turn-off the next term's cut-off decides, even before that term starts") {
  Policy p;  // notice 30
  Subscription s = monthly_jan1();
  s.state = SubState::active;  // off Jan 15: too late for January, so February is the last term
  s.auto_renew = false;
  s.off_day = D(2027, 1, 15);
  CHECK(decide_auto_renew_on(s, D(2027, 1, 28), p, false).accepted);  // Feb 28 − 31
  Decision late = decide_auto_renew_on(s, D(2027, 1, 29), p, false);
  CHECK_FALSE(late.accepted);
  CHECK(late.rule == RuleId::N3);
}

TEST_CASE("N2 N3 a term entered with auto-renew off is the last one only if that was in time") {
  Policy p;  // notice 30
  Subscription s = monthly_jan1();  // Jan 1 – Jan 31
  CHECK(state_with_auto_renew_off(s, D(2027, 1, 1), p) == SubState::active);  // 30 ≤ 30: late
  p.notice_days = 10;
  CHECK(state_with_auto_renew_off(s, D(2027, 1, 1), p) == SubState::terminating);
  CHECK(state_with_auto_renew_off(s, D(2027, 1, 20), p) == SubState::terminating);  // cut-off
  CHECK(state_with_auto_renew_off(s, D(2027, 1, 21), p) == SubState::active);
  s.term = TermType::annual;
  s.set_term(D(2027, 1, 1), 0);
  p.notice_days = 30;
  CHECK(state_with_auto_renew_off(s, D(2027, 1, 1), p) == SubState::terminating);
}
