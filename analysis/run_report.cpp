#include "analysis/run_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/csv.hpp"
#include "io/json_writer.hpp"
#include "model/money.hpp"
#include "model/number_format.hpp"

namespace subsim {

double ratio(double num, double den) {
  return den == 0 ? Interval::kNaN : num / den;
}

Support support_of(MetricUnit u) {
  switch (u) {
    case MetricUnit::count:
      return kCount;
    case MetricUnit::share:
      return kShare;
    case MetricUnit::money:
    case MetricUnit::rate:
    case MetricUnit::ratio:
      return kNonNegative;
  }
  return {};
}

namespace {

// A metric's interval as summary.json writes it, on one line:
// {"n": N, "mean": M, "sd": S, "ci95": [L, H], "zero_variance": false}, with null for what is
// undefined (mean with n = 0; sd and ci95 with n < 2).
void interval_json(JsonWriter& w, const Interval& i, MetricUnit u) {
  auto num = [&](double v, MetricUnit unit) {
    w.number_text(std::isnan(v) ? std::string("null") : value_text(v, unit));
  };
  const auto spread = u == MetricUnit::count ? MetricUnit::ratio : u;
  w.object(JsonWriter::Layout::line).key("n").integer(i.n).key("mean");
  num(i.mean, u);
  w.key("sd");
  num(i.sd, spread);
  w.key("ci95");
  if (i.has_interval()) {
    w.array();
    num(i.low, spread);
    num(i.high, spread);
    w.end();
  } else {
    w.null();
  }
  w.key("zero_variance").boolean(i.zero_variance).end();
}



// The monthly logo churn rate over the whole period: Σ churned / Σ customers at month starts.
double logo_churn_rate(const RunMetrics& r) {
  double at_start = 0;
  for (int m = 0; m < r.months(); ++m) at_start += r.series(Series::customers_start, m);
  return ratio(static_cast<double>(r.series_total(Series::churned_customers)), at_start);
}

double series_sum(const MonthlySeries& r, std::initializer_list<Series> list, int from, int to) {
  double v = 0;
  for (int m = from; m <= to; ++m)
    for (Series s : list) v += static_cast<double>(r.series(s, m));
  return v;
}

// SaaS quick ratio over months from … to: (new + expansion + price expansion + reactivation) /
// (contraction + price contraction + churned) MRR.
double quick_ratio(const MonthlySeries& r, int from, int to) {
  return ratio(series_sum(r, {Series::new_mrr, Series::expansion_mrr, Series::price_expansion_mrr,
                              Series::reactivation_mrr},
                          from, to),
               series_sum(r, {Series::contraction_mrr, Series::price_contraction_mrr,
                              Series::churned_mrr},
                          from, to));
}

// A ratio of sums, pooled over replications for its figure: each ratio's numerator,
// denominator and power in one replication.
struct RatioPart {
  double num, den;
  int power;
};
using Parts = std::vector<RatioPart>;

// Month m's LTV as a ratio of sums: (MRR / customers) / (churned / customers at the start).
Parts monthly_ltv_parts(const MonthlySeries& r, int m) {
  return {{static_cast<double>(r.series(Series::mrr, m)),
           static_cast<double>(r.series(Series::active_customers, m)), 1},
          {static_cast<double>(r.series(Series::churned_customers, m)),
           static_cast<double>(r.series(Series::customers_start, m)), -1}};
}
// Month m's quick ratio: MRR gained / MRR lost that month.
Parts monthly_quick_ratio_parts(const MonthlySeries& r, int m) {
  return {{series_sum(r, {Series::new_mrr, Series::expansion_mrr, Series::price_expansion_mrr,
                          Series::reactivation_mrr},
                      m, m),
           series_sum(r, {Series::contraction_mrr, Series::price_contraction_mrr,
                          Series::churned_mrr},
                      m, m),
           1}};
}

// The derived monthly figures of timeseries.csv: name (a metric of the registry, which gives its
// unit), value of replication r in month m, and — for a ratio of sums pooled over replications
// (LTV, the quick ratio, as in summary.json) — its parts.
struct Derived {
  const char* name;
  double (*value)(const MonthlySeries& r, int m);
  Parts (*parts)(const MonthlySeries& r, int m) = nullptr;
};
const Derived kDerived[] = {
    {"grr_12m",
     [](const MonthlySeries& r, int m) {
       return ratio(static_cast<double>(r.trailing(m).gross), static_cast<double>(r.trailing(m).base));
     }},
    {"nrr_12m",
     [](const MonthlySeries& r, int m) {
       return ratio(static_cast<double>(r.trailing(m).net), static_cast<double>(r.trailing(m).base));
     }},
    {"arpa",
     [](const MonthlySeries& r, int m) {
       return ratio(static_cast<double>(r.series(Series::mrr, m)),
                    static_cast<double>(r.series(Series::active_customers, m)));
     }},
    {"quick_ratio",
     [](const MonthlySeries& r, int m) { return quick_ratio(r, m, m); }, monthly_quick_ratio_parts},
    {"ltv",
     [](const MonthlySeries& r, int m) {
       // ARPA / that month's logo churn rate (ChartMogul's customer lifetime value).
       const double arpa = ratio(static_cast<double>(r.series(Series::mrr, m)),
                                 static_cast<double>(r.series(Series::active_customers, m)));
       return ratio(arpa, ratio(static_cast<double>(r.series(Series::churned_customers, m)),
                                static_cast<double>(r.series(Series::customers_start, m))));
     },
     monthly_ltv_parts},
};

}  // namespace

namespace {

double last(const RunMetrics& r, Series s) { return r.series(s, r.months() - 1); }
double total(std::int64_t v) { return static_cast<double>(v); }
// Revenue retention over the whole period of the customers paying on its first day:
// Σ min(MRR at end, MRR then) / Σ MRR then (gross), Σ MRR at end / Σ MRR then (net).
double whole_period_retention(const RunMetrics& r, bool net) {
  const RunTotals& t = r.totals();
  return ratio(total(net ? t.retention_net_mrr : t.retention_gross_mrr), total(t.retention_base_mrr));
}

// How each metric of the registry (model/metric.hpp) is computed from one replication's
// merged totals and monthly series. docs/outputs.md gives each formula.
// A ratio of sums gives its parts too (numerator, denominator, power per ratio), pooled over
// replications for its figure.
struct Computation {
  const char* name;
  double (*value)(const RunMetrics& r);
  Parts (*parts)(const RunMetrics& r) = nullptr;
};

// LTV = ARPA / the monthly logo churn rate = (MRR / customers at the end) / (Σ churned / Σ
// customers at month starts).
Parts ltv_parts(const RunMetrics& r) {
  double at_start = 0;
  for (int m = 0; m < r.months(); ++m) at_start += r.series(Series::customers_start, m);
  return {{last(r, Series::mrr), last(r, Series::active_customers), 1},
          {total(r.series_total(Series::churned_customers)), at_start, -1}};
}

// Quick ratio = MRR gained / MRR lost over the whole period.
Parts quick_ratio_parts(const RunMetrics& r) {
  const int to = r.months() - 1;
  return {{series_sum(r.monthly(), {Series::new_mrr, Series::expansion_mrr,
                                    Series::price_expansion_mrr, Series::reactivation_mrr},
                      0, to),
           series_sum(r.monthly(), {Series::contraction_mrr, Series::price_contraction_mrr,
                                    Series::churned_mrr},
                      0, to),
           1}};
}
const Computation kComputations[] = {
    {"bookings", [](const RunMetrics& r) { return total(r.series_total(Series::bookings)); }},
    {"recognized_revenue", [](const RunMetrics& r) { return total(r.series_total(Series::recognized_revenue)); }},
    {"mrr_end", [](const RunMetrics& r) { return last(r, Series::mrr); }},
    {"arr_end", [](const RunMetrics& r) { return 12 * last(r, Series::mrr); }},
    {"customers_end", [](const RunMetrics& r) { return last(r, Series::active_customers); }},
    {"subscriptions_end", [](const RunMetrics& r) { return last(r, Series::active_subscriptions); }},
    {"seats_end", [](const RunMetrics& r) { return last(r, Series::seats); }},
    {"new_customers", [](const RunMetrics& r) { return total(r.series_total(Series::new_customers)); }},
    {"churned_customers", [](const RunMetrics& r) { return total(r.series_total(Series::churned_customers)); }},
    {"logo_churn_rate_monthly", [](const RunMetrics& r) { return logo_churn_rate(r); }},
    {"gross_revenue_retention", [](const RunMetrics& r) { return whole_period_retention(r, false); }},
    {"net_revenue_retention", [](const RunMetrics& r) { return whole_period_retention(r, true); }},
    {"reactivations", [](const RunMetrics& r) { return total(r.totals().reactivations); }},
    {"deletions", [](const RunMetrics& r) { return total(r.totals().deletions); }},
    {"grace_saves", [](const RunMetrics& r) { return total(r.totals().grace_saves); }},
    {"late_notice_terms", [](const RunMetrics& r) { return total(r.totals().late_notice_terms); }},
    {"late_notice_revenue",
     [](const RunMetrics& r) { return total(r.totals().late_notice_revenue); }},
    {"rejected_orders", [](const RunMetrics& r) { return total(r.totals().rejected_orders); }},
    {"handovers", [](const RunMetrics& r) { return total(r.totals().handovers); }},
    {"trials_started", [](const RunMetrics& r) { return total(r.totals().trials_started); }},
    {"trials_converted", [](const RunMetrics& r) { return total(r.totals().trials_converted); }},
    {"customers_start", [](const RunMetrics& r) { return total(r.totals().opening_customers); }},
    {"reactivated_customers",
     [](const RunMetrics& r) { return total(r.series_total(Series::reactivated_customers)); }},
    {"churned_voluntary", [](const RunMetrics& r) { return total(r.series_total(Series::churned_voluntary)); }},
    {"churned_involuntary",
     [](const RunMetrics& r) { return total(r.series_total(Series::churned_involuntary)); }},
    {"arpa",
     [](const RunMetrics& r) {
       return ratio(last(r, Series::mrr), last(r, Series::active_customers));
     }},
    {"ltv",
     [](const RunMetrics& r) {
       return ratio(ratio(last(r, Series::mrr), last(r, Series::active_customers)),
                    logo_churn_rate(r));
     },
     ltv_parts},
    {"quick_ratio", [](const RunMetrics& r) { return quick_ratio(r.monthly(), 0, r.months() - 1); },
     quick_ratio_parts},
    {"grr_12m", [](const RunMetrics& r) { return kDerived[0].value(r.monthly(), r.months() - 1); }},
    {"nrr_12m", [](const RunMetrics& r) { return kDerived[1].value(r.monthly(), r.months() - 1); }},
    {"gross_revenue_retention_horizon",
     [](const RunMetrics& r) { return whole_period_retention(r, false); }},
    {"net_revenue_retention_horizon",
     [](const RunMetrics& r) { return whole_period_retention(r, true); }},
    {"events", [](const RunMetrics& r) { return total(r.totals().events); }},
};

}  // namespace

std::vector<std::string> metrics_without_computation() {
  std::vector<std::string> out;
  for (const MetricDef& m : metric_registry())
    if (std::none_of(std::begin(kComputations), std::end(kComputations),
                     [&](const Computation& c) { return std::string_view(c.name) == m.name; }))
      out.push_back(m.name);
  for (const Computation& c : kComputations)
    if (!find_metric(c.name)) out.push_back(std::string(c.name) + " (not in the registry)");
  return out;
}

Interval column_interval(const MetricColumn& c) {
  if (!c.parts.ratios.empty()) return pooled_ratio_interval(c.parts);
  return summary_interval(c.values, support_of(c.unit));
}

std::vector<MetricColumn> summary_metrics(const std::vector<RunMetrics>& reps) {
  std::vector<MetricColumn> cols;
  for (const MetricDef& m : metric_registry()) {
    const Computation* f = nullptr;
    for (const Computation& c : kComputations)
      if (std::string_view(c.name) == m.name) f = &c;
    if (!f) continue;  // metrics_without_computation() names it; a test fails on it
    MetricColumn col{m.name, m.unit, {}, {}};
    for (const RunMetrics& r : reps) col.values.push_back(f->value(r));
    if (f->parts) {
      for (const RunMetrics& r : reps) {
        const Parts parts = f->parts(r);
        col.parts.ratios.resize(parts.size());
        for (std::size_t k = 0; k < parts.size(); ++k) {
          col.parts.ratios[k].num.push_back(parts[k].num);
          col.parts.ratios[k].den.push_back(parts[k].den);
          col.parts.ratios[k].power = parts[k].power;
        }
      }
    }
    cols.push_back(std::move(col));
  }
  return cols;
}

std::string summary_json(const RunInfo& info, const std::vector<RunMetrics>& reps) {
  JsonWriter w;
  w.object().key("scenario").string(info.scenario);
  w.key("seed").number_text(std::to_string(info.seed));
  w.key("replications").integer(info.replications);
  w.key("start").string(format_iso(info.start)).key("end").string(format_iso(info.end));
  w.key("policy").string(info.policy).key("metrics").object();
  for (const MetricColumn& c : summary_metrics(reps)) {
    interval_json(w.key(c.name), column_interval(c), c.unit);
    if (c.name != "rejected_orders") continue;
    w.key("rejected_by_rule").object();
    for (int r = 1; r < kRuleCount; ++r) {
      std::vector<double> v;
      bool any = false;
      for (const RunMetrics& m : reps) {
        v.push_back(static_cast<double>(m.totals().rejected_by_rule[r]));
        any |= v.back() != 0;
      }
      if (any)
        interval_json(w.key(to_string(static_cast<RuleId>(r))), summary_interval(v, kCount),
                      MetricUnit::count);
    }
    w.end();
  }
  return w.end().end().finish();
}

namespace {

// The rows of one series set over replications, month by month: the series, then the derived
// figures. `segment` (none, or its dimension and value) goes after the metric's name.
void timeseries_rows(CsvWriter& out, Date start, const std::vector<const MonthlySeries*>& reps,
                     const std::vector<std::string>& segment) {
  if (reps.empty()) return;
  const int months = reps[0]->months;
  std::vector<double> column(reps.size());
  const Date first(start.year(), start.month(), 1);
  auto row = [&](const std::string& label, const char* name, const Interval& iv,
                 MetricUnit unit) {
    std::vector<std::string> cells{label, name};
    cells.insert(cells.end(), segment.begin(), segment.end());
    for (double v : {iv.mean, iv.low, iv.high}) cells.push_back(value_text(v, unit));
    cells.push_back(std::to_string(iv.n));
    out.row(cells);
  };
  for (int month = 0; month < months; ++month) {
    const std::string label = format_month(add_months_clamped(first, month));
    for (int s = 0; s < kSeriesCount; ++s) {
      for (std::size_t r = 0; r < reps.size(); ++r)
        column[r] = static_cast<double>(reps[r]->series(static_cast<Series>(s), month));
      const MetricUnit unit = series_unit(static_cast<Series>(s));
      row(label, series_name(static_cast<Series>(s)), summary_interval(column, support_of(unit)),
          unit);
    }
    for (const Derived& d : kDerived) {
      const MetricUnit unit = find_metric(d.name)->unit;
      if (d.parts) {  // pooled: the sums of every replication, then the ratio
        PooledParts pooled;
        for (const MonthlySeries* r : reps) {
          const Parts parts = d.parts(*r, month);
          pooled.ratios.resize(parts.size());
          for (std::size_t k = 0; k < parts.size(); ++k) {
            pooled.ratios[k].num.push_back(parts[k].num);
            pooled.ratios[k].den.push_back(parts[k].den);
            pooled.ratios[k].power = parts[k].power;
          }
        }
        row(label, d.name, pooled_ratio_interval(pooled), unit);
        continue;
      }
      std::vector<double> v;
      for (const MonthlySeries* r : reps) v.push_back(d.value(*r, month));
      row(label, d.name, summary_interval(v, support_of(unit)), unit);
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

std::string replications_csv(const std::vector<VariantReplications>& variants) {
  CsvWriter out({"variant", "replication", "metric", "value"});
  for (const VariantReplications& v : variants) {
    auto cols = summary_metrics(*v.replications);
    for (std::size_t r = 0; r < v.replications->size(); ++r)
      for (const MetricColumn& c : cols)
        out.row({v.variant, std::to_string(r), c.name, value_text(c.values[r], c.unit)});
  }
  return out.take();
}

namespace {

// A metric's value for the terminal, in a finance reader's units (the report's display_text):
// money in currency units with thousands grouped, counts whole (a mean of counts to one
// decimal), shares and rates in percent.
std::string terminal_value(double v, MetricUnit u) {
  return display_text(u == MetricUnit::money ? v / 100.0 : v, u);
}

// One metric's line: its label, mean, 95 % interval (or why there is none) and name.
std::string summary_line(const MetricDef& m, const MetricColumn& c, std::size_t label_width) {
  const Interval i = column_interval(c);
  std::string ci = "n/a";
  if (i.zero_variance)
    ci = "(no variation)";
  else if (i.has_interval())
    ci = "[" + terminal_value(i.low, c.unit) + ", " + terminal_value(i.high, c.unit) + "]";
  if (i.n < static_cast<int>(c.values.size()) && i.n > 0)
    ci += " (" + std::to_string(i.n) + " of " + std::to_string(c.values.size()) +
          " replications: undefined in the others)";
  if (i.n == 0) ci = "n/a (undefined in every replication)";
  return "  " + pad_columns(m.label, label_width) + pad_columns(terminal_value(i.mean, c.unit), 12, true) + "  " +
         pad_columns(ci, 26) + "  " + m.name + "\n";
}

}  // namespace

std::string summary_text(const RunInfo& info, const std::vector<RunMetrics>& reps) {
  std::string out = info.scenario + " (policy " + info.policy + "), " + format_iso(info.start) +
                    " .. " + format_iso(info.end) + ", " + std::to_string(info.replications) +
                    (info.replications == 1 ? " replication" : " replications") + ", seed " +
                    std::to_string(info.seed) + "\n";
  const std::vector<MetricColumn> columns = summary_metrics(reps);
  std::size_t width = 0;
  for (const MetricDef& m : metric_registry()) width = std::max(width, std::string(m.label).size());
  width = std::min<std::size_t>(width, 62) + 2;
  // The registry's groups in the report's order (GRR and NRR over 12 months before the whole
  // period's); aliases, which repeat a metric under an earlier name, are left out.
  for (const char* group : metric_groups()) {
    out += std::string(group) + "\n";
    for (const MetricDef* m : metrics_of_group(group))
      for (const MetricColumn& c : columns)
        if (c.name == m->name) out += summary_line(*m, c, width);
  }
  if (info.replications < 2) out += "  (one replication: no intervals; use --replications 2 or more)\n";
  return out;
}

}  // namespace subsim
