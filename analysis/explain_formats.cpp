// explain's other forms: CSV and JSON rows for tools, and two variants side by side.
#include <cstdio>
#include <variant>

#include "analysis/explain_text.hpp"
#include "io/csv.hpp"
#include "io/json_writer.hpp"
#include "model/money.hpp"
#include "model/policy.hpp"
#include "scenario/names.hpp"

namespace subsim {

namespace {
// The same event in both variants: same day, kind, subscription, rule, money and states.
bool same(const Event& a, const Event& b) {
  return a.date == b.date && a.kind == b.kind && a.sub == b.sub && a.rule == b.rule &&
         a.amount == b.amount && a.mrr_delta == b.mrr_delta && a.from == b.from && a.to == b.to;
}

std::string brief(const Event& e) {
  return std::string(to_string(e.kind)) + " (" + std::string(to_string(e.rule)) + ")";
}
}  // namespace

std::string explain_csv(const Scenario& sc, const Policy& p, std::uint32_t customer,
                        const std::vector<Event>& events) {
  CsvWriter w({"date", "event", "subscription", "state_before", "state_after", "rule", "invoiced",
               "mrr_change", "why"});
  for (const ExplainRow& r : explain_rows(sc, p, customer, events)) {
    const Event& e = *r.event;
    w.row({format_iso(e.date), std::string(to_string(e.kind)),
           r.subscription == "-" ? "" : r.subscription, r.before == "-" ? "" : r.before,
           r.after == "-" ? "" : r.after, std::string(to_string(e.rule)), r.invoiced,
           r.mrr_change, r.why});
  }
  return w.take();
}

namespace {
// Every policy parameter (model/policy's table) with its value: {"notice_days": 30, …}.
void policy_json(JsonWriter& w, const Policy& p) {
  w.object(JsonWriter::Layout::line);
  for (const PolicyParameter& param : policy_parameters()) {
    const std::string v = parameter_value_text(param, p);
    w.key(param.key);
    if (std::holds_alternative<Proration Policy::*>(param.field))
      w.string(v);
    else
      w.number_text(v);
  }
  w.end();
}

// A text, or null for "-" (nothing).
void text_or_null(JsonWriter& w, const std::string& s) {
  if (s == "-")
    w.null();
  else
    w.string(s);
}
}  // namespace

std::string explain_json(const std::string& account, const Scenario& sc, const Policy& p,
                         std::uint32_t customer, const std::vector<Event>& events) {
  using L = JsonWriter::Layout;
  const ExplainWho who = explain_who_of(sc, customer, events);
  JsonWriter w;
  w.object().key("account").string(account).key("scenario").string(sc.name);
  w.key("first_day").string(format_iso(sc.start)).key("last_day").string(format_iso(sc.end));
  w.key("reseller").string(who.reseller).key("subscriptions").array();
  for (const ExplainSubscription& s : who.subscriptions)
    w.object(L::line).key("id").string(s.id).key("edition").string(s.edition)
        .key("basis").string(s.basis).key("term").string(s.term).key("seats").integer(s.seats)
        .key("anchor").string(s.anchor).key("state_first_day").string(s.first_day)
        .key("state_last_day").string(s.last_day).end();
  w.end();
  policy_json(w.key("policy"), p);
  w.key("events").array();
  for (const ExplainRow& r : explain_rows(sc, p, customer, events)) {
    const Event& e = *r.event;
    w.object(L::line).key("date").string(format_iso(e.date)).key("event").string(to_string(e.kind));
    text_or_null(w.key("subscription"), r.subscription);
    text_or_null(w.key("state_before"), r.before);
    text_or_null(w.key("state_after"), r.after);
    w.key("rule").string(to_string(e.rule));
    w.key("invoiced").number_text(e.amount ? format_money(e.amount) : "0");
    w.key("mrr_change").number_text(e.mrr_delta ? format_money(e.mrr_delta) : "0");
    w.key("why").string(r.why).end();
  }
  return w.end().end().finish();
}

std::string explain_side_by_side(const std::string& title, std::uint32_t customer,
                                 const ExplainVariant& a, const ExplainVariant& b) {
  const Scenario& sa = *a.scenario;
  const Scenario& sb = *b.scenario;
  const auto rows_a = explain_rows(sa, sa.policy, customer, *a.events);
  const auto rows_b = explain_rows(sb, sb.policy, customer, *b.events);
  std::string out = title + "\n" + explain_who(sa, customer, *a.events) + "A = " + a.name + ": " +
                    explain_policy(sa.policy) + "\nB = " + b.name + ": " +
                    explain_policy(sb.policy) + "\n";
  // Where they part: the first row that differs.
  std::size_t k = 0;
  while (k < rows_a.size() && k < rows_b.size() && same(*rows_a[k].event, *rows_b[k].event)) ++k;
  if (k == rows_a.size() && k == rows_b.size()) {
    out += "The two timelines are the same: the variants make no difference to this account.\n";
  } else {
    const Event* ea = k < rows_a.size() ? rows_a[k].event : nullptr;
    const Event* eb = k < rows_b.size() ? rows_b[k].event : nullptr;
    const Date day = ea && eb ? std::min(ea->date, eb->date) : ea ? ea->date : eb->date;
    out += "The timelines part on " + format_iso(day) + ": A " +
           (ea ? brief(*ea) + " on " + format_iso(ea->date) : std::string("ends")) + ", B " +
           (eb ? brief(*eb) + " on " + format_iso(eb->date) : std::string("ends")) + ".\n";
  }
  out += "\n";
  char line[768];
  std::snprintf(line, sizeof line, "%-4s  %-10s  %-15s  %-14s  %-4s  %10s  %s\n", "", "date",
                "event", "subscription", "rule", "invoiced", "why");
  out += line;
  auto print = [&](const char* marker, const ExplainRow& r) {
    const Event& e = *r.event;
    std::snprintf(line, sizeof line, "%-4s  %-10s  %-15s  %-14s  %-4s  %10s  %s\n", marker,
                  format_iso(e.date).c_str(), std::string(to_string(e.kind)).c_str(),
                  r.subscription.c_str(), std::string(to_string(e.rule)).c_str(),
                  r.invoiced.c_str(), r.why.c_str());
    out += line;
  };
  // Merge by date: a row both variants have is printed once, the others with their variant.
  std::size_t i = 0, j = 0;
  while (i < rows_a.size() || j < rows_b.size()) {
    if (i < rows_a.size() && j < rows_b.size() && same(*rows_a[i].event, *rows_b[j].event)) {
      print("A=B", rows_a[i++]);
      ++j;
    } else if (j >= rows_b.size() ||
               (i < rows_a.size() && !(rows_b[j].event->date < rows_a[i].event->date))) {
      print("A", rows_a[i++]);
    } else {
      print("B", rows_b[j++]);
    }
  }
  Cents total_a = 0, total_b = 0;
  for (const Event& e : *a.events) total_a += e.amount;
  for (const Event& e : *b.events) total_b += e.amount;
  out += "\nInvoiced in total: A " + format_money(total_a) + ", B " + format_money(total_b) +
         " (B − A: " + format_money(total_b - total_a) + ")\n";
  return out;
}

}  // namespace subsim
