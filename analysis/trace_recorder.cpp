#include "analysis/trace_recorder.hpp"

#include <algorithm>

#include "io/csv.hpp"
#include "model/money.hpp"

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
    out += '\n';
  }
}

}  // namespace subsim
