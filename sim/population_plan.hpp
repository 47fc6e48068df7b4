// Who exists in one replication: scripted accounts first, then the real book
// (population.book), then the synthetic opening book, then the arrivals month by month. Drawn from population-level streams, so every shard agrees.
#pragma once
#include <cstdint>
#include <vector>

#include "scenario/scenario.hpp"

namespace subsim {

struct PopulationPlan {
  std::uint32_t scripted = 0;
  std::uint32_t book = 0;                  // population.book's accounts, after the scripted
  std::uint32_t opening = 0;               // customers holding a subscription on day one
  std::vector<std::uint32_t> month_first;  // first customer id arriving in month m; last = total
  std::uint32_t total() const {
    return month_first.empty() ? scripted + book + opening : month_first.back();
  }
  bool is_scripted(std::uint32_t c) const { return c < scripted; }
  bool is_book(std::uint32_t c) const { return c >= scripted && c < scripted + book; }
  bool is_opening(std::uint32_t c) const {
    return c >= scripted + book && c < scripted + book + opening;
  }
  // Month of arrival (0 = the first simulated month) of an arriving customer.
  int arrival_month(std::uint32_t c) const;
};

PopulationPlan plan_population(const Scenario& sc, std::uint64_t seed, std::uint32_t replication);

// Customer-years of customers [first, last) of `p`: each from its first day — the start, or for
// an arrival the middle of its month (arrival days are uniform in the month) — to the horizon's
// end, in years of 365.2425 days. What a run simulates, whatever happens to the customers.
double customer_years(const PopulationPlan& p, const Scenario& sc, std::uint32_t first,
                      std::uint32_t last);

}  // namespace subsim
