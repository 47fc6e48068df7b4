#include "model/metric.hpp"

#include <algorithm>

namespace subsim {

namespace {
using U = MetricUnit;
constexpr const char* kRevenue = "Revenue";
constexpr const char* kCustomers = "Customers";
constexpr const char* kRates = "Rates";
constexpr const char* kLifecycle = "Lifecycle";
}  // namespace

const std::vector<MetricDef>& metric_registry() {
  static const std::vector<MetricDef> kRegistry = {
      {"bookings", U::money, 1, kRevenue, 0, "Bookings (invoiced in the period)",
       "money invoiced inside the period, each term on its first day", 2},
      {"recognized_revenue", U::money, 1, kRevenue, 1, "Recognised revenue",
       "every invoice spread daily over the days it pays for, counted inside the period", 1},
      {"mrr_end", U::money, 1, kRevenue, 2, "MRR at the end",
       "monthly recurring revenue at the end of the last day", 3},
      {"arr_end", U::money, 1, kRevenue, 3, "ARR at the end (12 × MRR)", "12 × mrr_end"},
      {"customers_end", U::count, 1, kCustomers, 4, "= paying customers at the end",
       "customers with MRR > 0 at the end"},
      {"subscriptions_end", U::count, 1, kCustomers, 7, "Subscriptions at the end",
       "subscriptions earning MRR at the end"},
      {"seats_end", U::count, 1, kCustomers, 8, "Seats at the end",
       "seats of the subscriptions earning MRR at the end"},
      {"new_customers", U::count, 1, kCustomers, 1, "+ new customers",
       "customers going from 0 to MRR > 0 for the first time"},
      {"churned_customers", U::count, -1, kCustomers, 3, "− churned customers",
       "customers going from MRR > 0 to 0 within a month", 5},
      {"logo_churn_rate_monthly", U::share, -1, kRates, 0, "Customer churn per month",
       "Σ churned customers / Σ customers at the start of each month", 6},
      {"gross_revenue_retention", U::share, 1, "", 0, "",
       "the earlier name of gross_revenue_retention_horizon"},
      {"net_revenue_retention", U::rate, 1, "", 0, "",
       "the earlier name of net_revenue_retention_horizon", 4},
      {"reactivations", U::count, 0, kLifecycle, 1, "Reactivations (E3)", "reactivation events"},
      {"deletions", U::count, -1, kLifecycle, 2, "Accounts deleted (E4)", "deletion events"},
      {"grace_saves", U::count, 0, kLifecycle, 0, "Expiries restored in grace (E2)",
       "expiries restored inside the grace window"},
      {"late_notice_terms", U::count, 0, kLifecycle, 3, "Terms renewed by late notice (N2)",
       "terms renewed only because auto-renew went off after the cut-off"},
      {"late_notice_revenue", U::money, 0, kRevenue, 6, "Revenue from late notice (N2 terms)",
       "money invoiced for the late-notice terms"},
      {"rejected_orders", U::count, -1, kLifecycle, 4, "Orders and actions refused by a rule",
       "orders and actions a rule refused"},
      {"handovers", U::count, 0, kLifecycle, 5, "Reseller hand-overs (R2, R3)",
       "reseller hand-overs"},
      {"trials_started", U::count, 0, kLifecycle, 6, "Trials started", "trials started (T1)"},
      {"trials_converted", U::count, 1, kLifecycle, 7, "Trials converted",
       "trials converted to a paid subscription (T1)"},
      {"customers_start", U::count, 0, kCustomers, 0, "Paying customers at the start",
       "customers paying on the first day"},
      {"reactivated_customers", U::count, 0, kCustomers, 2, "+ reactivated customers",
       "customers going from 0 back to MRR > 0, having paid before (deleted accounts too)"},
      {"churned_voluntary", U::count, -1, kCustomers, 5, "churned: auto-renew turned off",
       "churned customers whose last paid subscription ended with auto-renew off"},
      {"churned_involuntary", U::count, -1, kCustomers, 6, "churned: renewal failed, not fixed",
       "churned customers whose renewal failed (E5) and nothing was paid since"},
      {"arpa", U::money, 1, kRevenue, 4, "ARPA at the end (MRR per paying customer)",
       "mrr_end / customers_end"},
      {"ltv", U::money, 1, kRevenue, 5, "Customer lifetime value (ARPA / monthly churn)",
       "arpa / logo_churn_rate_monthly"},
      {"quick_ratio", U::ratio, 1, kRates, 5, "Quick ratio (MRR gained / MRR lost)",
       "(new + expansion + price expansion + reactivation MRR) / (contraction + price contraction + churned MRR)"},
      {"grr_12m", U::share, 1, kRates, 1, "Gross revenue retention, last 12 months",
       "trailing twelve months: Σ min(MRR now, MRR then) / Σ MRR then"},
      {"nrr_12m", U::rate, 1, kRates, 2, "Net revenue retention, last 12 months",
       "trailing twelve months: Σ MRR now / Σ MRR then"},
      {"gross_revenue_retention_horizon", U::share, 1, kRates, 3,
       "Gross revenue retention, whole period (customers of the first day)",
       "customers paying on the first day: Σ min(MRR at end, MRR then) / Σ MRR then"},
      {"net_revenue_retention_horizon", U::rate, 1, kRates, 4,
       "Net revenue retention, whole period (customers of the first day)",
       "customers paying on the first day: Σ MRR at end / Σ MRR then"},
      {"events", U::count, 0, kLifecycle, 8, "Events simulated", "fired events"},
  };
  return kRegistry;
}

const std::vector<SeriesDef>& series_registry() {
  static const std::vector<SeriesDef> kSeries = {
      {"mrr", U::money, "MRR at month end"},
      {"new_mrr", U::money, "MRR of customers paying for the first time"},
      {"expansion_mrr", U::money, "MRR gained by seats and editions (price moves apart)"},
      {"contraction_mrr", U::money, "MRR lost by seats and editions (price moves apart)"},
      {"price_expansion_mrr", U::money, "MRR gained by a subscription's own price at a renewal (P1)"},
      {"price_contraction_mrr", U::money, "MRR lost by a subscription's own price at a renewal (P1)"},
      {"churned_mrr", U::money, "MRR of customers whose MRR went to zero"},
      {"reactivation_mrr", U::money, "MRR of customers paying again after zero"},
      {"active_customers", U::count, "customers paying at month end"},
      {"active_subscriptions", U::count, "subscriptions paying at month end"},
      {"seats", U::count, "seats of the paying subscriptions at month end"},
      {"bookings", U::money, "invoiced in the month"},
      {"recognized_revenue", U::money, "revenue recognised in the month (daily, over each term)"},
      {"churned_customers", U::count, "customers whose MRR went to zero"},
      {"new_customers", U::count, "customers paying for the first time"},
      {"in_grace", U::count, "subscriptions in the grace window at month end"},
      {"deletions", U::count, "subscriptions deleted 60 days after expiry (E4)"},
      {"customers_start", U::count, "customers paying at the start of the month"},
      {"reactivated_customers", U::count, "customers paying again after zero"},
      {"churned_voluntary", U::count, "churned: their last subscription ended with auto-renew off"},
      {"churned_involuntary", U::count, "churned: a renewal failed (E5) and was not fixed"},
  };
  return kSeries;
}

const MetricDef* find_metric(std::string_view name) {
  for (const MetricDef& m : metric_registry())
    if (name == m.name) return &m;
  return nullptr;
}

const std::vector<const char*>& metric_groups() {
  static const std::vector<const char*> kGroups = {kRevenue, kCustomers, kRates, kLifecycle};
  return kGroups;
}

std::vector<const MetricDef*> metrics_of_group(std::string_view group) {
  std::vector<const MetricDef*> out;
  for (const MetricDef& m : metric_registry())
    if (group == m.group) out.push_back(&m);
  std::sort(out.begin(), out.end(),
            [](const MetricDef* a, const MetricDef* b) { return a->rank < b->rank; });
  return out;
}

}  // namespace subsim
