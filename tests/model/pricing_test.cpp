// P1: a subscription's own price, moved by the catalog's price changes at its term starts.
#include "model/pricing.hpp"

#include <doctest/doctest.h>

using namespace subsim;

namespace {
// The default catalog (deluxe 5.00) with one change on `date` by num/den for every edition
// and term, `notice` days ahead, `grandfather` terms.
Catalog with_change(Date date, std::int64_t num, std::int64_t den, int notice = 0,
                    int grandfather = 0) {
  Catalog c = Catalog::maas360_default();
  PriceChange ch;
  ch.date = date;
  ch.notice_days = notice;
  ch.grandfather_terms = grandfather;
  for (const EditionInfo& e : c.editions) {
    PriceChange::Cell cell{true, {num, den}, apply_ratio(e.monthly_price_per_seat, {num, den})};
    ch.cells.push_back({cell, cell});
  }
  c.price_changes.push_back(ch);
  return c;
}
Subscription monthly_deluxe(const Catalog& c, Date start) {
  Subscription s;
  s.edition = 1;
  s.term = TermType::monthly;
  s.seats = 10;
  s.set_term(start, 0);
  price_new_order(s, c, start);
  return s;
}
}  // namespace

TEST_CASE("P1 a new order pays the list price of its day; the change reaches it at a term start") {
  const Catalog c = with_change(Date(2027, 3, 15), 105, 100);
  Subscription before = monthly_deluxe(c, Date(2027, 1, 1));
  CHECK(before.unit_price == 500);
  CHECK(before.price_step == 0);
  Subscription after = monthly_deluxe(c, Date(2027, 3, 15));
  CHECK(after.unit_price == 525);
  CHECK(after.price_step == 1);
  CHECK_FALSE(decide_term_price(after, c).changed());  // nothing left to reach it
  // Term of Mar 1: before the date, no change. Term of Apr 1: the change.
  before.set_term(Date(2027, 1, 1), 2);
  TermPriceDecision d = decide_term_price(before, c);
  CHECK_FALSE(d.changed());
  CHECK(d.step == 0);
  before.next_term();
  d = decide_term_price(before, c);
  CHECK(d.changed());
  CHECK(d.rule == RuleId::P1);
  CHECK(d.unit_price == 525);
  CHECK(d.step == 1);
}

TEST_CASE("P1 notice days move the first eligible term; grandfathered terms wait at the old price") {
  const Catalog c = with_change(Date(2027, 3, 1), 110, 100, /*notice=*/60, /*grandfather=*/2);
  Subscription s = monthly_deluxe(c, Date(2027, 1, 1));
  s.set_term(Date(2027, 1, 1), 3);  // Apr 1: before Mar 1 + 60 = Apr 30
  TermPriceDecision d = decide_term_price(s, c);
  CHECK(d.waited == 0);
  CHECK_FALSE(d.changed());
  int term = 4;  // May 1, Jun 1: grandfathered; Jul 1: the new price
  for (int waited : {1, 2}) {
    s.set_term(Date(2027, 1, 1), term++);
    d = decide_term_price(s, c);
    apply_term_price(s, d);
    CHECK(d.waited == waited);
    CHECK(s.unit_price == 500);
  }
  s.set_term(Date(2027, 1, 1), term);
  d = decide_term_price(s, c);
  CHECK(d.changed());
  CHECK(d.unit_price == 550);
  CHECK(d.waited == 0);
}

TEST_CASE("P1 a factor applies to the subscription's own price, rounded half up to the cent") {
  const Catalog c = with_change(Date(2027, 3, 1), 1033, 1000);
  Subscription s = monthly_deluxe(c, Date(2027, 1, 1));
  s.unit_price = 333;  // a discounted own price
  s.set_term(Date(2027, 1, 1), 2);
  CHECK(decide_term_price(s, c).unit_price == 344);  // 3.33 × 1.033 = 3.43989
  // An edition change keeps the discount: the list prices' difference at the step it is on.
  CHECK(carried_unit_price(c, s, 2, TermType::monthly) == 333 + 100);
  s.price_step = 1;  // after the change: premier 6.198 → 6.20, deluxe 5.165 → 5.17
  CHECK(carried_unit_price(c, s, 2, TermType::monthly) == 333 + 620 - 517);
  // Never below zero (a downgrade from a deep discount).
  s.unit_price = 10;
  CHECK(carried_unit_price(c, s, 0, TermType::monthly) == 0);
}
