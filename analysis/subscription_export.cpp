#include "analysis/subscription_export.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

#include "io/csv.hpp"
#include "model/date.hpp"
#include "model/money.hpp"

namespace subsim {

namespace {

struct Row {
  Date start, end;
  bool paid = false, ended = false, failed = false;
  const char* reason = "";
  std::optional<Date> off_day;  // auto-renew turned off on this day, and not back on
  Cents mrr = 0;                // its MRR now: the sum of its events' moves
  Cents paid_mrr = 0;           // its MRR when it last earned any
  const Event* last = nullptr;
};

bool starts_paying(EventKind k) {
  return k == EventKind::opening || k == EventKind::start || k == EventKind::trial_convert ||
         k == EventKind::restore || k == EventKind::reactivation || k == EventKind::handover ||
         k == EventKind::downgrade;
}

}  // namespace

std::string subscriptions_csv(const std::vector<Event>& events, const Names& names) {
  // Grouped by account, each account's events in firing order.
  std::vector<const Event*> grouped;
  for (const Event& e : events) grouped.push_back(&e);
  std::stable_sort(grouped.begin(), grouped.end(),
                   [](const Event* a, const Event* b) { return a->customer < b->customer; });
  std::string out = subscription_export_header();
  append_subscription_rows(out, grouped, names);
  return out;
}

namespace {

// A paying event on its row: the row's first paid day, then either ended (a book row that had
// already expired) or paying again (a restore or reactivation goes on with the subscription).
void apply_paying(Row& r, const Event& e) {
  const bool again = r.paid;
  if (!r.paid) {
    r.paid = true;
    // The first term's first day: the anchor (an opening, a book row: perhaps years
    // before the run); a restore's term starts on the expiry day.
    r.start = e.kind == EventKind::restore ? e.rev_from : e.anchor;
  }
  if (e.to == SubState::grace || e.to == SubState::suspended) {  // a book row, expired
    r.ended = true;
    r.end = add_days(e.rev_from, -1);
    r.reason = "cancelled";
  } else {  // paying again: a restore or reactivation goes on with the subscription
    r.ended = false;
    r.failed = false;
    r.reason = "";
    // An opening with auto-renew off (N2/N3): off as of the run's first day.
    if (e.kind == EventKind::opening && e.rule != RuleId::C1)
      r.off_day = e.date;
    else if (again)  // a new term of a row that ended or closed: its own auto-renew
      r.off_day.reset();
  }
}

// An event's effect on its row (`key`): auto-renew, a failed or fixed renewal, the end and its
// reason, or paying. A close that is no switch expects a successor: `closing` says so.
void apply_event(Row& r, const Event& e, int key, std::optional<std::pair<int, Date>>& closing) {
  switch (e.kind) {
    case EventKind::auto_renew_off:
      if (!r.off_day) r.off_day = e.date;
      break;
    case EventKind::auto_renew_on:
      r.off_day.reset();
      break;
    case EventKind::renewal_failed:
      r.failed = true;
      break;
    case EventKind::renewal:
    case EventKind::renewal_fixed:
      r.failed = false;
      break;
    case EventKind::expiry:
      r.ended = true;
      r.end = add_days(e.date, -1);
      r.reason = r.failed ? "lapsed" : "cancelled";
      break;
    case EventKind::close:
      if (e.rule == RuleId::R2 || e.rule == RuleId::R3) {  // another reseller takes over
        if (!r.ended) r.end = add_days(e.date, -1);
        r.ended = true;
        r.reason = "switched";
      } else {
        closing = std::make_pair(key, e.date);
      }
      break;
    default:
      if (starts_paying(e.kind)) apply_paying(r, e);
      break;
  }
}

// One account's rows as its events build them: a subscription that continues another (its
// successor the day it closed) writes into that one's row.
struct AccountRows {
  // An account holds a few subscriptions: small vectors searched in order beat maps.
  std::vector<std::pair<int, Row>> rows;
  std::vector<std::pair<int, int>> alias;  // a successor → the row it continues
  std::optional<std::pair<int, Date>> closing;  // a same-reseller successor expected

  // The row of subscription `sub`, new if it has none.
  Row& row(int sub) {
    for (auto& entry : rows)
      if (entry.first == sub) return entry.second;
    return rows.emplace_back(sub, Row{}).second;
  }

  // The row an event of a subscription goes to: its own, or the one it continues.
  int key_of(const Event& e) {
    int key = e.sub;
    for (const auto& [from, to] : alias)
      if (from == key) {
        key = to;
        break;
      }
    // A new subscription starting the day its account's old one closed for it (a reduction or
    // downgrade at renewal, a restore or reactivation by order): the same subscription goes on.
    if (e.from == SubState::count && starts_paying(e.kind) && closing &&
        closing->second == e.date) {
      alias.emplace_back(key, closing->first);
      key = closing->first;
      closing.reset();
    }
    return key;
  }
};

// price,mrr,currency: what the row pays per seat per month (its MRR over its seats, at most
// four decimals, rounded half up), its MRR, and the catalog's currency; the first two empty for
// a row that never earned MRR in the run.
void append_price_columns(std::string& out, Cents mrr, std::int32_t seats,
                          const std::string& currency, bool earned) {
  // A row that never earned MRR in the run (a book row opened suspended) has no price to show:
  // empty, not 0.00 (a fit would open it free).
  if (!earned) {
    out += ",,";
    out += currency;
    return;
  }
  if (seats > 0) {
    // In hundredths of a cent: mrr × 100 / seats, rounded half up.
    const std::int64_t p = (mrr * 200 / seats + 1) / 2;
    std::string frac = std::to_string(p % 10'000);
    frac.insert(0, 4 - frac.size(), '0');
    while (frac.size() > 2 && frac.back() == '0') frac.pop_back();
    out += std::to_string(p / 10'000) + "." + frac;
  }
  out += ',';
  out += format_money(mrr);
  out += ',';
  out += currency;
}

// One row of the export: the subscription's last event says its reseller, edition, basis,
// term and seats; the row its start, end and reason, and auto-renew.
void append_row(std::string& out, std::uint32_t customer, int sub, const Row& r,
                const Names& names) {
  const Event& e = *r.last;
  append_csv_field(out, names.account(customer));
  out += ',';
  append_csv_field(out, names.subscription(customer, sub));
  out += ',';
  if (e.reseller < names.resellers.size()) append_csv_field(out, names.resellers[e.reseller]);
  out += ',';
  if (e.edition < names.editions.size()) append_csv_field(out, names.editions[e.edition]);
  out += ',';
  out += e.basis ? "per_user" : "per_device";
  out += ',';
  out += e.term_months == 12 ? "annual" : "monthly";
  out += ',';
  out += std::to_string(e.seats);
  out += ',';
  out += format_iso(r.start);
  out += ',';
  if (r.ended) out += format_iso(r.end);
  out += ',';
  if (r.ended) out += r.reason;
  out += ',';
  if (!r.ended) out += r.off_day ? "off" : "on";
  out += ',';
  if (r.off_day) out += format_iso(*r.off_day);
  out += ',';
  append_price_columns(out, r.paid_mrr, e.seats, names.currency, r.paid_mrr > 0);
  out += '\n';
}

// One account's events, in firing order: its rows, in order of first paid day and subscription.
void append_account_rows(std::string& out, const Event* const* begin, const Event* const* end,
                         const Names& names) {
  const std::uint32_t customer = (*begin)->customer;
  AccountRows account;
  for (const Event* const* p = begin; p != end; ++p) {
    const Event& e = **p;
    if (e.sub < 0 || e.term_months == 0) continue;  // a note: no subscription
    const int key = account.key_of(e);
    Row& r = account.row(key);
    r.last = &e;
    r.mrr += e.mrr_delta;
    if (r.mrr > 0) r.paid_mrr = r.mrr;
    apply_event(r, e, key, account.closing);
  }
  std::vector<std::pair<int, const Row*>> order;
  for (const auto& [sub, r] : account.rows)
    if (r.paid) order.push_back({sub, &r});
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second->start, a.first) < std::tie(b.second->start, b.first);
  });
  for (const auto& [sub, r] : order) append_row(out, customer, sub, *r, names);
}

}  // namespace

void append_subscription_rows(std::string& out, const std::vector<const Event*>& grouped,
                              const Names& names) {
  const Event* const* p = grouped.data();
  const Event* const* end = p + grouped.size();
  while (p != end) {
    const Event* const* q = p;
    while (q != end && (*q)->customer == (*p)->customer) ++q;
    append_account_rows(out, p, q, names);
    p = q;
  }
}

}  // namespace subsim
