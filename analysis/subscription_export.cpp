#include "analysis/subscription_export.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "io/csv.hpp"
#include "model/date.hpp"

namespace subsim {

namespace {

struct Row {
  Date start, end;
  bool paid = false, ended = false, failed = false;
  const char* reason = "";
  const Event* last = nullptr;
};

bool starts_paying(EventKind k) {
  return k == EventKind::opening || k == EventKind::start || k == EventKind::trial_convert ||
         k == EventKind::restore || k == EventKind::reactivation || k == EventKind::handover ||
         k == EventKind::downgrade;
}

}  // namespace

std::string subscriptions_csv(const std::vector<Event>& events, const Names& names) {
  std::string out = kSubscriptionExportHeader;
  append_subscription_rows(out, events, names);
  return out;
}

void append_subscription_rows(std::string& out, const std::vector<Event>& events,
                              const Names& names) {
  using Key = std::pair<std::uint32_t, int>;
  std::map<Key, Row> rows;
  std::map<Key, Key> alias;                          // a successor → the row it continues
  std::map<std::uint32_t, std::pair<Key, Date>> closing;  // same-reseller successor expected
  for (const Event& e : events) {
    if (e.sub < 0 || e.term_months == 0) continue;  // a note: no subscription
    Key key{e.customer, e.sub};
    if (auto a = alias.find(key); a != alias.end()) key = a->second;
    // A new subscription starting the day its account's old one closed for it (a reduction or
    // downgrade at renewal, a restore or reactivation by order): the same subscription goes on.
    if (e.from == SubState::count && starts_paying(e.kind)) {
      auto c = closing.find(e.customer);
      if (c != closing.end() && c->second.second == e.date) {
        alias[key] = c->second.first;
        key = c->second.first;
        closing.erase(c);
      }
    }
    Row& r = rows[key];
    r.last = &e;
    switch (e.kind) {
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
          closing[e.customer] = {key, e.date};
        }
        break;
      default:
        if (!starts_paying(e.kind)) break;
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
        }
        break;
    }
  }
  std::vector<std::pair<Key, const Row*>> order;
  for (const auto& [key, r] : rows)
    if (r.paid) order.push_back({key, &r});
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.first, a.second->start, a.first.second) <
           std::tie(b.first.first, b.second->start, b.first.second);
  });
  for (const auto& [key, r] : order) {
    const Event& e = *r->last;
    append_csv_field(out, names.account(key.first));
    out += ',';
    append_csv_field(out, names.subscription(key.first, key.second));
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
    out += format_iso(r->start);
    out += ',';
    if (r->ended) out += format_iso(r->end);
    out += ',';
    if (r->ended) out += r->reason;
    out += '\n';
  }
}

}  // namespace subsim
