// E1–E4: expiry, grace, reactivation, deletion.
#include "model/expiry.hpp"
#include "tests/test_dates.hpp"

#include "model/account.hpp"
#include "model/pricing.hpp"

#include <doctest/doctest.h>

using namespace subsim;

using subsim::test::D;

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

TEST_CASE("E2 restore_through: a restore inside grace enters the term from X, and every term that ended before the order") {
  Catalog c = Catalog::maas360_default();
  Subscription s;
  s.edition = 0;
  s.term = TermType::monthly;
  s.seats = 10;
  // Anchored Jan 31; the term Feb 28 – Mar 30 was not renewed, X = Mar 31 (term 2 starts there).
  s.set_term(Date(2027, 1, 31), 2);
  price_new_order(s, c, s.anchor);  // the list price
  Cents one = c.term_price(s.edition, s.term, s.seats);
  SUBCASE("ordered inside the term that starts on X: one term") {
    CHECK(restore_through(s, Date(2027, 4, 10), c) == one);
    CHECK(s.current_start() == Date(2027, 3, 31));
    CHECK(s.current_end() == Date(2027, 4, 29));  // C1: the next term starts Apr 30
  }
  SUBCASE("ordered after that term ended (a grace window longer than a month): both terms") {
    CHECK(restore_through(s, Date(2027, 5, 3), c) == 2 * one);
    CHECK(s.current_start() == Date(2027, 4, 30));
    CHECK(s.current_end() == Date(2027, 5, 30));
  }
}

TEST_CASE("E4 forget_if_all_deleted: a fully deleted account is forgotten, a partly deleted one is not") {
  Account a;
  Subscription s;
  s.state = SubState::deleted;
  a.subs.push_back(s);
  a.trial_used = true;
  SUBCASE("everything deleted: a new incarnation, its trial unused") {
    a.forget_if_all_deleted();
    CHECK(a.incarnation == 1);
    CHECK_FALSE(a.trial_used);
  }
  SUBCASE("another subscription still active: nothing is forgotten") {
    Subscription t;
    t.state = SubState::active;
    a.subs.push_back(t);
    a.forget_if_all_deleted();
    CHECK(a.incarnation == 0);
    CHECK(a.trial_used);
  }
}

TEST_CASE("Account::alone: only the subscription's own decisions can reach it") {
  Account a;
  Subscription s;
  s.state = SubState::active;
  a.subs.push_back(s);
  CHECK(a.alone(0));
  Subscription other;
  for (SubState st : {SubState::closed, SubState::deleted, SubState::lapsed_trial}) {
    other.state = st;
    a.subs.push_back(other);
    CHECK(a.alone(0));  // the others are over
  }
  SUBCASE("an order on its way (a come-back, a follow-up, a trial conversion)") {
    a.pending_orders = 1;
    CHECK_FALSE(a.alone(0));
  }
  SUBCASE("another subscription that holds a place or may convert") {
    for (SubState st : {SubState::pending, SubState::trial, SubState::active,
                        SubState::terminating, SubState::grace, SubState::suspended}) {
      a.subs.back().state = st;
      CHECK_FALSE(a.alone(0));
      CHECK(a.alone(static_cast<int>(a.subs.size()) - 1) == false);  // subscription 0 is active
    }
  }
}
