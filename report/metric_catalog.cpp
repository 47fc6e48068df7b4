#include "report/metric_catalog.hpp"

#include <cmath>
#include <cstdio>

namespace subsim {

// The order and names a finance team reads; docs/outputs.md defines each metric.
const std::vector<MetricGroup>& metric_groups() {
  static const std::vector<MetricGroup> kGroups = {
      {"Revenue",
       {{"bookings", "Bookings (invoiced in the period)", MetricKind::money, 1},
        {"recognized_revenue", "Recognised revenue", MetricKind::money, 1},
        {"mrr_end", "MRR at the end", MetricKind::money, 1},
        {"arr_end", "ARR at the end (12 × MRR)", MetricKind::money, 1},
        {"arpa", "ARPA at the end (MRR per paying customer)", MetricKind::money, 1},
        {"ltv", "Customer lifetime value (ARPA / monthly churn)", MetricKind::money, 1},
        {"late_notice_revenue", "Revenue from late notice (N2 terms)", MetricKind::money, 0}}},
      {"Customers",
       {{"customers_start", "Paying customers at the start", MetricKind::count, 0},
        {"new_customers", "+ new customers", MetricKind::count, 1},
        {"reactivated_customers", "+ reactivated customers", MetricKind::count, 1},
        {"churned_customers", "− churned customers", MetricKind::count, -1},
        {"customers_end", "= paying customers at the end", MetricKind::count, 1},
        {"churned_voluntary", "churned: auto-renew turned off", MetricKind::count, -1},
        {"churned_involuntary", "churned: renewal failed, not fixed", MetricKind::count, -1},
        {"subscriptions_end", "Subscriptions at the end", MetricKind::count, 1},
        {"seats_end", "Seats at the end", MetricKind::count, 1}}},
      {"Rates",
       {{"logo_churn_rate_monthly", "Customer churn per month", MetricKind::percent, -1},
        {"grr_12m", "Gross revenue retention, last 12 months", MetricKind::percent, 1},
        {"nrr_12m", "Net revenue retention, last 12 months", MetricKind::percent, 1},
        {"gross_revenue_retention_horizon",
         "Gross revenue retention, whole period (customers of month 1)", MetricKind::percent, 1},
        {"net_revenue_retention_horizon",
         "Net revenue retention, whole period (customers of month 1)", MetricKind::percent, 1},
        {"quick_ratio", "Quick ratio (MRR gained / MRR lost)", MetricKind::ratio, 1}}},
      {"Lifecycle",
       {{"grace_saves", "Expiries restored in grace (E2)", MetricKind::count, 1},
        {"reactivations", "Reactivations (E3)", MetricKind::count, 1},
        {"deletions", "Accounts deleted (E4)", MetricKind::count, -1},
        {"late_notice_terms", "Terms renewed by late notice (N2)", MetricKind::count, 0},
        {"rejected_orders", "Orders and actions refused by a rule", MetricKind::count, -1},
        {"handovers", "Reseller hand-overs (R2, R3)", MetricKind::count, 0},
        {"trials_started", "Trials started", MetricKind::count, 0},
        {"trials_converted", "Trials converted", MetricKind::count, 1},
        {"events", "Events simulated", MetricKind::count, 0}}},
  };
  return kGroups;
}

std::string format_metric(double v, MetricKind k, bool sign) {
  if (std::isnan(v)) return "n/a";
  if (sign && v > 0) return "+" + format_metric(v, k, false);
  switch (k) {
    case MetricKind::money:
      return group_thousands(v, std::fabs(v) >= 10000 ? 0 : 2);
    case MetricKind::count:
      return group_thousands(v, std::fabs(v - std::round(v)) < 1e-9 ? 0 : 1);
    case MetricKind::percent: {
      const double p = 100 * v;
      return group_thousands(p, std::fabs(p) >= 10 ? 1 : 2) + " %";
    }
    case MetricKind::ratio:
      return group_thousands(v, 2);
  }
  return "";
}


const MetricInfo* find_metric(const std::string& metric) {
  for (const MetricGroup& g : metric_groups())
    for (const MetricInfo& m : g.rows)
      if (metric == m.metric) return &m;
  return nullptr;
}

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

}  // namespace subsim
