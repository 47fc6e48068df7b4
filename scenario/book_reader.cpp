#include "scenario/book_reader.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <charconv>
#include <set>

#include "io/csv.hpp"
#include "io/text_file.hpp"
#include "model/expiry.hpp"
#include "model/money.hpp"
#include "model/notice.hpp"
#include "model/term.hpp"
#include "scenario/section_readers.hpp"
#include "scenario/did_you_mean.hpp"

namespace subsim {

namespace {

enum Col { account, reseller, subscription, edition, basis, term, seats, anchor, auto_renew,
           off_date, status, expiry, federal, price, mrr, kCols };
constexpr bool kOptional[kCols] = {false, false, false, false, false, false, false,
                                   false, false, true,  false, true,  true,  true, true};
constexpr std::size_t kMaxBookErrors = 100;
constexpr Cents kMaxMrr = 100'000'000'000;  // one billion currency units a month

class BookReader {
 public:
  BookReader(const std::string& path, Scenario& sc, std::map<std::string, int>& resellers,
             bool declared, Diagnostics& errors, std::size_t lines)
      : path_(path), sc_(sc), resellers_(resellers), declared_(declared), errors_(errors) {
    for (const ScriptedAccount& a : sc.accounts) scripted_.insert(a.id);
    sc.book.reserve(lines);
    std::size_t n = 64;
    while (n < 2 * lines) n *= 2;
    slots_.assign(n, kEmpty);
  }

  void header(const std::vector<std::string>& f, std::size_t count) {
    index_.fill(-1);
    std::string all;
    for (const char* c : kBookColumns) all += std::string(all.empty() ? "" : ",") + c;
    // A first line naming no book column at all: a file named by mistake (it may be anything,
    // /etc/shadow): say so without quoting its content.
    bool any_known = false;
    for (std::size_t i = 0; i < count; ++i)
      for (const char* c : kBookColumns) any_known = any_known || f[i] == c;
    if (!any_known) {
      columns_ = count;
      return error(1, 0, "not a book: its first line names none of the columns " + all);
    }
    for (std::size_t i = 0; i < count; ++i) {
      int col = -1;
      for (int c = 0; c < kCols; ++c)
        if (f[i] == kBookColumns[c]) col = c;
      if (col < 0) {
        error(1, static_cast<int>(i), "unknown column '" + f[i] + "'; a book has the columns " + all);
      } else if (index_[col] >= 0) {
        error(1, static_cast<int>(i), "column '" + f[i] + "' given twice");
      } else {
        index_[col] = static_cast<int>(i);
      }
    }
    for (int c = 0; c < kCols; ++c)
      if (index_[c] < 0 && !kOptional[c])
        error(1, 0, std::string("the header lacks the column '") + kBookColumns[c] +
                        "'; a book has the columns " + all);
    columns_ = count;
  }

  void row(const std::vector<std::string>& f, std::size_t count, int line) {
    if (count != columns_)
      return error(line, 0, std::to_string(count) + " fields where the header has " +
                                std::to_string(columns_));
    f_ = &f;
    line_ = line;
    const std::string& id = field(account);
    if (id.empty()) return error_at(account, "an empty account id");
    if (scripted_.count(id))
      return error_at(account, "account '" + id + "' is also a scripted account");
    BookSubscription s;
    s.line = line;
    std::optional<std::uint16_t> r = reseller_of(field(reseller));
    auto ed = sc_.catalog.find(field(edition));
    if (!ed) error_at(edition, "unknown edition '" + field(edition) + "'" + did_you_mean(field(edition), sc_.catalog.names()));
    auto bs = one_of(basis, {"per_device", "per_user"});
    auto tm = one_of(term, {"monthly", "annual"});
    auto n = integer(seats, 1, 10'000'000);
    auto a = date(anchor);
    auto on = boolean(auto_renew, false);
    auto fed = boolean(federal, true);
    auto st = one_of(status, {"active", "grace", "suspended", "lost"});
    std::optional<Date> off = date(off_date, true), x = date(expiry, true);
    std::optional<Cents> own = money(price, 1'000'000'000, "an amount per seat per month like 4.50");
    std::optional<Cents> monthly = money(mrr, kMaxMrr, "the subscription's monthly recurring revenue like 1234.50");
    if (!r || !ed || !bs || !tm || !n || !a || !on || !fed || !st || (has(off_date) && !off) ||
        (has(expiry) && !x) || (has(price) && !own) || (has(mrr) && !monthly) ||
        field(subscription).empty()) {
      if (field(subscription).empty()) error_at(subscription, "an empty subscription id");
      return;
    }
    s.order.edition = *ed;
    s.order.basis = static_cast<Basis>(*bs);
    s.order.term = static_cast<TermType>(*tm);
    s.order.seats = static_cast<std::int32_t>(*n);
    s.order.auto_renew = *on == 1;
    s.order.unit_price = own.value_or(-1);
    // Its MRR: the term in force invoiced at mrr × its months, so MRR is the book's to the cent.
    if (monthly) s.order.opening_amount = *monthly * months_in(s.order.term);
    s.anchor = *a;
    s.off_day = off;
    s.status = static_cast<BookSubscription::Status>(*st);
    s.expiry = x;
    if (!dates_agree(s)) return;
    BookAccount& acc = account_of(id, *r, *fed == 1);
    if (acc.reseller != *r)
      return error_at(reseller, "account '" + id + "' has another reseller on an earlier row (R1: one reseller per end user)");
    if (acc.federal != (*fed == 1))
      return error_at(federal, "account '" + id + "' is federal on one row and not on another");
    for (const std::string& l : acc.labels)
      if (l == field(subscription))
        return error_at(subscription, "subscription '" + l + "' twice in account '" + id + "'");
    using St = BookSubscription::Status;
    for (const BookSubscription& o : acc.subscriptions) {
      if ((o.status == St::lost) != (s.status == St::lost))
        return error_at(status, "account '" + id + "' is lost on one row and not on another (line " +
                                    std::to_string(o.line) + "): a lost account has every row deleted (E4)");
      if (o.order.basis != s.order.basis)
        return error_at(basis, "per_device and per_user subscriptions in one account (M3; line " +
                                   std::to_string(o.line) + ")");
      if (o.order.edition == s.order.edition && o.order.term != s.order.term)
        return error_at(term, "monthly and annual subscriptions of one edition in one account (M2; line " +
                                  std::to_string(o.line) + ")");
    }
    s.order.id = static_cast<int>(acc.labels.size());
    acc.labels.push_back(field(subscription));
    acc.subscriptions.push_back(s);
  }

  bool full() const { return errors_.size() >= kMaxBookErrors; }

 private:
  bool has(Col c) const { return index_[c] >= 0 && !field(c).empty(); }
  const std::string& field(Col c) const {
    static const std::string kEmpty;
    return index_[c] < 0 ? kEmpty : (*f_)[static_cast<std::size_t>(index_[c])];
  }
  void error(int line, int field_index, const std::string& message) {
    if (!full()) errors_.push_back({path_, line, field_index + 1, message});
  }
  void error_at(Col c, const std::string& message) { error(line_, std::max(0, index_[c]), message); }

  std::optional<int> one_of(Col c, std::initializer_list<const char*> values) {
    int i = 0;
    std::string list;
    for (const char* v : values) {
      if (field(c) == v) return i;
      list += std::string(list.empty() ? "" : " | ") + v;
      ++i;
    }
    error_at(c, std::string(kBookColumns[c]) + " must be " + list + ", not '" + field(c) + "'");
    return std::nullopt;
  }
  std::optional<int> boolean(Col c, bool optional) {
    if (optional && !has(c)) return 0;
    return one_of(c, {"false", "true"});
  }
  std::optional<std::int64_t> integer(Col c, std::int64_t lo, std::int64_t hi) {
    const std::string& t = field(c);
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || v < lo || v > hi) {
      error_at(c, std::string(kBookColumns[c]) + " must be a whole number from " +
                      std::to_string(lo) + " to " + std::to_string(hi) + ", not '" + t + "'");
      return std::nullopt;
    }
    return v;
  }
  // An optional amount (price: per seat per month, currency units, at most 2 decimals).
  std::optional<Cents> money(Col c, Cents max, const char* what) {
    if (!has(c)) return std::nullopt;
    auto v = parse_money(field(c));
    if (v && *v <= max) return v;
    if (v)
      error_at(c, std::string(kBookColumns[c]) + " " + field(c) + " is more than " +
                      format_money(max));
    else
      error_at(c, std::string(kBookColumns[c]) + " must be " + what + ", not '" + field(c) + "'");
    return std::nullopt;
  }
  std::optional<Date> date(Col c, bool optional = false) {
    if (optional && !has(c)) return std::nullopt;
    auto d = parse_iso_date(field(c));
    if (!d) error_at(c, std::string(kBookColumns[c]) + " must be a date YYYY-MM-DD, not '" + field(c) + "'");
    return d;
  }
  std::optional<std::uint16_t> reseller_of(const std::string& name) {
    if (name.empty()) {
      error_at(reseller, "an empty reseller");
      return std::nullopt;
    }
    auto it = resellers_.find(name);
    if (it != resellers_.end()) return static_cast<std::uint16_t>(it->second);
    if (declared_) {
      error_at(reseller, "unknown reseller '" + name + "': not in resellers:" +
                             did_you_mean(name, sc_.resellers));
      return std::nullopt;
    }
    if (sc_.resellers.size() + 1 >= kNoReseller) {
      error_at(reseller, "too many resellers");
      return std::nullopt;
    }
    resellers_[name] = static_cast<int>(sc_.resellers.size());
    sc_.resellers.push_back(name);
    return static_cast<std::uint16_t>(sc_.resellers.size() - 1);
  }
  // An open-addressing table of account indices (linear probing, at most half full): a book of
  // a million accounts is looked up with about one cache miss a row.
  BookAccount& account_of(const std::string& id, std::uint16_t r, bool fed) {
    if (!sc_.book.empty() && sc_.book.back().id == id) return sc_.book.back();  // rows together
    if (2 * (sc_.book.size() + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string>{}(id) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == kEmpty) {
        slots_[i] = static_cast<std::uint32_t>(sc_.book.size());
        sc_.book.push_back({id, r, fed, {}, {}});
        return sc_.book.back();
      }
      if (sc_.book[slots_[i]].id == id) return sc_.book[slots_[i]];
    }
  }
  void grow() {
    std::vector<std::uint32_t> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(64, 2 * old.size()), kEmpty);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t k : old)
      if (k != kEmpty) {
        std::size_t i = std::hash<std::string>{}(sc_.book[k].id) & mask;
        while (slots_[i] != kEmpty) i = (i + 1) & mask;
        slots_[i] = k;
      }
  }

  // C1, N2, E1–E4: the row's dates must describe a subscription alive on the start day.
  bool dates_agree(const BookSubscription& s) {
    const Date start = sc_.start;
    const TermType t = s.order.term;
    const Policy& p = sc_.policy;
    if (s.anchor > start)
      return error_at(anchor, "anchor " + format_iso(s.anchor) + " is after the scenario's start " +
                                  format_iso(start) + ": a later subscription is an order (accounts:)"),
             false;
    if (s.off_day && (*s.off_day > start || *s.off_day < s.anchor))
      return error_at(off_date, "auto_renew_off_date must lie between the anchor and the start"), false;
    if (s.off_day && s.order.auto_renew)
      return error_at(off_date, "auto_renew_off_date given while auto_renew is true"), false;
    if (s.status == BookSubscription::Status::active) {
      if (s.expiry) return error_at(expiry, "an active subscription has no expiry"), false;
      if (s.order.auto_renew) return true;
      // N2: off on d stops the renewal at the end E of d's term only if E − d > notice_days.
      Date d = s.off_day.value_or(start);
      Date last = last_term_end_after_off(s.anchor, t, d, p.notice_days);
      if (last < start)
        return error_at(has(off_date) ? off_date : auto_renew,
                        "with auto-renew off since " + format_iso(d) + " the last term ended on " +
                            format_iso(last) + " (N2), before the start: give its status (grace " +
                            "or suspended) and its expiry " + format_iso(add_days(last, 1))),
               false;
      return true;
    }
    if (!s.expiry) return error_at(expiry, "a subscription in grace, suspended or lost needs its expiry day"), false;
    const Date x = *s.expiry;
    int k = term_index_on(s.anchor, t, x);
    if (x <= s.anchor || term_start(s.anchor, t, k) != x)
      return error_at(expiry, "expiry " + format_iso(x) + " is not the day after a term's end for anchor " +
                                  format_iso(s.anchor) + " (C1, E1): e.g. " +
                                  format_iso(term_start(s.anchor, t, std::max(1, k + 1)))),
             false;
    if (x > start) return error_at(expiry, "expiry " + format_iso(x) + " is after the start"), false;
    const int since = days_between(x, start);
    const bool grace = s.status == BookSubscription::Status::grace;
    if (s.status == BookSubscription::Status::lost) {
      if (since < p.deletion_days)
        return error_at(status, "expired " + std::to_string(since) + " days before the start: not yet deleted (E4, " +
                                    std::to_string(p.deletion_days) + " days), so " +
                                    (since < p.grace_days ? "in grace" : "suspended")),
               false;
      return true;
    }
    if (since >= p.deletion_days)
      return error_at(expiry, "expired " + std::to_string(since) + " days before the start: deleted on " +
                                  format_iso(deletion_day(x, p)) + " (E4): its status is lost"),
             false;
    if (grace && since >= p.grace_days)
      return error_at(status, "expired " + std::to_string(since) + " days before the start: grace (" +
                                  std::to_string(p.grace_days) + " days, E2) is over, so it is suspended"),
             false;
    if (!grace && since < p.grace_days)
      return error_at(status, "expired " + std::to_string(since) + " days before the start: still in grace (E2)"),
             false;
    return true;
  }

  std::string path_;
  Scenario& sc_;
  std::map<std::string, int>& resellers_;
  bool declared_;
  Diagnostics& errors_;
  std::set<std::string> scripted_;
  static constexpr std::uint32_t kEmpty = 0xffffffffu;
  std::vector<std::uint32_t> slots_;
  std::array<int, kCols> index_{};
  std::size_t columns_ = 0;
  const std::vector<std::string>* f_ = nullptr;
  int line_ = 0;
};

}  // namespace

void read_book(const std::string& path, const Diagnostic& where, Scenario& sc,
               std::map<std::string, int>& reseller_index, bool declared, Diagnostics& errors) {
  std::string error;
  auto text = read_text_file(path, error);
  if (!text) {
    Diagnostic d = where;
    d.message = "population.book: cannot read '" + path + "': " + error;
    errors.push_back(d);
    return;
  }
  const std::size_t before = errors.size();
  const std::size_t lines = static_cast<std::size_t>(std::count(text->begin(), text->end(), '\n')) + 1;
  BookReader reader(path, sc, reseller_index, declared, errors, lines);
  bool header = true, header_bad = false;
  try {
    for_each_csv_record(*text, path, [&](const std::vector<std::string>& f, std::size_t count,
                                         int line) {
      if (header) {
        header = false;
        reader.header(f, count);
        header_bad = errors.size() > before;
        return;
      }
      if (header_bad || reader.full()) return;
      reader.row(f, count, line);
    });
  } catch (const InputError& e) {
    errors.push_back({path, e.line(), 1, e.message()});
  }
  if (header) errors.push_back({path, 0, 0, "empty file: the book needs a header line"});
}

}  // namespace subsim
