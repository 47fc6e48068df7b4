// The likelihoods of RiskTable data with late leavers (RiskTable::late = q > 0; stats/sbg.hpp):
// a decision at term t ends the paid terms at opportunity t with probability 1 − q, at t + 1
// with probability q. With A(t) = B(α, β + t)/B(α, β) the sBG's survival of decisions and
// r_j = A(j)/A(j − 1) = (β + j − 1)/(α + β + j − 1), the share of those paying after
// opportunity t − 1 who still pay after t is
//   t = 1:  (1 − q)·r₁ + q
//   t ≥ 2:  r_{t−1}·((1 − q)·r_t + q) / ((1 − q)·r_{t−1} + q)
// and its complement (1 − q)(1 − r₁), resp. ((1 − q)·r_{t−1}(1 − r_t) + q(1 − r_{t−1})) / (…),
// each 1 − r_j = α/(α + β + j − 1) computed as such (no cancellation). q = 0 is the plain sBG.
// The geometric model is the limit θ = p for everyone: r_j = 1 − p.
#pragma once
#include "stats/sbg.hpp"

namespace subsim {

// LL and, with `derivatives`, its gradient and Hessian in (u, v) = (ln α, ln β) (automatic
// differentiation, stats/jet.hpp).
struct LateLikelihood {
  double ll = 0;
  double g[2] = {0, 0};
  double h[2][2] = {{0, 0}, {0, 0}};
};
LateLikelihood sbg_late_log_likelihood(const RiskTable& risk, double u, double v, bool derivatives);

// The geometric model's LL at p, and its maximum-likelihood p (the root of a decreasing score).
double geometric_late_log_likelihood(double p, const RiskTable& risk);
double geometric_late_estimate(const RiskTable& risk);

}  // namespace subsim
