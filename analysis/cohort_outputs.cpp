// cohorts.csv and survival.csv (declared in run_report.hpp): the cohorts' retention and the
// customers' Kaplan–Meier survival, pooled over replications; and the list of a run's files.
#include <algorithm>
#include <cmath>

#include "analysis/run_report.hpp"
#include "io/csv.hpp"
#include "model/number_format.hpp"

namespace subsim {

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
      out.row({label, std::to_string(age), value_text(cust / n, MetricUnit::count),
               fixed_text(ratio(cust, size), 6), value_text(mrr / n, MetricUnit::money),
               fixed_text(ratio(mrr, start_mrr), 6)});
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
  out.row({"0", fixed_text(at_risk, 0), "0", "1.000000", "1.000000", "1.000000"});
  for (std::size_t d = 0; d < days; ++d) {
    if (ev[d] > 0 && at_risk > 0) {
      s *= 1 - ev[d] / at_risk;
      if (at_risk > ev[d]) greenwood += ev[d] / (at_risk * (at_risk - ev[d]));
      double half = kZ95 * s * std::sqrt(greenwood);
      out.row({std::to_string(d), fixed_text(at_risk, 0), fixed_text(ev[d], 0), fixed_text(s, 6),
               fixed_text(std::max(0.0, s - half), 6), fixed_text(std::min(1.0, s + half), 6)});
    }
    at_risk -= ev[d] + cens[d];
  }
  return out.take();
}

std::vector<OutputText> run_files(const RunInfo& info, const std::vector<RunMetrics>& reps,
                                  const std::vector<SegmentMetrics>* segments) {
  std::vector<OutputText> files;
  files.push_back({"summary.json", summary_json(info, reps)});
  files.push_back({"replications.csv", replications_csv({{info.policy, &reps}})});
  files.push_back({"timeseries.csv", timeseries_csv(info, reps)});
  if (segments)
    files.push_back({"timeseries_by_segment.csv", timeseries_by_segment_csv(info, *segments)});
  files.push_back({"cohorts.csv", cohorts_csv(info, reps)});
  files.push_back({"survival.csv", survival_csv(reps)});
  return files;
}

}  // namespace subsim
