#include "report/headline.hpp"

#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

#include "report/html.hpp"

namespace subsim {

namespace {

enum class Kind { money, count, percent, ratio };

struct Row {
  const char* metric;
  const char* label;
  Kind kind;
};

struct Group {
  const char* title;
  std::vector<Row> rows;
};

// The order and names a finance team reads; docs/outputs.md defines each metric.
const std::vector<Group>& groups() {
  static const std::vector<Group> kGroups = {
      {"Revenue",
       {{"bookings", "Bookings (invoiced in the period)", Kind::money},
        {"recognized_revenue", "Recognised revenue", Kind::money},
        {"mrr_end", "MRR at the end", Kind::money},
        {"arr_end", "ARR at the end (12 × MRR)", Kind::money},
        {"arpa", "ARPA at the end (MRR per paying customer)", Kind::money},
        {"ltv", "Customer lifetime value (ARPA / monthly churn)", Kind::money},
        {"late_notice_revenue", "Revenue from late notice (N2 terms)", Kind::money}}},
      {"Customers",
       {{"customers_start", "Paying customers at the start", Kind::count},
        {"new_customers", "+ new customers", Kind::count},
        {"reactivated_customers", "+ reactivated customers", Kind::count},
        {"churned_customers", "− churned customers", Kind::count},
        {"customers_end", "= paying customers at the end", Kind::count},
        {"churned_voluntary", "churned: auto-renew turned off", Kind::count},
        {"churned_involuntary", "churned: renewal failed, not fixed", Kind::count},
        {"subscriptions_end", "Subscriptions at the end", Kind::count},
        {"seats_end", "Seats at the end", Kind::count}}},
      {"Rates",
       {{"logo_churn_rate_monthly", "Customer churn per month", Kind::percent},
        {"grr_12m", "Gross revenue retention, last 12 months", Kind::percent},
        {"nrr_12m", "Net revenue retention, last 12 months", Kind::percent},
        {"gross_revenue_retention_horizon",
         "Gross revenue retention, whole period (customers of month 1)", Kind::percent},
        {"net_revenue_retention_horizon",
         "Net revenue retention, whole period (customers of month 1)", Kind::percent},
        {"quick_ratio", "Quick ratio (MRR gained / MRR lost)", Kind::ratio}}},
      {"Lifecycle",
       {{"grace_saves", "Expiries restored in grace (E2)", Kind::count},
        {"reactivations", "Reactivations (E3)", Kind::count},
        {"deletions", "Accounts deleted (E4)", Kind::count},
        {"late_notice_terms", "Terms renewed by late notice (N2)", Kind::count},
        {"rejected_orders", "Orders and actions refused by a rule", Kind::count},
        {"handovers", "Reseller hand-overs (R2, R3)", Kind::count},
        {"trials_started", "Trials started", Kind::count},
        {"trials_converted", "Trials converted", Kind::count},
        {"events", "Events simulated", Kind::count}}},
  };
  return kGroups;
}

std::string format(double v, Kind k) {
  if (std::isnan(v)) return "n/a";
  switch (k) {
    case Kind::money:
      return group_thousands(v, std::fabs(v) >= 10000 ? 0 : 2);
    case Kind::count:
      return group_thousands(v, std::fabs(v - std::round(v)) < 1e-9 ? 0 : 1);
    case Kind::percent: {
      const double p = 100 * v;
      return group_thousands(p, std::fabs(p) >= 10 ? 1 : 2) + " %";
    }
    case Kind::ratio:
      return group_thousands(v, 2);
  }
  return "";
}

double number(const JsonView& v) {
  return v.json().is_number() ? v.json().get<double>() : NAN;
}

}  // namespace

std::string group_thousands(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string digits = buf, frac;
  if (auto dot = digits.find('.'); dot != std::string::npos) {
    frac = digits.substr(dot);
    digits.erase(dot);
  }
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  const bool negative = v < 0 && (out + frac).find_first_not_of("0.,") != std::string::npos;
  return (negative ? "−" : "") + out + frac;
}

std::string headline_table(const JsonView& metrics) {
  std::string h =
      "<table class=\"headline\">\n<tr><th>figure</th><th>mean</th><th>95 % interval</th></tr>\n";
  std::set<std::string> shown = {"rejected_by_rule", "gross_revenue_retention",
                                 "net_revenue_retention"};  // aliases of the *_horizon ones
  auto row = [&](const std::string& name, const std::string& label, Kind kind) {
    JsonView m = metrics[name];
    std::string ci = "n/a";
    if (!m["ci95"].json().is_null())
      ci = "[" + format(number(m["ci95"][0]), kind) + ", " + format(number(m["ci95"][1]), kind) + "]";
    // The same value in every replication: said so. Only a count never seen keeps its interval
    // (exact Poisson: how rare it may still be).
    if (m.has("zero_variance") && m["zero_variance"].json().is_boolean() &&
        m["zero_variance"].json().get<bool>())
      ci = number(m["mean"]) == 0 && kind == Kind::count ? ci + " (never seen)"
                                                         : "the same in every replication";
    h += "<tr><td>" + html_escape(label) + "</td><td>" + html_escape(format(number(m["mean"]), kind)) +
         "</td><td>" + html_escape(ci) + "</td></tr>\n";
    shown.insert(name);
  };
  for (const Group& g : groups()) {
    h += "<tr><th colspan=\"3\" class=\"group\">" + std::string(g.title) + "</th></tr>\n";
    for (const Row& r : g.rows)
      if (metrics.has(r.metric)) row(r.metric, r.label, r.kind);
  }
  // Metrics this table does not know yet: shown under their own names, as counts.
  bool other = false;
  for (const std::string& name : metrics.keys())
    if (!shown.count(name)) {
      if (!other) h += "<tr><th colspan=\"3\" class=\"group\">Other</th></tr>\n";
      other = true;
      row(name, name, Kind::count);
    }
  h += "</table>\n<p class=\"note\">Money in currency units; rates in percent. “n/a”: the "
       "figure has no meaning in these runs (e.g. no customer at risk); an interval needs two "
       "or more replications. Intervals of counts and rates stay inside their possible range "
       "(docs/outputs.md).</p>\n";
  return h;
}

}  // namespace subsim
