#include "analysis/trace_recorder.hpp"

#include <algorithm>

#include "model/money.hpp"

namespace subsim {

void sort_trace(std::vector<Event>& events) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.date != b.date) return a.date < b.date;
    return a.customer < b.customer;
  });
}

namespace {
// CSV field: quoted only when it has to be.
void field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}
}  // namespace

void append_trace_csv(std::string& out, int replication, const std::vector<Event>& events,
                      const Names& names) {
  for (const Event& e : events) {
    out += std::to_string(replication);
    out += ',';
    out += format_iso(e.date);
    out += ',';
    field(out, names.account(e.customer));
    out += ',';
    if (e.sub >= 0) field(out, names.subscription(e.customer, e.sub));
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
