// Policy comparison: each metric per policy, and its difference to the reference policy with a
// paired-t interval (common random numbers) or, for independent streams, Welch's interval.
#pragma once
#include <string>
#include <vector>

#include "analysis/interval.hpp"
#include "analysis/run_report.hpp"

namespace subsim {

struct PolicyRun {
  std::string name;
  std::vector<RunMetrics> replications;
};

struct ComparisonRow {
  std::string metric, policy;
  MetricColumn::Unit unit;
  Interval value;
  Interval diff;  // to the reference (the first policy); zero for the reference itself
};

// paired = true: replication r of every policy used the same random numbers.
std::vector<ComparisonRow> compare_policies(const std::vector<PolicyRun>& runs, bool paired);

// Welch's interval for the difference of two means from independent samples.
Interval welch_interval(const std::vector<double>& a, const std::vector<double>& b,
                        double level = 0.95);

std::string compare_csv(const std::vector<ComparisonRow>& rows);
// A table for stdout; '*' marks differences whose interval excludes 0.
std::string compare_text(const std::vector<ComparisonRow>& rows);

}  // namespace subsim
