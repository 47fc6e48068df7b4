// A ratio of sums over replications, pooled: LTV (ARPA over the logo churn rate) and the quick
// ratio are Π_k (Σ_r num_k,r / Σ_r den_k,r)^e_k — the sums of every replication first, then the
// ratio — not the mean of each replication's ratio. A per-replication mean would drop every
// replication whose ratio is infinite or undefined (no churn: LTV ∞) and average what is left, a
// biased figure (LTV 8,009 where the pooled one is 20,304, 65 % of the runs dropped). Every
// replication counts (`n` is all of them); the interval is the delta method's: the gradient of
// the ratio at the parts' means, the parts' sample covariance over replications, Student t with
// n − 1 degrees of freedom, clipped at 0. Its coverage is measured in tests/stats.
#pragma once
#include <vector>

#include "stats/interval.hpp"

namespace subsim {

struct PooledParts {
  // Per ratio k: its numerator's and denominator's value in each replication (non-negative
  // sums: cents, counts), and its power (1, or −1 for a ratio that divides).
  struct Ratio {
    std::vector<double> num, den;
    int power = 1;
  };
  std::vector<Ratio> ratios;
  std::size_t replications() const { return ratios.empty() ? 0 : ratios[0].num.size(); }
};

// The pooled value and its interval (`sd` the delta method's standard deviation of one
// replication, sd/√n the standard error); NaN where a denominator's sum is 0 (or a dividing
// ratio's numerator: LTV with no churn at all). Parts alike in every replication give [v, v].
Interval pooled_ratio_interval(const PooledParts& p, double level = 0.95);

// The difference a − b of two pooled ratios: paired (replication r of both on the same random
// numbers: the covariance between them counts) or independent (Welch–Satterthwaite degrees of
// freedom). `se` and `dof` receive its standard error and degrees of freedom.
Interval pooled_ratio_difference(const PooledParts& a, const PooledParts& b, bool paired,
                                 double level = 0.95, double* se = nullptr, double* dof = nullptr);

}  // namespace subsim
