// C1: anchored terms with month-end clamping, computed from the anchor.
#include <doctest/doctest.h>

#include <algorithm>

#include "model/term.hpp"
#include "tests/test_dates.hpp"

using namespace subsim;

using subsim::test::D;

TEST_CASE("C1 monthly anchor Jan 31 clamps and recovers: Feb 28, Mar 31, Apr 30, May 31") {
  Date a = D(2027, 1, 31);
  CHECK(term_start(a, TermType::monthly, 1) == D(2027, 2, 28));
  CHECK(term_start(a, TermType::monthly, 2) == D(2027, 3, 31));
  CHECK(term_start(a, TermType::monthly, 3) == D(2027, 4, 30));
  CHECK(term_start(a, TermType::monthly, 4) == D(2027, 5, 31));
  CHECK(term_end(a, TermType::monthly, 0) == D(2027, 2, 27));
  CHECK(term_end(a, TermType::monthly, 3) == D(2027, 5, 30));
}

TEST_CASE("C1 is not Boost's month stepping: Apr 30 anchor gives May 30, not May 31") {
  Date a = D(2027, 4, 30);
  CHECK(term_start(a, TermType::monthly, 1) == D(2027, 5, 30));
  // Boost's `months` snaps to month-end: the drift C1 forbids.
  CHECK(a + boost::gregorian::months(1) == D(2027, 5, 31));
}

TEST_CASE("C1 leap years: Jan 31 anchor gives Feb 29 in 2028") {
  CHECK(term_start(D(2028, 1, 31), TermType::monthly, 1) == D(2028, 2, 29));
  CHECK(term_start(D(2027, 12, 31), TermType::monthly, 2) == D(2028, 2, 29));
}

TEST_CASE("C1 annual anchor Feb 29: Feb 28 in common years, Feb 29 again in 2032") {
  Date a = D(2028, 2, 29);
  CHECK(term_start(a, TermType::annual, 1) == D(2029, 2, 28));
  CHECK(term_start(a, TermType::annual, 2) == D(2030, 2, 28));
  CHECK(term_start(a, TermType::annual, 4) == D(2032, 2, 29));
  CHECK(term_end(a, TermType::annual, 0) == D(2029, 2, 27));
  CHECK(term_days(a, TermType::annual, 0) == 365);
}

TEST_CASE("C1 terms tile the calendar: each ends the day before the next starts") {
  for (Date a : {D(2027, 1, 31), D(2027, 3, 30), D(2028, 2, 29), D(2027, 8, 31)}) {
    for (TermType t : {TermType::monthly, TermType::annual}) {
      for (int n = 0; n < 30; ++n) {
        CHECK(add_days(term_end(a, t, n), 1) == term_start(a, t, n + 1));
        Date mid = add_days(term_start(a, t, n), term_days(a, t, n) / 2);
        CHECK(term_index_on(a, t, mid) == n);
        CHECK(term_index_on(a, t, term_end(a, t, n)) == n);
      }
    }
  }
}

TEST_CASE("C2 a monthly term Jan 1 renews on Jan 31 for Feb 1") {
  Date a = D(2027, 1, 1);
  CHECK(term_end(a, TermType::monthly, 0) == D(2027, 1, 31));
  CHECK(term_start(a, TermType::monthly, 1) == D(2027, 2, 1));
}

TEST_CASE("C3 dates parse strictly: impossible dates are refused") {
  CHECK(parse_iso_date("2027-02-28") == D(2027, 2, 28));
  CHECK(parse_iso_date("2028-02-29") == D(2028, 2, 29));
  CHECK_FALSE(parse_iso_date("2027-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2027-02-30").has_value());
  CHECK_FALSE(parse_iso_date("2027-13-01").has_value());
  CHECK_FALSE(parse_iso_date("2027-1-01").has_value());
  CHECK_FALSE(parse_iso_date("yesterday").has_value());
  CHECK(format_iso(D(2027, 3, 5)) == "2027-03-05");
}

TEST_CASE("C1 the fast month arithmetic agrees with Boost's calendar on every day of 1990-2110") {
  // Reference: Boost's validated year/month/day, clamped by hand.
  auto reference = [](Date a, int months) {
    auto ymd = a.year_month_day();
    int total = ymd.year * 12 + (ymd.month - 1) + months;
    int y = total / 12, m = total % 12 + 1;
    int last = boost::gregorian::gregorian_calendar::end_of_month_day(y, m);
    return Date(y, m, std::min<int>(ymd.day, last));
  };
  int mismatches = 0;
  for (Date a = D(1990, 1, 1); a < D(2110, 1, 1); a = add_days(a, 1))
    for (int months : {1, 2, 11, 12, 13, 24, 59, 600})
      mismatches += add_months_clamped(a, months) != reference(a, months);
  CHECK(mismatches == 0);
  CHECK(add_months_clamped(D(2027, 3, 31), -1) == D(2027, 2, 28));
  // Outside the table's window (1900–2299) the arithmetic path gives the same answers.
  for (Date a : {D(1899, 1, 31), D(2299, 12, 31), D(2400, 1, 31), D(1600, 3, 31)})
    for (int months : {1, 2, 13, -1, -14})
      CHECK(add_months_clamped(a, months) == reference(a, months));
  CHECK(add_months_clamped(D(2027, 1, 15), -13) == D(2025, 12, 15));
}
