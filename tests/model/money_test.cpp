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

TEST_CASE("sums and products that leave int64 are errors, and proration never overflows") {
  std::int64_t x = INT64_MAX - 5;
  add_exact(x, std::int64_t{5}, "t");
  CHECK(x == INT64_MAX);
  CHECK_THROWS_AS(add_exact(x, std::int64_t{1}, "t"), ExactnessError);
  std::int32_t seats = INT32_MAX - 1;
  CHECK_THROWS_WITH_AS(add_exact(seats, std::int32_t{2}, "seats"),
                       "seats is past the range subsim computes exactly", ExactnessError);
  CHECK(mul_exact(3'000'000'000, 3'000'000'000, "t") == 9'000'000'000'000'000'000);
  CHECK_THROWS_AS(mul_exact(4'000'000'000, 3'000'000'000, "t"), ExactnessError);
  // amount × part would overflow in 64 bits; the 128-bit product keeps it exact.
  const Cents big = 4'000'000'000'000'000'000;
  CHECK(prorate(big, 365, 366) == 3'989'071'038'251'366'120);
  CHECK(prorate(big, 366, 366) == big);
  CHECK(prorate(-1000, 1, 3) == -333);
  // The price of a term is checked: the largest price × the most seats is refused, not wrapped.
  Catalog c;
  c.editions.push_back({"e", 900'000'000'000'00, -1});
  CHECK_THROWS_AS(c.term_price(0, TermType::annual, 10'000'000), ExactnessError);
  c.editions[0].monthly_price_per_seat = 100'000'00;
  CHECK(c.term_price(0, TermType::monthly, INT32_MAX) == 100'000'00LL * INT32_MAX);
}

TEST_CASE("prorate in 64 bits gives the 128-bit result whenever the product fits") {
  // A fixed pseudo-random sweep over amounts up to 2^50 cents, parts and wholes up to 400 days.
  std::uint64_t x = 0x9e3779b97f4a7c15ULL;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  int checked = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::int64_t whole = 1 + static_cast<std::int64_t>(next() % 400);
    const std::int64_t part = static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(whole + 1));
    const Cents amount = static_cast<Cents>(next() >> (14 + next() % 40));
    const Cents wide = static_cast<Cents>((static_cast<Int128>(amount) * part + whole / 2) / whole);
    REQUIRE(prorate(amount, part, whole) == wide);
    ++checked;
  }
  CHECK(checked == 200000);
}

TEST_CASE("prorate by a reciprocal gives the divided result for every whole up to 512") {
  // Every whole the table covers, every part, amounts from 0 to the edge of the 64-bit path.
  const Cents amounts[] = {0, 1, 99, 12345, 999999937, (Cents{1} << 40) + 17,
                           (Cents{1} << 53) - 1, INT64_MAX / 512};
  long checked = 0;
  for (std::int64_t whole = 1; whole <= 512; ++whole)
    for (std::int64_t part = 0; part <= whole; ++part)
      for (Cents amount : amounts) {
        const Cents wide = static_cast<Cents>((static_cast<Int128>(amount) * part + whole / 2) / whole);
        REQUIRE(prorate(amount, part, whole) == wide);
        ++checked;
      }
  CHECK(checked == 8L * (512 * 515 / 2));
  // Past the table and past 64 bits: the division paths, the same value.
  CHECK(prorate(1000, 7, 10000) == 1);
  CHECK(prorate(INT64_MAX, 365, 366) ==
        static_cast<Cents>((static_cast<Int128>(INT64_MAX) * 365 + 183) / 366));
}

TEST_CASE("amounts are read exactly: money with two decimals, a decimal with up to six") {
  CHECK(parse_money("4.50") == 450);
  CHECK(parse_money("4.5") == 450);
  CHECK(parse_money("4") == 400);
  CHECK(parse_money("0.07") == 7);
  CHECK(parse_money("123456789012.99") == 12345678901299);
  for (const char* bad : {"", ".", "4.", ".5", "-1", "+1", "1e3", "4.505", "1,000", " 4", "4 ",
                          "1234567890123", "four"})
    CHECK_MESSAGE(!parse_money(bad), bad);
  CHECK(parse_decimal("3.825", 4) == 38250);
  CHECK(parse_decimal("3.8251", 4) == 38251);
  CHECK(!parse_decimal("3.82511", 4));
  CHECK(parse_decimal("12", 0) == 12);
  CHECK(!parse_decimal("1.5", 0));
  CHECK(!parse_decimal("1", 7));  // at most six places
  CHECK(is_currency_code("EUR"));
  for (const char* bad : {"eur", "EURO", "EU", "E1R", ""}) CHECK_MESSAGE(!is_currency_code(bad), bad);
}
