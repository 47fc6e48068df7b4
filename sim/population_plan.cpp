#include "sim/population_plan.hpp"
#include "sim/sample.hpp"

#include "model/pricing.hpp"

#include <algorithm>
#include <cmath>

namespace subsim {

int PopulationPlan::arrival_month(std::uint32_t c) const {
  auto it = std::upper_bound(month_first.begin(), month_first.end(), c);
  return static_cast<int>(it - month_first.begin()) - 1;
}

PopulationPlan plan_population(const Scenario& sc, std::uint64_t seed, std::uint32_t replication) {
  PopulationPlan plan;
  plan.scripted = static_cast<std::uint32_t>(sc.accounts.size());
  if (!sc.has_population) return plan;
  plan.book = static_cast<std::uint32_t>(sc.book.size());
  plan.opening = static_cast<std::uint32_t>(sc.population.initial);
  std::uint32_t next = plan.scripted + plan.book + plan.opening;
  int months = month_index(sc.start, sc.end) + 1;
  for (int m = 0; m < months; ++m) {
    plan.month_first.push_back(next);
    // The arrivals stream is keyed by month in place of a customer.
    RandomStream rng(seed, replication, static_cast<std::uint32_t>(m), Purpose::arrivals);
    double n = sample(sc.population.monthly_arrivals, rng);
    // behaviour.price_response: fewer (or more) arrivals while the list is above the original.
    if (sc.behaviour.arrival_elasticity != 0 && !sc.catalog.price_changes.empty()) {
      const Date first = m == 0 ? sc.start : add_months_clamped(to_civil(sc.start), m);
      const Date month_start(first.year(), first.month(), 1);
      n *= std::max(0.0, 1 + sc.behaviour.arrival_elasticity *
                                 list_rise(sc.catalog, m == 0 ? sc.start : month_start));
    }
    next += static_cast<std::uint32_t>(std::max(0.0, std::floor(n + 0.5)));
  }
  plan.month_first.push_back(next);
  return plan;
}

}  // namespace subsim
