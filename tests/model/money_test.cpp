#include "model/money.hpp"

#include <doctest/doctest.h>

#include "model/catalog.hpp"

using namespace subsim;

TEST_CASE("money is integer cents, formatted with two decimals") {
  CHECK(format_money(0) == "0.00");
  CHECK(format_money(5) == "0.05");
  CHECK(format_money(123456) == "1234.56");
  CHECK(format_money(-2550) == "-25.50");
  CHECK(prorate(32400, 183, 365) == 16244);
  CHECK(prorate(100, 1, 3) == 33);
  CHECK(prorate(200, 1, 3) == 67);
}

TEST_CASE("an annual term is 12 × monthly price × seats less the annual discount") {
  Catalog c = Catalog::maas360_default();
  CHECK(c.term_price(1, TermType::monthly, 10) == 5000);
  CHECK(c.term_price(1, TermType::annual, 10) == 54000);
  c.annual_discount_bp = 0;
  CHECK(c.term_price(1, TermType::annual, 10) == 60000);
}
