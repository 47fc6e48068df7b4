#include "analysis/trace_recorder.hpp"

#include <algorithm>

#include "scenario/names.hpp"

namespace subsim {

void sort_trace(std::vector<Event>& events) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.date != b.date) return a.date < b.date;
    return a.customer < b.customer;
  });
}

Names trace_names(const Scenario& sc) {
  Names n{[&sc](std::uint32_t c) { return account_name(sc, c); },
          [&sc](std::uint32_t c, int s) { return subscription_name(sc, c, s); },
          sc.catalog.names(),
          sc.resellers, sc.catalog.currency};
  return n;
}

}  // namespace subsim
