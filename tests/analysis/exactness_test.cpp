// Issue 13: money and seat sums are exact or the run stops naming the account — never a wrapped
// number with exit 0.
#include <doctest/doctest.h>

#include "analysis/simulate.hpp"
#include "scenario/scenario_loader.hpp"

using namespace subsim;

namespace {
std::string account_with(const std::string& price, int seats, int adds, int add_seats) {
  std::string y =
      "name: t\nseed: 1\nstart: 2027-01-01\nhorizon: 1y\nresellers: [north]\n"
      "catalog:\n  annual_discount: 0.1\n  editions:\n    - {name: deluxe, monthly_price: " +
      price +
      "}\naccounts:\n  - id: big-one\n    reseller: north\n    subscriptions:\n"
      "      - {id: s, edition: deluxe, basis: per_device, term: monthly, seats: " +
      std::to_string(seats) + "}\n    actions:\n";
  for (int i = 0; i < adds; ++i)
    y += "      - {date: 2027-02-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28) +
         ", action: add_seats, subscription: s, seats: " + std::to_string(add_seats) + "}\n";
  return y;
}

Scenario load_yaml(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "t.yaml");
  for (auto& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  return *r.scenario;
}

std::string failure_of(const Scenario& sc) {
  try {
    simulate(sc, sc.policy, sc.seed, 1, {});
  } catch (const ExactnessError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("299 additions of 10,000,000 seats stop the run naming the account") {
  CHECK(failure_of(load_yaml(account_with("5.00", 10'000'000, 299, 10'000'000))) ==
        "account 'big-one': the seats of a subscription is past the range subsim computes exactly");
}

TEST_CASE("at the limit of int32 seats the money is exact, one seat more is an error") {
  // 10,000,000 + 213 × 10,000,000 + 7,483,647 = 2^31 - 1 seats at 5.00: every sum is exact.
  std::string y = account_with("5.00", 10'000'000, 213, 10'000'000);
  y += "      - {date: 2027-03-01, action: add_seats, subscription: s, seats: 7483647}\n";
  Scenario sc = load_yaml(y);
  SimulationResult r = simulate(sc, sc.policy, sc.seed, 1, {});
  CHECK(r.replications[0].series_total(Series::bookings) > 0);
  CHECK(r.replications[0].series(Series::mrr, 11) == 500LL * INT32_MAX);
  y += "      - {date: 2027-03-03, action: add_seats, subscription: s, seats: 1}\n";
  CHECK(failure_of(load_yaml(y)).find("account 'big-one': the seats") == 0);
}

TEST_CASE("a huge price × 10,000,000 seats is refused, not booked as a negative amount") {
  CHECK(failure_of(load_yaml(account_with("90000000000.00", 10'000'000, 0, 0))) ==
        "account 'big-one': a term's price is past the range subsim computes exactly");
}
