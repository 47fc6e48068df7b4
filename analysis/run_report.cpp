#include "analysis/run_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/csv.hpp"
#include "io/json.hpp"
#include "model/money.hpp"

namespace subsim {

namespace {

std::string fmt(double v, const char* f) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  std::string s = buf;
  if (s == "-0.00" || s == "-0.000000" || s == "-0") s.erase(0, 1);
  return s;
}

}  // namespace

std::string format_metric(double v, MetricColumn::Unit u) {
  if (std::isnan(v)) return "n/a";
  switch (u) {
    case MetricColumn::Unit::money:
      return fmt(v / 100.0, "%.2f");
    case MetricColumn::Unit::ratio:
      return fmt(v, "%.6f");
    case MetricColumn::Unit::count:
      if (std::fabs(v - std::round(v)) < 1e-9) return fmt(std::round(v), "%.0f");
      return fmt(v, "%.3f");
  }
  return "";
}

Support support_of(const std::string& metric, MetricColumn::Unit u) {
  switch (u) {
    case MetricColumn::Unit::count:
      return kCount;
    case MetricColumn::Unit::money:
      return kNonNegative;
    case MetricColumn::Unit::ratio:
      return metric.rfind("net_revenue_retention", 0) == 0 || metric == "nrr_12m" ||
                     metric == "quick_ratio"
                 ? kNonNegative
                 : kShare;
  }
  return {};
}

std::string interval_json(const Interval& i, MetricColumn::Unit u) {
  auto num = [&](double v, MetricColumn::Unit unit) {
    return std::isnan(v) ? std::string("null") : format_metric(v, unit);
  };
  const auto spread = u == MetricColumn::Unit::count ? MetricColumn::Unit::ratio : u;
  std::string ci = i.has_interval() ? "[" + num(i.low, spread) + ", " + num(i.high, spread) + "]"
                                    : std::string("null");
  return "{\"n\": " + std::to_string(i.n) + ", \"mean\": " + num(i.mean, u) +
         ", \"sd\": " + num(i.sd, spread) + ", \"ci95\": " + ci +
         ", \"zero_variance\": " + (i.zero_variance ? "true" : "false") + "}";
}

namespace {

// A ratio with an empty denominator is undefined (NaN): that replication is left out.
double ratio(double num, double den) {
  return den == 0 ? Interval::kNaN : num / den;
}

Interval interval_of(const MetricColumn& c) {
  return summary_interval(c.values, support_of(c.name, c.unit));
}

// The monthly logo churn rate over the whole period: Σ churned / Σ customers at month starts.
double logo_churn_rate(const RunMetrics& r) {
  double at_start = 0;
  for (int m = 0; m < r.months(); ++m) at_start += r.series(Series::customers_start, m);
  return ratio(static_cast<double>(r.totals().churned_customers), at_start);
}

double series_sum(const MonthlySeries& r, std::initializer_list<Series> list, int from, int to) {
  double v = 0;
  for (int m = from; m <= to; ++m)
    for (Series s : list) v += static_cast<double>(r.series(s, m));
  return v;
}

// SaaS quick ratio over months from … to: (new + expansion + reactivation) / (contraction +
// churned) MRR.
double quick_ratio(const MonthlySeries& r, int from, int to) {
  return ratio(series_sum(r, {Series::new_mrr, Series::expansion_mrr, Series::reactivation_mrr},
                          from, to),
               series_sum(r, {Series::contraction_mrr, Series::churned_mrr}, from, to));
}

// The derived monthly figures of timeseries.csv: name, unit, value of replication r in month m.
struct Derived {
  const char* name;
  MetricColumn::Unit unit;
  double (*value)(const MonthlySeries& r, int m);
};
const Derived kDerived[] = {
    {"grr_12m", MetricColumn::Unit::ratio,
     [](const MonthlySeries& r, int m) {
       return ratio(static_cast<double>(r.trailing(m).gross), static_cast<double>(r.trailing(m).base));
     }},
    {"nrr_12m", MetricColumn::Unit::ratio,
     [](const MonthlySeries& r, int m) {
       return ratio(static_cast<double>(r.trailing(m).net), static_cast<double>(r.trailing(m).base));
     }},
    {"arpa", MetricColumn::Unit::money,
     [](const MonthlySeries& r, int m) {
       return ratio(static_cast<double>(r.series(Series::mrr, m)),
                    static_cast<double>(r.series(Series::active_customers, m)));
     }},
    {"quick_ratio", MetricColumn::Unit::ratio,
     [](const MonthlySeries& r, int m) { return quick_ratio(r, m, m); }},
    {"ltv", MetricColumn::Unit::money,
     [](const MonthlySeries& r, int m) {
       // ARPA / that month's logo churn rate (ChartMogul's customer lifetime value).
       const double arpa = ratio(static_cast<double>(r.series(Series::mrr, m)),
                                 static_cast<double>(r.series(Series::active_customers, m)));
       return ratio(arpa, ratio(static_cast<double>(r.series(Series::churned_customers, m)),
                                static_cast<double>(r.series(Series::customers_start, m))));
     }},
};

}  // namespace

std::vector<MetricColumn> summary_metrics(const std::vector<RunMetrics>& reps) {
  using U = MetricColumn::Unit;
  std::vector<MetricColumn> cols;
  auto add = [&](const char* name, U unit, auto f) {
    MetricColumn c{name, unit, {}};
    for (const RunMetrics& r : reps) c.values.push_back(static_cast<double>(f(r)));
    cols.push_back(std::move(c));
  };
  auto last = [](const RunMetrics& r, Series s) { return r.series(s, r.months() - 1); };
  add("bookings", U::money, [](const RunMetrics& r) { return r.totals().bookings; });
  add("recognized_revenue", U::money,
      [](const RunMetrics& r) { return r.totals().recognized_revenue; });
  add("mrr_end", U::money, [&](const RunMetrics& r) { return last(r, Series::mrr); });
  add("arr_end", U::money, [&](const RunMetrics& r) { return 12 * last(r, Series::mrr); });
  add("customers_end", U::count,
      [&](const RunMetrics& r) { return last(r, Series::active_customers); });
  add("subscriptions_end", U::count,
      [&](const RunMetrics& r) { return last(r, Series::active_subscriptions); });
  add("seats_end", U::count, [&](const RunMetrics& r) { return last(r, Series::seats); });
  add("new_customers", U::count, [](const RunMetrics& r) { return r.totals().new_customers; });
  add("churned_customers", U::count,
      [](const RunMetrics& r) { return r.totals().churned_customers; });
  add("logo_churn_rate_monthly", U::ratio, [](const RunMetrics& r) { return logo_churn_rate(r); });
  add("gross_revenue_retention", U::ratio, [](const RunMetrics& r) {
    return ratio(r.totals().retention_gross_mrr, r.totals().retention_base_mrr);
  });
  add("net_revenue_retention", U::ratio, [](const RunMetrics& r) {
    return ratio(r.totals().retention_net_mrr, r.totals().retention_base_mrr);
  });
  add("reactivations", U::count, [](const RunMetrics& r) { return r.totals().reactivations; });
  add("deletions", U::count, [](const RunMetrics& r) { return r.totals().deletions; });
  add("grace_saves", U::count, [](const RunMetrics& r) { return r.totals().grace_saves; });
  add("late_notice_terms", U::count,
      [](const RunMetrics& r) { return r.totals().late_notice_terms; });
  add("late_notice_revenue", U::money,
      [](const RunMetrics& r) { return r.totals().late_notice_revenue; });
  add("rejected_orders", U::count, [](const RunMetrics& r) { return r.totals().rejected_orders; });
  add("handovers", U::count, [](const RunMetrics& r) { return r.totals().handovers; });
  add("trials_started", U::count, [](const RunMetrics& r) { return r.totals().trials_started; });
  add("trials_converted", U::count,
      [](const RunMetrics& r) { return r.totals().trials_converted; });
  // The finance team's figures (docs/outputs.md gives each formula and its ChartMogul name).
  add("customers_start", U::count,
      [](const RunMetrics& r) { return r.totals().opening_customers; });
  add("reactivated_customers", U::count,
      [](const RunMetrics& r) { return r.totals().reactivated_customers; });
  add("churned_voluntary", U::count,
      [](const RunMetrics& r) { return r.totals().churned_voluntary; });
  add("churned_involuntary", U::count,
      [](const RunMetrics& r) { return r.totals().churned_involuntary; });
  add("arpa", U::money, [&](const RunMetrics& r) {
    return ratio(static_cast<double>(last(r, Series::mrr)),
                 static_cast<double>(last(r, Series::active_customers)));
  });
  add("ltv", U::money, [&](const RunMetrics& r) {
    return ratio(ratio(static_cast<double>(last(r, Series::mrr)),
                       static_cast<double>(last(r, Series::active_customers))),
                 logo_churn_rate(r));
  });
  add("quick_ratio", U::ratio, [](const RunMetrics& r) { return quick_ratio(r.monthly(), 0, r.months() - 1); });
  add("grr_12m", U::ratio, [](const RunMetrics& r) { return kDerived[0].value(r.monthly(), r.months() - 1); });
  add("nrr_12m", U::ratio, [](const RunMetrics& r) { return kDerived[1].value(r.monthly(), r.months() - 1); });
  add("gross_revenue_retention_horizon", U::ratio, [](const RunMetrics& r) {
    return ratio(r.totals().retention_gross_mrr, r.totals().retention_base_mrr);
  });
  add("net_revenue_retention_horizon", U::ratio, [](const RunMetrics& r) {
    return ratio(r.totals().retention_net_mrr, r.totals().retention_base_mrr);
  });
  add("events", U::count, [](const RunMetrics& r) { return r.totals().events; });
  return cols;
}

std::string summary_json(const RunInfo& info, const std::vector<RunMetrics>& reps) {
  std::string j = "{\n";
  j += "  \"scenario\": \"" + json_escape(info.scenario) + "\",\n";
  j += "  \"seed\": " + std::to_string(info.seed) + ",\n";
  j += "  \"replications\": " + std::to_string(info.replications) + ",\n";
  j += "  \"start\": \"" + format_iso(info.start) + "\",\n";
  j += "  \"end\": \"" + format_iso(info.end) + "\",\n";
  j += "  \"policy\": \"" + json_escape(info.policy) + "\",\n";
  j += "  \"metrics\": {\n";
  auto cols = summary_metrics(reps);
  for (const MetricColumn& c : cols) {
    j += "    \"" + c.name + "\": " + interval_json(interval_of(c), c.unit) + ",\n";
    if (c.name == "rejected_orders") {
      j += "    \"rejected_by_rule\": {";
      bool first = true;
      for (int r = 1; r < kRuleCount; ++r) {
        std::vector<double> v;
        bool any = false;
        for (const RunMetrics& m : reps) {
          v.push_back(static_cast<double>(m.totals().rejected_by_rule[r]));
          any |= v.back() != 0;
        }
        if (!any) continue;
        j += first ? "\n" : ",\n";
        first = false;
        j += "      \"" + std::string(to_string(static_cast<RuleId>(r))) +
             "\": " + interval_json(summary_interval(v, kCount), MetricColumn::Unit::count);
      }
      j += first ? "},\n" : "\n    },\n";
    }
  }
  j.erase(j.size() - 2);  // the last ",\n"
  j += "\n  }\n}\n";
  return j;
}

namespace {

// The rows of one series set over replications, month by month: the series, then the derived
// figures. `segment` (none, or its dimension and value) goes after the metric's name.
void timeseries_rows(CsvWriter& out, Date start, const std::vector<const MonthlySeries*>& reps,
                     const std::vector<std::string>& segment) {
  if (reps.empty()) return;
  const int months = reps[0]->months;
  Eigen::MatrixXd m(static_cast<Eigen::Index>(reps.size()), kSeriesCount);
  const Date first(start.year(), start.month(), 1);
  auto row = [&](const std::string& label, const char* name, const Interval& iv,
                 MetricColumn::Unit unit) {
    std::vector<std::string> cells{label, name};
    cells.insert(cells.end(), segment.begin(), segment.end());
    for (double v : {iv.mean, iv.low, iv.high}) cells.push_back(format_metric(v, unit));
    cells.push_back(std::to_string(iv.n));
    out.row(cells);
  };
  for (int month = 0; month < months; ++month) {
    for (std::size_t r = 0; r < reps.size(); ++r)
      for (int s = 0; s < kSeriesCount; ++s)
        m(static_cast<Eigen::Index>(r), s) =
            static_cast<double>(reps[r]->series(static_cast<Series>(s), month));
    const std::string label = format_month(add_months_clamped(first, month));
    for (int s = 0; s < kSeriesCount; ++s) {
      auto unit = series_is_money(static_cast<Series>(s)) ? MetricColumn::Unit::money
                                                          : MetricColumn::Unit::count;
      row(label, series_name(static_cast<Series>(s)),
          summary_interval(m.col(s), support_of("", unit)), unit);
    }
    for (const Derived& d : kDerived) {
      std::vector<double> v;
      for (const MonthlySeries* r : reps) v.push_back(d.value(*r, month));
      row(label, d.name, summary_interval(v, support_of(d.name, d.unit)), d.unit);
    }
  }
}

}  // namespace

std::string timeseries_csv(const RunInfo& info, const std::vector<RunMetrics>& reps) {
  CsvWriter out({"month", "metric", "mean", "ci_low", "ci_high", "n"});
  std::vector<const MonthlySeries*> series;
  for (const RunMetrics& r : reps) series.push_back(&r.monthly());
  timeseries_rows(out, info.start, series, {});
  return out.take();
}

std::string timeseries_by_segment_csv(const RunInfo& info,
                                      const std::vector<SegmentMetrics>& reps) {
  CsvWriter out({"month", "metric", "segment", "value", "mean", "ci_low", "ci_high", "n"});
  if (reps.empty()) return out.take();
  for (int seg = 0; seg < reps[0].segments(); ++seg) {
    if (std::none_of(reps.begin(), reps.end(), [&](const SegmentMetrics& r) { return r.used(seg); }))
      continue;  // nothing happened in it in any replication
    std::vector<const MonthlySeries*> series;
    for (const SegmentMetrics& r : reps) series.push_back(&r.monthly(seg));
    timeseries_rows(out, info.start, series,
                    {std::string(to_string(reps[0].dimension(seg))), reps[0].value_name(seg)});
  }
  return out.take();
}

std::string cohorts_csv(const RunInfo& info, const std::vector<RunMetrics>& reps) {
  CsvWriter out(
      {"cohort", "months_since_start", "customers", "retained_share", "mrr", "mrr_retained_share"});
  if (reps.empty()) return out.take();
  int months = reps[0].months();
  double n = static_cast<double>(reps.size());
  Date first(info.start.year(), info.start.month(), 1);
  for (int c = 0; c < months; ++c) {
    double size = 0, start_mrr = 0;
    for (const RunMetrics& r : reps) {
      size += static_cast<double>(r.cohort_size(c));
      start_mrr += static_cast<double>(r.cohort_start_mrr(c));
    }
    if (size == 0) continue;
    std::string label = format_month(add_months_clamped(first, c));
    for (int age = 0; c + age < months; ++age) {
      double cust = 0, mrr = 0;
      for (const RunMetrics& r : reps) {
        cust += static_cast<double>(r.cohort_customers(c, age));
        mrr += static_cast<double>(r.cohort_mrr(c, age));
      }
      // Shares pool the replications: Σ retained / Σ cohort size.
      out.row({label, std::to_string(age), format_metric(cust / n, MetricColumn::Unit::count),
               fmt(ratio(cust, size), "%.6f"), format_metric(mrr / n, MetricColumn::Unit::money),
               fmt(ratio(mrr, start_mrr), "%.6f")});
    }
  }
  return out.take();
}

std::string survival_csv(const std::vector<RunMetrics>& reps) {
  CsvWriter out({"day", "at_risk", "events", "survival", "ci_low", "ci_high"});
  if (reps.empty()) return out.take();
  std::size_t days = reps[0].survival_events().size();
  std::vector<double> ev(days, 0), cens(days, 0);
  double at_risk = 0;
  for (const RunMetrics& r : reps)
    for (std::size_t d = 0; d < days; ++d) {
      ev[d] += static_cast<double>(r.survival_events()[d]);
      cens[d] += static_cast<double>(r.survival_censored()[d]);
      at_risk += static_cast<double>(r.survival_events()[d] + r.survival_censored()[d]);
    }
  // Kaplan–Meier with Greenwood's variance, pooled over replications.
  double s = 1, greenwood = 0;
  out.row({"0", fmt(at_risk, "%.0f"), "0", "1.000000", "1.000000", "1.000000"});
  for (std::size_t d = 0; d < days; ++d) {
    if (ev[d] > 0 && at_risk > 0) {
      s *= 1 - ev[d] / at_risk;
      if (at_risk > ev[d]) greenwood += ev[d] / (at_risk * (at_risk - ev[d]));
      double half = 1.959963984540054 * s * std::sqrt(greenwood);
      out.row({std::to_string(d), fmt(at_risk, "%.0f"), fmt(ev[d], "%.0f"), fmt(s, "%.6f"),
               fmt(std::max(0.0, s - half), "%.6f"), fmt(std::min(1.0, s + half), "%.6f")});
    }
    at_risk -= ev[d] + cens[d];
  }
  return out.take();
}

std::string replications_csv(const std::vector<VariantReplications>& variants) {
  CsvWriter out({"variant", "replication", "metric", "value"});
  for (const VariantReplications& v : variants) {
    auto cols = summary_metrics(*v.replications);
    for (std::size_t r = 0; r < v.replications->size(); ++r)
      for (const MetricColumn& c : cols)
        out.row({v.variant, std::to_string(r), c.name, format_metric(c.values[r], c.unit)});
  }
  return out.take();
}

std::string summary_text(const RunInfo& info, const std::vector<RunMetrics>& reps) {
  std::string out = info.scenario + " (policy " + info.policy + "), " + format_iso(info.start) +
                    " .. " + format_iso(info.end) + ", " + std::to_string(info.replications) +
                    " replication(s), seed " + std::to_string(info.seed) + "\n";
  for (const MetricColumn& c : summary_metrics(reps)) {
    Interval i = interval_of(c);
    std::string ci = "n/a";
    if (i.has_interval())
      ci = "[" + format_metric(i.low, c.unit) + ", " + format_metric(i.high, c.unit) + "]";
    if (i.zero_variance) ci += " (no variation)";
    if (i.n < static_cast<int>(c.values.size()) && i.n > 0)
      ci += " (" + std::to_string(i.n) + " of " + std::to_string(c.values.size()) +
            " replications: undefined in the others)";
    if (i.n == 0) ci = "n/a (undefined in every replication)";
    char buf[240];
    std::snprintf(buf, sizeof buf, "  %-26s %14s  %s\n", c.name.c_str(),
                  format_metric(i.mean, c.unit).c_str(), ci.c_str());
    out += buf;
  }
  if (info.replications < 2) out += "  (one replication: no intervals; use --replications 2 or more)\n";
  return out;
}

}  // namespace subsim
