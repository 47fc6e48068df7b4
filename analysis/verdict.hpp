// The answer to a planner's question — "which variant wins on M, without breaking C?" — from
// the rows of a comparison: the best variant that meets every constraint, its difference to the
// reference with the paired interval (in units and in %), the replications it rests on, whether
// the win is significant after Holm's correction over the variants compared, and its
// difference to the runner-up (the second best meeting the constraints) with its p-value. The
// line starts "Best on M" only when both are significant; else "No significant winner on M"
// (not above the reference) or "No clear winner on M" (not separated from the runner-up).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"

namespace subsim {

// "M<=ref*1.02", "churned_customers<ref", "mrr_end>=150000": a metric, a comparison and a bound
// — a factor of the reference's mean, or a number in the metric's output units (currency units
// for money). A variant meets it when its mean does.
struct Constraint {
  std::string text, metric;
  enum class Op { le, lt, ge, gt } op = Op::le;
  bool relative = false;  // bound = value × the reference's mean
  double value = 0;
};
// nullopt and `error` set if `text` is not a constraint.
std::optional<Constraint> parse_constraint(const std::string& text, std::string& error);

struct Verdict {
  std::string line;   // the answer, one line
  std::string table;  // variant, M, difference, %, interval, p (Holm), constraints met
};

// `rows` as compare_policies returns them (the reference first within each metric). Throws
// std::invalid_argument naming an unknown metric.
Verdict verdict(const std::vector<ComparisonRow>& rows, const std::string& metric, bool maximize,
                const std::vector<Constraint>& constraints, bool ranked = false);

// Without a question: for each headline metric (recognised revenue, bookings, MRR at the end,
// net revenue retention, churned customers, logo churn rate — each in its good direction) the
// verdict's line and the variants ranked best first.
std::string ranked_headlines(const std::vector<ComparisonRow>& rows);

}  // namespace subsim
