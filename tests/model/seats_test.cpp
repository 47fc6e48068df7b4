// S1–S6: seats and editions.
#include "model/seats.hpp"
#include "tests/test_dates.hpp"

#include "model/pricing.hpp"

#include <doctest/doctest.h>

using namespace subsim;

using subsim::test::D;

static Subscription sub(TermType t, Edition e, int seats) {
  Subscription s;
  s.term = t;
  s.set_term(D(2027, 1, 1), 0);
  s.edition = e;
  s.seats = seats;
  s.state = SubState::active;
  price_new_order(s, Catalog::maas360_default(), s.anchor);  // the list price
  return s;
}

TEST_CASE("S1 seats added mid-year are prorated by days for the balance of the term") {
  Catalog c = Catalog::maas360_default();  // premier 6.00, annual discount 10 %
  Policy p;
  Subscription s = sub(TermType::annual, 2, 20);
  CHECK(check_add_seats(s, std::nullopt, p).accepted);
  // 5 seats × 6.00 × 12 × 0.9 = 324.00; Jul 2 … Dec 31 is 183 of 365 days.
  CHECK(add_seats_charge(c, s, D(2027, 7, 2), 5, p) == 16244);
  // On the first day: the full term; on the last day: one day's worth.
  CHECK(add_seats_charge(c, s, D(2027, 1, 1), 5, p) == 32400);
  CHECK(add_seats_charge(c, s, D(2027, 12, 31), 5, p) == (32400 + 182) / 365);
  Policy none;
  none.proration = Proration::none;
  CHECK(add_seats_charge(c, s, D(2027, 7, 2), 5, none) == 32400);
}

TEST_CASE("S1 monthly seats added on Jan 16 pay 16 of 31 days") {
  Catalog c = Catalog::maas360_default();
  Policy p;
  Subscription s = sub(TermType::monthly, 1, 10);               // deluxe 5.00
  CHECK(add_seats_charge(c, s, D(2027, 1, 16), 4, p) == 1032);  // 20.00 × 16 / 31
}

TEST_CASE("S1 a policy may forbid mid-term additions") {
  Policy p;
  p.mid_term_seat_additions = false;
  Decision d = check_add_seats(sub(TermType::monthly, 1, 10), std::nullopt, p);
  CHECK_FALSE(d.accepted);
  CHECK(d.rule == RuleId::S1);
}

TEST_CASE("S2 seats of another edition cannot be added to an existing order") {
  Policy p;
  Decision d = check_add_seats(sub(TermType::annual, 2, 10), Edition{1}, p);
  CHECK_FALSE(d.accepted);
  CHECK(d.rule == RuleId::S2);
}

TEST_CASE("S3 annual seats are never removed mid-term — S4 monthly neither") {
  Decision a = check_remove_seats(sub(TermType::annual, 1, 10));
  CHECK_FALSE(a.accepted);
  CHECK(a.rule == RuleId::S3);
  Decision m = check_remove_seats(sub(TermType::monthly, 1, 10));
  CHECK_FALSE(m.accepted);
  CHECK(m.rule == RuleId::S4);
}

TEST_CASE("S4 a reduction at renewal quoting the legacy number is allowed — annual by switch") {
  Policy p;
  CHECK(check_renewal_change(sub(TermType::monthly, 1, 10), 1, 6, TermType::monthly, p).accepted);
  CHECK(check_renewal_change(sub(TermType::annual, 1, 10), 1, 6, TermType::annual, p).accepted);
  p.annual_reduce_at_renewal = false;
  Decision d = check_renewal_change(sub(TermType::annual, 1, 10), 1, 6, TermType::annual, p);
  CHECK_FALSE(d.accepted);
  CHECK(d.rule == RuleId::S3);
}

TEST_CASE("S5 upgrade: higher edition with the same or more seats, never fewer") {
  Catalog c = Catalog::maas360_default();
  Policy p;
  Subscription s = sub(TermType::monthly, 1, 10);
  CHECK(check_upgrade(s, 2, 10).accepted);
  CHECK(check_upgrade(s, 2, 12).accepted);
  Decision fewer = check_upgrade(s, 2, 8);
  CHECK_FALSE(fewer.accepted);
  CHECK(fewer.rule == RuleId::S5);
  CHECK_FALSE(check_upgrade(s, 1, 10).accepted);  // not higher
  // deluxe → premier, 10 seats: 10.00 more per month, Mar 11 … Mar 31 = 21 of 31 days.
  s.set_term(s.anchor, 2);
  CHECK(upgrade_charge(c, s, D(2027, 3, 11), 2, 10, p) == 677);
}

TEST_CASE("S6 downgrade: annual refused — monthly not mid-month") {
  Decision a = check_downgrade(sub(TermType::annual, 2, 10));
  CHECK_FALSE(a.accepted);
  CHECK(a.rule == RuleId::S6);
  Decision m = check_downgrade(sub(TermType::monthly, 2, 10));
  CHECK_FALSE(m.accepted);
  CHECK(m.rule == RuleId::S6);
  Policy p;
  // At renewal through the S4 steps a monthly downgrade goes through; an annual one never.
  CHECK(check_renewal_change(sub(TermType::monthly, 2, 10), 1, 10, TermType::monthly, p).accepted);
  Decision ar = check_renewal_change(sub(TermType::annual, 2, 10), 1, 10, TermType::annual, p);
  CHECK_FALSE(ar.accepted);
  CHECK(ar.rule == RuleId::S6);
}
