#include "analysis/trace_format.hpp"

#include <charconv>
#include <cstring>

#include "io/csv.hpp"
#include "model/money.hpp"

namespace subsim {

namespace {
void append_sv(std::string& out, std::string_view s) { out.append(s.data(), s.size()); }
}  // namespace

TraceFormatter::TraceFormatter(const Scenario& sc) {
  auto add_account = [&](const std::string& id, const std::vector<std::string>& labels) {
    accounts_.push_back(csv_field(id));
    labels_.emplace_back();
    for (const auto& l : labels) labels_.back().push_back(csv_field(l));
  };
  for (const auto& a : sc.accounts) add_account(a.id, a.labels);
  for (const auto& b : sc.book) add_account(b.id, b.labels);
  for (const auto& e : sc.catalog.editions) {
    editions_.push_back(csv_field(e.name));
  }
  for (const auto& r : sc.resellers) resellers_.push_back(csv_field(r));
  first_day_ = static_cast<long>(sc.start.day_number());
  for (Date d = sc.start; d <= sc.end; d = add_days(d, 1)) {
    std::string s = format_iso(d);
    std::array<char, 10> a{};
    std::memcpy(a.data(), s.data(), std::min<std::size_t>(s.size(), a.size()));
    dates_.push_back(a);
  }
}

void TraceFormatter::append_account(std::string& out, std::uint32_t c) const {
  if (c < accounts_.size()) {
    out += accounts_[c];
    return;
  }
  char buf[16];
  buf[0] = 'c';
  out.append(buf, std::to_chars(buf + 1, buf + sizeof buf, c).ptr);
}

void TraceFormatter::append_subscription(std::string& out, std::uint32_t c, int sub) const {
  if (c < labels_.size() && sub < static_cast<int>(labels_[c].size())) {
    out += labels_[c][sub];
    return;
  }
  append_account(out, c);
  char buf[16] = {'-', 's'};
  out.append(buf, std::to_chars(buf + 2, buf + sizeof buf, sub).ptr);
}

void TraceFormatter::append_row(std::string& out, int replication, const Event& e) const {
  char buf[64];
  char* p = std::to_chars(buf, buf + 12, replication).ptr;
  *p++ = ',';
  const long day = static_cast<long>(e.date.day_number()) - first_day_;
  if (day >= 0 && day < static_cast<long>(dates_.size())) {
    std::memcpy(p, dates_[day].data(), 10);
    p += 10;
  } else {
    std::string s = format_iso(e.date);
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  }
  *p++ = ',';
  out.append(buf, p);
  append_account(out, e.customer);
  out += ',';
  if (e.sub >= 0) append_subscription(out, e.customer, e.sub);
  out += ',';
  append_sv(out, to_string(e.kind));
  out += ',';
  append_sv(out, to_string(e.rule));
  p = buf;
  *p++ = ',';
  if (e.amount != 0) p = write_money(p, e.amount);
  *p++ = ',';
  out.append(buf, p);
  const bool lifecycle = e.term_months != 0;
  if (lifecycle && e.edition < editions_.size()) out += editions_[e.edition];
  out += ',';
  if (lifecycle) append_sv(out, e.term_months == 12 ? "annual" : "monthly");
  out += ',';
  if (e.reseller < resellers_.size()) out += resellers_[e.reseller];
  p = buf;
  *p++ = ',';
  if (lifecycle) p = std::to_chars(p, p + 12, e.seats).ptr;
  *p++ = ',';
  if (e.mrr_delta != 0) p = write_money(p, e.mrr_delta);
  *p++ = '\n';
  out.append(buf, p);
}

void TraceFormatter::append_rows(std::string& out, int replication,
                                 const std::vector<Event>& events) const {
  for (const Event& e : events) append_row(out, replication, e);
}

}  // namespace subsim
