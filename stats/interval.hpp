// Mean, standard deviation and 95 % interval over replications.
//
// A replication may leave a metric undefined (a ratio with an empty denominator): it is NaN in
// the values and left out; `n` says how many replications a figure rests on. With no defined
// value the mean is NaN ("n/a"); with one, there is no interval (sd, low, high are NaN): an
// interval needs two replications. summary_interval() also keeps the interval inside what the
// quantity can be (Support) — see its comment for the method.
#pragma once
#include <limits>
#include <span>

#include "model/estimate.hpp"

namespace subsim {

struct Interval {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double mean = kNaN;
  double sd = kNaN;
  double low = kNaN;
  double high = kNaN;
  int n = 0;                   // replications with a defined value
  bool zero_variance = false;  // n >= 2 and every value equal: the interval is not certainty
  bool has_interval() const { return n >= 2; }
  Estimate estimate() const { return {mean, low, high}; }
};

// The standard normal's 97.5 % quantile: the half-width of a 95 % normal interval in SEs.
inline constexpr double kZ95 = 1.959963984540054;

// What a quantity can be: its range, and whether each replication's value is a count of events.
struct Support {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool count = false;
};
inline constexpr Support kNonNegative{0.0, std::numeric_limits<double>::infinity(), false};
inline constexpr Support kCount{0.0, std::numeric_limits<double>::infinity(), true};
inline constexpr Support kShare{0.0, 1.0, false};

// Student-t interval over the finite entries of `values` (one per replication).
Interval t_interval(std::span<const double> values, double level = 0.95);

// The interval the output files report: Student-t over the defined replications, then
// - clipped to the quantity's range (a bound outside it is impossible, so clipping cannot lower
//   the coverage; counts and money never get a negative lower bound, shares stay in [0, 1]);
// - when every replication gave the same value it is flagged zero_variance; for a count c in
//   every replication (the t interval would be [c, c], and [0, 0] for a rare event never seen)
//   it is the exact Poisson (Garwood) interval for the mean of n counts summing to S = n·c:
//   [χ²(α/2; 2S) / 2n, χ²(1 − α/2; 2S + 2) / 2n] — [0, 3.689 / n] when S = 0 — as long as
//   Poisson counts of mean c come out all equal with probability ≥ 1 % (poisson_all_equal);
//   below that the count is a constant of the scenario and stays [c, c] (customers at the
//   start: nothing uncertain); a money amount or a share stays [c, c], flagged.
// Coverage is tested on Poisson and Bernoulli samples (tests/stats/interval_test.cpp).
Interval summary_interval(std::span<const double> values, Support support, double level = 0.95);

// The probability that n Poisson counts of mean c are all equal: Σₖ P(k)ⁿ.
double poisson_all_equal(double c, int n);

// Quantile of Student's t; real degrees of freedom are allowed (Welch).
double student_t_quantile(double p, double dof);

}  // namespace subsim
