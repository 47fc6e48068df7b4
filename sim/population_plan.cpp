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

double customer_years(const PopulationPlan& p, const Scenario& sc, std::uint32_t first,
                      std::uint32_t last) {
  auto overlap = [&](std::uint32_t a, std::uint32_t b) {
    return static_cast<double>(std::max(a, first) < std::min(b, last) ? std::min(b, last) - std::max(a, first) : 0);
  };
  const double days = sc.days();
  double total = overlap(0, p.scripted + p.book + p.opening) * days;
  for (std::size_t m = 0; m + 1 < p.month_first.size(); ++m) {
    const Date from = m == 0 ? sc.start : add_months_clamped(to_civil(sc.start), static_cast<int>(m));
    const Date month_start(from.year(), from.month(), 1);
    const Date month_end = add_days(add_months_clamped(to_civil(month_start), 1), -1);
    const Date to = std::min(month_end, sc.end);
    const double mid = days_between(std::max(month_start, sc.start), to) / 2.0;
    total += overlap(p.month_first[m], p.month_first[m + 1]) *
             std::max(0.0, days_between(std::max(month_start, sc.start), sc.end) + 1 - mid);
  }
  return total / 365.2425;
}

}  // namespace subsim
