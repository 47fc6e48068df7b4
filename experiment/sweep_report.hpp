// The files of a finished sweep, from its records sorted by (point, replication).
#pragma once
#include <string>
#include <vector>

#include "analysis/run_report.hpp"
#include "experiment/sweep_design.hpp"
#include "experiment/sweep_journal.hpp"

namespace subsim {

struct SweepMetric {
  std::string name;
  MetricUnit unit;
  int month = 0;  // SERIES@MONTH (1-based): a monthly series at that month; 0 otherwise
  Series series = Series::mrr;
};
// The scalar metrics a sweep records (summary.json's, without the per-rule object), and
// monthly series at a month asked for by name: `mrr@12` is the MRR at the end of month 12
// (timeseries.csv's series names; months 1 … 1200).
std::vector<SweepMetric> sweep_metrics(const std::vector<std::string>& only = {});

// Sorted, one record per (point, replication); throws if any is missing.
std::vector<SweepRecord> complete_records(std::vector<SweepRecord> records, std::size_t points,
                                          int replications);

std::string results_csv(const std::vector<SweepRecord>& records,
                        const std::vector<SweepMetric>& metrics);
// point, the parameters' columns, metric, mean, ci_low, ci_high, n.
std::string sweep_summary_csv(const std::vector<SweepRecord>& records,
                              const std::vector<SweepMetric>& metrics, const SweepPoints& design,
                              int replications);
// sensitivity.csv (sobol): first-order and total indices per metric and parameter.
// `second_order`: the design has Saltelli's BA rows (A, AB…, BA…, B per base sample).
std::string sensitivity_csv(const std::vector<SweepRecord>& records,
                            const std::vector<SweepMetric>& metrics, const SweepPoints& design,
                            int replications, std::uint64_t seed, bool second_order = false);
// sensitivity_second_order.csv (sobol, second_order: true):
// metric,parameter_1,parameter_2,second_order,ci_low,ci_high — every pair of parameters.
std::string second_order_csv(const std::vector<SweepRecord>& records,
                             const std::vector<SweepMetric>& metrics, const SweepPoints& design,
                             int replications, std::uint64_t seed);

}  // namespace subsim
