// E1–E4: expiry, grace, reactivation, deletion.
#include "model/expiry.hpp"

#include <doctest/doctest.h>

using namespace subsim;

static Date D(int y, int m, int d) {
  return Date(y, m, d);
}

TEST_CASE("E1 the expiry day is the day after the last paid term") {
  CHECK(expiry_day(D(2027, 2, 28)) == D(2027, 3, 1));
}

TEST_CASE("E2 grace: orders on X … X+14 restore — X+15 is the first day without service") {
  Policy p;
  Date x = D(2027, 3, 1);
  CHECK(grace_end_day(x, p) == D(2027, 3, 16));
  CHECK(classify_after_expiry(x, x, p).how == Continuation::restore);
  CHECK(classify_after_expiry(x, add_days(x, 10), p).how == Continuation::restore);
  CHECK(classify_after_expiry(x, add_days(x, 14), p).how == Continuation::restore);
  CHECK(classify_after_expiry(x, add_days(x, 14), p).rule == RuleId::E2);
}

TEST_CASE("E3 reactivation from the end of grace up to X+59") {
  Policy p;
  Date x = D(2027, 3, 1);
  CHECK(classify_after_expiry(x, add_days(x, 15), p).how == Continuation::reactivate);
  CHECK(classify_after_expiry(x, add_days(x, 40), p).how == Continuation::reactivate);
  CHECK(classify_after_expiry(x, add_days(x, 59), p).how == Continuation::reactivate);
  CHECK(classify_after_expiry(x, add_days(x, 40), p).rule == RuleId::E3);
}

TEST_CASE("E4 deleted on X+60: an order then is a brand-new account") {
  Policy p;
  Date x = D(2027, 3, 1);
  CHECK(deletion_day(x, p) == add_days(x, 60));
  CHECK(classify_after_expiry(x, add_days(x, 60), p).how == Continuation::new_account);
  CHECK(classify_after_expiry(x, add_days(x, 60), p).rule == RuleId::E4);
  p.deletion_days = 90;
  CHECK(classify_after_expiry(x, add_days(x, 60), p).how == Continuation::reactivate);
}
