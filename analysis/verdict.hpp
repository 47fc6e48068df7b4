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
// for money). Judged on a one-sided 95 % interval of the slack (bound − value per replication;
// paired with the reference's replications under common random numbers, else Welch): met with
// 95 % confidence, not met with 95 % confidence, or uncertain. A variant competes unless a
// constraint is not met.
struct Constraint {
  std::string text, metric;
  enum class Op { le, lt, ge, gt } op = Op::le;
  bool relative = false;  // bound = value × the reference's mean
  double value = 0;
};
enum class ConstraintOutcome { met, uncertain, not_met };  // worse last
ConstraintOutcome judge_constraint(const Constraint& c, const std::vector<ComparisonRow>& rows,
                                   const std::string& policy);
const char* to_string(ConstraintOutcome o);

// nullopt and `error` set if `text` is not a constraint.
std::optional<Constraint> parse_constraint(const std::string& text, std::string& error);

// The outcome of selecting the best with a guarantee (KN, stats/kn_selection.hpp) on the
// verdict's metric, as compare --replications auto --min-effect runs it.
struct Selection {
  bool done = false;                  // one variant left: the selected
  std::vector<std::string> left;      // the variants still in contention (the selected when done)
  std::vector<std::string> excluded;  // a constraint not met at the first stage: not contending
  double delta = Interval::kNaN;      // the smallest difference that matters, in the metric's unit
  double delta_share = Interval::kNaN;  // the same as a share of the reference's mean, if so given
  double alpha = 0.05;
  int replications = 0;  // run (the intervals rest on them all)
  int decided_at = 0;    // the replication at which KN selected (≤ replications; 0 if not)
  int bound = 0;         // by which every pair would be decided
  bool by_constraints = false;  // one variant left by the constraints alone: KN did not run
  std::string problem;   // why KN could not select (then the verdict is the fixed-sample one)
};

struct Verdict {
  std::string line;   // the answer, one line
  std::string table;  // variant, M, difference, %, interval, p (Holm), constraints met
};

// `rows` as compare_policies returns them (the reference first within each metric). Throws
// std::invalid_argument naming an unknown metric.
// With `selection` (and no problem in it) the line says what KN selected: "X is best on M",
// "No variant is clearly better than REF on M", or "X and Y cannot be told apart on M".
Verdict verdict(const std::vector<ComparisonRow>& rows, const std::string& metric, bool maximize,
                const std::vector<Constraint>& constraints, bool ranked = false,
                const Selection* selection = nullptr);

// Without a question: for each headline metric (recognised revenue, bookings, MRR at the end,
// net revenue retention, churned customers, logo churn rate — each in its good direction) the
// verdict's line and the variants ranked best first.
std::string ranked_headlines(const std::vector<ComparisonRow>& rows);

}  // namespace subsim
