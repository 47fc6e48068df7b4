#include "analysis/explain_text.hpp"

#include <cstdio>
#include <map>

#include "model/money.hpp"
#include "scenario/names.hpp"

namespace subsim {

namespace {

// What a refused rule says, in a few words (the rule table's sentence).
std::string refusal(RuleId r) {
  std::string_view text = rule_info(r).refusal;
  return text.empty() ? "refused by the rules" : std::string(text);
}

std::string money(Cents c) { return c ? format_money(c) : ""; }

// The scripted action refused on `e`'s day for its subscription, if exactly one fits.
std::string refused_action(const Scenario& sc, const Event& e) {
  if (e.customer >= sc.accounts.size()) return "";
  const ScriptedAccount& a = sc.accounts[e.customer];
  std::string found;
  int n = 0;
  for (const ScriptedAction& act : a.actions)
    if (act.date == e.date && (e.sub < 0 || act.sub == e.sub || act.order.id == e.sub)) {
      found = action_names()[static_cast<std::size_t>(act.kind)];
      ++n;
    }
  for (const Order& o : a.subscriptions)
    if (o.start && *o.start == e.date && o.id == e.sub) {
      found = "order";
      ++n;
    }
  return n == 1 ? found : "";
}

}  // namespace

std::string plain_reason(const Event& e, const Policy& p) {
  const std::string notice = std::to_string(p.notice_days), grace = std::to_string(p.grace_days),
                    del = std::to_string(p.deletion_days);
  switch (e.kind) {
    case EventKind::opening:
      return e.rule == RuleId::E1 ? "in force before the run, expired, in grace"
             : e.rule == RuleId::E2 ? "in force before the run, expired, service off"
             : e.rule == RuleId::N3 ? "in force, auto-renew off: this term is the last"
             : e.rule == RuleId::N2 ? "in force, auto-renew off too late: one more term"
                                    : "in force when the run starts";
    case EventKind::order: return "order placed";
    case EventKind::pending: return "order accepted, starts later";
    case EventKind::start: return "a term starts, invoiced in full up front";
    case EventKind::renewal:
      return e.rule == RuleId::N2
                 ? "auto-renew went off after the cut-off (" + notice +
                       " days' notice): renews once more, then ends"
                 : "auto-renew on: renews on the term's last day";
    case EventKind::auto_renew_off:
      return e.rule == RuleId::N3 ? "in time for this term's cut-off: this term is the last"
                                  : "after this term's cut-off: the next term is the last";
    case EventKind::auto_renew_on: return "auto-renew back on: it renews again";
    case EventKind::notice_cutoff:
      return "last day to turn auto-renew back on (" + notice +
             " days before the last term's end); the ending is final after it";
    case EventKind::expiry: return "not renewed: expired; " + grace + " days of grace with service";
    case EventKind::grace_end:
      return "grace over: service stops; reactivation possible until day " + del + " after expiry";
    case EventKind::restore: return "restored in grace: as if renewed, no gap";
    case EventKind::reactivation: return "reactivated: same account, a new term from today";
    case EventKind::deletion: return del + " days after expiry: the account's data is deleted";
    case EventKind::seat_add: return "seats added, charged for the rest of the term";
    case EventKind::upgrade: return "upgraded now, the difference charged for the rest of the term";
    case EventKind::downgrade: return "downgraded at the renewal (the next billing cycle)";
    case EventKind::renewal_failed: return "the renewal failed (an administrative snafu)";
    case EventKind::renewal_fixed: return "the failing renewal was fixed in time";
    case EventKind::handover: return "another reseller takes the subscription over";
    case EventKind::close: return "this subscription ends: its successor carries on";
    case EventKind::trial_start: return "free trial starts";
    case EventKind::trial_convert: return "trial converted into a paid subscription";
    case EventKind::trial_lapse: return "trial ended without conversion";
    case EventKind::reallocation: return "licences moved between devices or users, no charge";
    case EventKind::rejected: return refusal(e.rule);
    case EventKind::price_change:
      return "a catalog price change reaches it: the next term is invoiced at its new price";
    default: return "";
  }
}

std::vector<ExplainRow> explain_rows(const Scenario& sc, const Policy& p, std::uint32_t customer,
                                     const std::vector<Event>& events) {
  auto state = [](SubState s) {
    return s == SubState::count ? std::string("-") : std::string(to_string(s));
  };
  std::vector<ExplainRow> rows;
  for (const Event& e : events) {
    ExplainRow r{&e,         e.sub >= 0 ? subscription_name(sc, customer, e.sub) : "-",
                 "-",        "-",
                 plain_reason(e, p), money(e.amount),
                 money(e.mrr_delta)};
    if (!(e.from == e.to && e.from == SubState::count)) {
      r.before = state(e.from);
      r.after = state(e.to);
    }
    if (e.kind == EventKind::rejected) {
      const std::string act = refused_action(sc, e);
      r.why = "refused" + (act.empty() ? std::string() : " " + act) + ": " + r.why;
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

namespace {
// The real book's account of `customer`, if it is one (scripted accounts come first).
const BookAccount* book_account(const Scenario& sc, std::uint32_t customer) {
  const std::size_t first = sc.accounts.size();
  if (customer < first || customer - first >= sc.book.size()) return nullptr;
  return &sc.book[customer - first];
}
}  // namespace

ExplainWho explain_who_of(const Scenario& sc, std::uint32_t customer,
                          const std::vector<Event>& events) {
  std::map<int, const Event*> first, last;
  std::uint16_t reseller = 0xffff;
  for (const Event& e : events) {
    if (reseller == 0xffff && e.reseller != 0xffff) reseller = e.reseller;
    if (e.sub >= 0 && e.term_months != 0) {
      if (!first.count(e.sub)) first[e.sub] = &e;
      last[e.sub] = &e;
    }
  }
  if (const BookAccount* b = book_account(sc, customer); b && reseller == 0xffff)
    reseller = b->reseller;  // a lost account shows no event before it comes back
  ExplainWho who{reseller < sc.resellers.size() ? sc.resellers[reseller] : std::string("-"), {}};
  for (const auto& [sub, e] : first) {
    // On the first day: what its first event left if that was on the first day (an opening),
    // else not yet there; on the last day: what its last event left.
    const Event* l = last[sub];
    who.subscriptions.push_back(
        {subscription_name(sc, customer, sub),
         e->edition < sc.catalog.editions.size() ? sc.catalog.editions[e->edition].name : "?",
         e->basis ? "per user" : "per device", e->term_months == 12 ? "annual" : "monthly",
         format_iso(e->anchor),
         e->date == sc.start && e->to != SubState::count ? std::string(to_string(e->to))
                                                         : "not yet",
         l->to != SubState::count ? std::string(to_string(l->to)) : "-", e->seats});
  }
  return who;
}

std::string explain_who(const Scenario& sc, std::uint32_t customer,
                        const std::vector<Event>& events) {
  const ExplainWho who = explain_who_of(sc, customer, events);
  std::string out = "Who: reseller " + who.reseller + ", " +
                    std::to_string(who.subscriptions.size()) + " subscription(s)\n";
  for (const ExplainSubscription& s : who.subscriptions)
    out += "  " + s.id + ": " + s.edition + ", " + s.basis + ", " + s.term + ", " +
           std::to_string(s.seats) + " seats, terms anchored on " + s.anchor + "; " +
           format_iso(sc.start) + ": " + s.first_day + ", " + format_iso(sc.end) + ": " +
           s.last_day + "\n";
  if (const BookAccount* b = book_account(sc, customer))
    for (std::size_t i = 0; i < b->subscriptions.size(); ++i) {
      const BookSubscription& s = b->subscriptions[i];
      if (s.status != BookSubscription::Status::lost || !s.expiry) continue;
      out += "  " + b->labels[i] + " (book): lost before the start — expired on " +
             format_iso(*s.expiry) + ", deleted (E4) on " +
             format_iso(add_days(*s.expiry, sc.policy.deletion_days)) +
             "; a return is a new order (come_back)\n";
    }
  return out;
}

std::string explain_policy(const Policy& p) {
  return std::to_string(p.notice_days) + " days' notice, " + std::to_string(p.grace_days) +
         " days' grace, deletion " + std::to_string(p.deletion_days) + " days after expiry";
}

namespace {
std::string timeline_line(const char* marker, const ExplainRow& r) {
  const Event& e = *r.event;
  char line[640];
  std::snprintf(line, sizeof line, "%s%-10s  %-15s  %-14s  %-27s  %-4s  %10s  %10s  %s\n", marker,
                format_iso(e.date).c_str(), std::string(to_string(e.kind)).c_str(),
                r.subscription.c_str(),
                (r.before == "-" && r.after == "-" ? std::string("-") : r.before + " -> " + r.after).c_str(),
                std::string(to_string(e.rule)).c_str(), r.invoiced.c_str(), r.mrr_change.c_str(),
                r.why.c_str());
  return line;
}

std::string timeline_header(const char* marker) {
  char line[256];
  std::snprintf(line, sizeof line, "%s%-10s  %-15s  %-14s  %-27s  %-4s  %10s  %10s  %s\n", marker,
                "date", "event", "subscription", "state before -> after", "rule", "invoiced",
                "mrr change", "why");
  return line;
}
}  // namespace

std::string explain_text(const std::string& title, const Scenario& sc, const Policy& p,
                         std::uint32_t customer, const std::vector<Event>& events, bool full) {
  std::string out = title + "\n" + explain_who(sc, customer, events) + "Policy: " +
                    explain_policy(p) + "\n\n" + timeline_header("");
  const std::vector<ExplainRow> rows = explain_rows(sc, p, customer, events);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Event& e = events[i];
    // A run of four or more identical renewals: the first, then one line for the rest.
    std::size_t j = i + 1;
    while (!full && e.kind == EventKind::renewal && j < events.size() &&
           events[j].kind == e.kind && events[j].sub == e.sub && events[j].rule == e.rule &&
           events[j].amount == e.amount && events[j].from == e.from && events[j].to == e.to)
      ++j;
    out += timeline_line("", rows[i]);
    if (j - i >= 4) {
      out += "  … " + std::to_string(j - i - 1) + " more renewals like it, the last on " +
             format_iso(events[j - 1].date) + " (--full lists them)\n";
      i = j - 1;
    }
  }
  return out;
}

}  // namespace subsim
