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

TEST_CASE("P1 the own price a book's invoice implies: the nearest, whatever the discount") {
  const Catalog c = Catalog::maas360_default();  // annual discount 10 %
  CHECK(own_price_of_amount(c, 1, TermType::monthly, 3, 1000) == 333);   // 9.99 nearest 10.00
  CHECK(own_price_of_amount(c, 1, TermType::monthly, 3, 1001) == 334);   // 10.02 is 1 off, 9.99 2
  CHECK(own_price_of_amount(c, 1, TermType::monthly, 10, 5000) == 500);  // exact when it can be
  CHECK(own_price_of_amount(c, 1, TermType::annual, 10, 54000) == 500);  // 5.00 × 120 less 10 %
  CHECK(own_price_of_amount(c, 1, TermType::annual, 7, 39996) == 529);
  CHECK(own_price_of_amount(c, 1, TermType::monthly, 3, 0) == 0);
  CHECK(own_price_of_amount(c, 1, TermType::monthly, 0, 500) == 0);  // no seats: nothing to divide
  // For any invoice, no other price comes nearer.
  for (Cents amount : {1, 7, 99, 1234, 56789, 987654321}) {
    for (std::int64_t seats : {1, 3, 7, 250}) {
      for (TermType t : {TermType::monthly, TermType::annual}) {
        const Cents u = own_price_of_amount(c, 2, t, seats, amount);
        const Cents off = std::abs(c.term_amount(u, 2, t, seats) - amount);
        CHECK(off <= std::abs(c.term_amount(u + 1, 2, t, seats) - amount));
        if (u > 0) CHECK(off <= std::abs(c.term_amount(u - 1, 2, t, seats) - amount));
      }
    }
  }
  // A catalog giving annual terms away (100 % discount) cannot reach the amount: −1, and the
  // opening takes the list price (not a price of millions a seat).
  Catalog free = c;
  free.annual_discount_bp = 10000;
  CHECK(own_price_of_amount(free, 1, TermType::annual, 3, 1000) == -1);
  Subscription s;
  s.edition = 1;
  s.term = TermType::annual;
  s.seats = 3;
  price_opening(s, free, -1, 12000);
  CHECK(s.unit_price == free.list_price(1, TermType::annual, 0));
}
