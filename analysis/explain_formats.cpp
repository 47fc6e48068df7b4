// explain's other forms: CSV and JSON rows for tools, and two variants side by side.
#include <cstdio>
#include <variant>

#include "analysis/explain_text.hpp"
#include "io/csv.hpp"
#include "io/json_text.hpp"
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
std::string policy_json(const Policy& p) {
  std::string j;
  for (const PolicyParameter& param : policy_parameters()) {
    std::string v = parameter_value_text(param, p);
    if (std::holds_alternative<Proration Policy::*>(param.field)) v = "\"" + v + "\"";
    j += (j.empty() ? "{\"" : ", \"") + std::string(param.key) + "\": " + v;
  }
  return j + "}";
}
}  // namespace

std::string explain_json(const std::string& account, const Scenario& sc, const Policy& p,
                         std::uint32_t customer, const std::vector<Event>& events) {
  auto str = [](const std::string& s) { return "\"" + json_escape(s) + "\""; };
  const ExplainWho who = explain_who_of(sc, customer, events);
  std::string subs;
  for (const ExplainSubscription& s : who.subscriptions)
    subs += std::string(subs.empty() ? "" : ",") + "\n    {\"id\": " + str(s.id) +
            ", \"edition\": " + str(s.edition) + ", \"basis\": " + str(s.basis) +
            ", \"term\": " + str(s.term) + ", \"seats\": " + std::to_string(s.seats) +
            ", \"anchor\": " + str(s.anchor) + ", \"state_first_day\": " + str(s.first_day) +
            ", \"state_last_day\": " + str(s.last_day) + "}";
  std::string j = "{\n  \"account\": " + str(account) + ",\n  \"scenario\": " + str(sc.name) +
                  ",\n  \"first_day\": " + str(format_iso(sc.start)) + ",\n  \"last_day\": " +
                  str(format_iso(sc.end)) + ",\n  \"reseller\": " + str(who.reseller) +
                  ",\n  \"subscriptions\": [" + subs + "\n  ]" +
                  ",\n  \"policy\": " + policy_json(p) + ",\n  \"events\": [";
  bool first = true;
  for (const ExplainRow& r : explain_rows(sc, p, customer, events)) {
    const Event& e = *r.event;
    j += std::string(first ? "\n" : ",\n") + "    {\"date\": " + str(format_iso(e.date)) +
         ", \"event\": " + str(std::string(to_string(e.kind))) + ", \"subscription\": " +
         (r.subscription == "-" ? "null" : str(r.subscription)) + ", \"state_before\": " +
         (r.before == "-" ? "null" : str(r.before)) + ", \"state_after\": " +
         (r.after == "-" ? "null" : str(r.after)) + ", \"rule\": " +
         str(std::string(to_string(e.rule))) + ", \"invoiced\": " +
         (e.amount ? format_money(e.amount) : "0") + ", \"mrr_change\": " +
         (e.mrr_delta ? format_money(e.mrr_delta) : "0") + ", \"why\": " + str(r.why) + "}";
    first = false;
  }
  return j + "\n  ]\n}\n";
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
