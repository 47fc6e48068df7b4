#include "analysis/trace_format.hpp"

#include <charconv>
#include <cstring>

#include "io/csv.hpp"
#include "model/money.hpp"

namespace subsim {

TraceFormatter::TraceFormatter(const Scenario& sc) {
  auto add_account = [&](const std::string& id, const std::vector<std::string>& labels) {
    accounts_.push_back(csv_field(id));
    quoted_ids_.push_back(accounts_.back() == id ? std::string() : id);
    labels_.emplace_back();
    for (const auto& l : labels) labels_.back().push_back(csv_field(l));
  };
  synthetic_prefix_ = sc.synthetic_prefix;
  slot_infix_ = sc.slot_infix;
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

namespace {
// A row is built in a stack buffer and appended once: after each put() at least kSlack bytes are
// free for the numbers written between names.
class RowBuffer {
 public:
  explicit RowBuffer(std::string& out) : out_(out) {}
  ~RowBuffer() { flush(); }
  void put(std::string_view s) {
    if (p + s.size() > buf_ + sizeof buf_ - kSlack) flush();
    if (s.size() > sizeof buf_ - kSlack) {
      out_.append(s.data(), s.size());  // a very long name
      return;
    }
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  }
  void flush() {
    const auto n = static_cast<std::size_t>(p - buf_);
    if (n > sizeof buf_) __builtin_unreachable();  // p stays inside buf_
    out_.append(buf_, n);
    p = buf_;
  }
  char* p = buf_;  // numbers and commas are written here directly (at most kSlack at a time)

 private:
  static constexpr std::size_t kSlack = 64;
  std::string& out_;
  char buf_[512];
};
}  // namespace

void TraceFormatter::append_row(std::string& out, int replication, const Event& e) const {
  RowBuffer row(out);
  char*& p = row.p;
  p = std::to_chars(p, p + 12, replication).ptr;
  *p++ = ',';
  const long day = static_cast<long>(e.date.day_number()) - first_day_;
  if (day >= 0 && day < static_cast<long>(dates_.size()))
    row.put(std::string_view(dates_[day].data(), 10));
  else
    row.put(format_iso(e.date));
  *p++ = ',';
  const std::uint32_t c = e.customer;
  if (c < accounts_.size()) {
    row.put(accounts_[c]);
  } else {
    row.put(synthetic_prefix_);
    p = std::to_chars(p, p + 11, c).ptr;
  }
  *p++ = ',';
  if (e.sub >= 0) {
    if (c < labels_.size() && e.sub < static_cast<int>(labels_[c].size())) {
      row.put(labels_[c][e.sub]);
    } else if (c < accounts_.size() && !quoted_ids_[c].empty()) {
      // An id that needs quoting: the whole name "id-sN" is one quoted field.
      row.put(csv_field(quoted_ids_[c] + slot_infix_ + std::to_string(e.sub)));
    } else {
      if (c < accounts_.size()) {
        row.put(accounts_[c]);
        row.put(slot_infix_);
      } else {
        row.put(synthetic_prefix_);
        p = std::to_chars(p, p + 11, c).ptr;
        *p++ = '-';
        *p++ = 's';
      }
      p = std::to_chars(p, p + 6, e.sub).ptr;
    }
  }
  *p++ = ',';
  row.put(to_string(e.kind));
  *p++ = ',';
  row.put(to_string(e.rule));
  *p++ = ',';
  if (e.amount != 0) p = write_money(p, e.amount);
  *p++ = ',';
  const bool lifecycle = e.term_months != 0;
  if (lifecycle && e.edition < editions_.size()) row.put(editions_[e.edition]);
  *p++ = ',';
  if (lifecycle) row.put(e.term_months == 12 ? "annual" : "monthly");
  *p++ = ',';
  if (e.reseller < resellers_.size()) row.put(resellers_[e.reseller]);
  *p++ = ',';
  if (lifecycle) p = std::to_chars(p, p + 12, e.seats).ptr;
  *p++ = ',';
  if (e.mrr_delta != 0) p = write_money(p, e.mrr_delta);
  *p++ = '\n';
}

void TraceFormatter::append_rows(std::string& out, int replication,
                                 const std::vector<Event>& events) const {
  for (const Event& e : events) append_row(out, replication, e);
}

}  // namespace subsim
