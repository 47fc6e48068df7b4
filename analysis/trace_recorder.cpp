#include "analysis/trace_recorder.hpp"

#include <algorithm>

#include "io/csv.hpp"
#include "model/money.hpp"
#include "scenario/names.hpp"

namespace subsim {

void sort_trace(std::vector<Event>& events) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.date != b.date) return a.date < b.date;
    return a.customer < b.customer;
  });
}

void append_trace_csv(std::string& out, int replication, const std::vector<Event>& events,
                      const Names& names) {
  for (const Event& e : events) {
    out += std::to_string(replication);
    out += ',';
    out += format_iso(e.date);
    out += ',';
    append_csv_field(out, names.account(e.customer));
    out += ',';
    if (e.sub >= 0) append_csv_field(out, names.subscription(e.customer, e.sub));
    out += ',';
    out += to_string(e.kind);
    out += ',';
    out += to_string(e.rule);
    out += ',';
    if (e.amount != 0) out += format_money(e.amount);
    out += ',';
    const bool lifecycle = e.term_months != 0;
    if (lifecycle && e.edition < names.editions.size()) append_csv_field(out, names.editions[e.edition]);
    out += ',';
    if (lifecycle) out += e.term_months == 12 ? "annual" : "monthly";
    out += ',';
    if (e.reseller < names.resellers.size()) append_csv_field(out, names.resellers[e.reseller]);
    out += ',';
    if (lifecycle) out += std::to_string(e.seats);
    out += ',';
    if (e.mrr_delta != 0) out += format_money(e.mrr_delta);
    out += '\n';
  }
}

Names trace_names(const Scenario& sc) {
  Names n{[&sc](std::uint32_t c) { return account_name(sc, c); },
          [&sc](std::uint32_t c, int s) { return subscription_name(sc, c, s); },
          {},
          sc.resellers};
  for (const auto& e : sc.catalog.editions) n.editions.push_back(e.name);
  return n;
}

}  // namespace subsim
