// The shifted-beta-geometric (sBG) model of contract duration (Fader & Hardie, "How to project
// customer retention", Journal of Interactive Marketing 21(1), 2007) and its constant-churn
// special case, the geometric model, as pure functions of one cohort's survivor counts.
//
// sBG: each customer leaves at the end of a period with probability θ, fixed for the customer;
// θ ~ Beta(α, β) across customers. P(T = 1) = α/(α+β), P(T = t) = P(T = t−1)·(β+t−2)/(α+β+t−1),
// S(t) = B(α, β+t)/B(α, β) = S(t−1)·(β+t−1)/(α+β+t−1). A cohort of n_0 customers with n_t still
// active after period t (t = 1…T) has, with d_t = n_{t−1} − n_t customers lost in period t,
//   LL(α, β) = Σ_t d_t ln P(T = t) + n_T ln S(T)
//            = −Σ_{k=0}^{T−1} [ n_{k+1} ln(1 + α/(β+k)) + d_{k+1} ln(1 + (β+k)/α) ],
// every term ≤ 0 (no cancellation, also for α, β in the millions).
//
// The fit maximises LL over (ln α, ln β) inside [−14, 14]² (α, β from 8e-7 to 1.2e6) by Newton's
// method with a backtracking line search (a shifted Hessian where it is not negative definite,
// bounds handled by fixing a coordinate pushed against its bound) from seven starts along the
// geometric model's churn rate, keeping the best. A maximum on the edge of that box is reported
// (status boundary): α, β → ∞ is the geometric model (no heterogeneity), α, β → 0 customers who
// leave at once or never. Where the geometric model itself beats every point of the box, the
// fit is that limit (geometric_limit: α, β = +∞).
//
// Intervals are 95 % profile-likelihood intervals: α's is the set of α whose profile
// max_β LL(α, β) is within χ²₁(0.95)/2 = 1.9207 of the maximum (likewise β's); a bound that
// reaches the box, or whose other parameter's best value lies on the box, is unbounded (0
// below, +∞ above); in the geometric limit of a very large cohort a lower end may be the box
// itself (a conservative bound). The projection band for S(t) is, for each
// t, the range of S(t) over the same likelihood region {2·(LL̂ − LL(α, β)) ≤ 3.8415} — the
// pointwise profile-likelihood interval of S(t) — found on the region's boundary along 360 rays
// from the maximum (and the profile intervals' end points). It is a band for the expected number
// of survivors (parameter uncertainty), not a prediction interval for a count.
//
// Geometric: every customer has the same θ = p; p̂ = churned / exposure (customer-periods at
// risk, Σ_{t=1}^{T} n_{t−1}), LL = D ln p + (E − D) ln(1 − p), its interval the profile
// (= likelihood-ratio) interval. The sBG contains it as α, β → ∞ with α/(α+β) = p, a point on
// the boundary of its parameter space, so the likelihood-ratio statistic 2·(LL_sBG − LL_geo) is
// referred to ½χ²₀ + ½χ²₁ (Self & Liang 1987): p-value = ½·P(χ²₁ > LR) for LR > 0, 1 for LR = 0.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace subsim {

// One cohort: active[0] its size, active[t] the customers still active after period t.
using Survivors = std::vector<std::int64_t>;

// Per period t = 1…T (index t − 1): of the customers at risk in it, those who stayed and those
// who left. A cohort's survivors give survived[t−1] = active[t], churned[t−1] = active[t−1] −
// active[t]; data with right-censoring (a subscription export: customers observed for
// different numbers of periods) have fewer at risk later than stayed before. The likelihood is
// the same closed form with n_{k+1} = survived[k], d_{k+1} = churned[k].
//
// `late`: the share q of leavers whose decision misses the notice cut-off (N2) and who pay one
// more term. A customer decides at a term with probability θ; on time (1 − q) the renewal at
// its end is the one missed, late (q) the next. The paid-term survival is then
// S(t) = (1 − q)·A(t) + q·A(t − 1), A the sBG's survival of decisions, and the models fit the
// decision rates, which a scenario simulates under the same notice rule (stats/late_leavers).
// 0: every decision shows at its own opportunity (a cohort table).
struct RiskTable {
  std::vector<std::int64_t> survived, churned;
  double late = 0;
};
RiskTable risk_table(const Survivors& active);  // throws like the fits

// "" if `active` is a cohort's survivors (at least period 0, no negative count, never more
// active than the period before), else what is wrong. The fits throw std::invalid_argument with
// this message.
std::string survivors_problem(const Survivors& active);

// ln P(T = t) for t ≥ 1 and ln S(t) for t ≥ 0, by the recursions in log space.
double sbg_log_pmf(double alpha, double beta, int t);
double sbg_log_survival(double alpha, double beta, int t);
// S(0), …, S(last).
std::vector<double> sbg_survival_curve(double alpha, double beta, int last);
// LL(α, β) of a cohort (the closed form above); −∞ unless α, β are positive and finite.
double sbg_log_likelihood(double alpha, double beta, const Survivors& active);
double sbg_log_likelihood(double alpha, double beta, const RiskTable& risk);

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();
// χ²₁(0.95): the likelihood-ratio cut of every 95 % interval here.
inline constexpr double kChiSquare1At95 = 3.841458820694124;
// A profile-likelihood interval's cut: the log-likelihood this far below its maximum.
inline constexpr double kHalfCut = kChiSquare1At95 / 2;

struct GeometricFit {
  bool defined = false;  // false when no customer-period was at risk (empty, or period 0 only)
  std::int64_t churned = 0, exposure = 0;
  double p = kNaN, p_low = kNaN, p_high = kNaN;
  double log_likelihood = kNaN;
};
GeometricFit fit_geometric(const Survivors& active);
GeometricFit fit_geometric(const RiskTable& risk);
double geometric_log_likelihood(double p, const Survivors& active);
double geometric_log_likelihood(double p, const RiskTable& risk);

enum class SbgStatus {
  ok,                        // an interior maximum
  boundary,                  // the maximum lies on the edge of the search box (see above)
  empty,                     // no customers at period 0
  too_few_periods,           // fewer than 2 periods after period 0: α and β are not separable
  no_churn,                  // nobody left: the churn rate is 0, α and β are not identified
  all_churned_first_period,  // everybody left in period 1: the churn rate is 1
};
const char* sbg_status_name(SbgStatus s);

struct SbgFit {
  SbgStatus status = SbgStatus::empty;
  std::string note;  // what the status means for this cohort; empty when ok
  double alpha = kNaN, beta = kNaN, log_likelihood = kNaN;
  double alpha_low = kNaN, alpha_high = kNaN, beta_low = kNaN, beta_high = kNaN;
  // The likelihood is highest in the limit α, β → ∞ — the geometric model, above any point of
  // the box (a churn hazard that does not fall, on a large cohort): status boundary, α and β
  // +∞, log_likelihood the geometric model's, the intervals unbounded above.
  bool geometric_limit = false;
  double mean = kNaN;      // α/(α+β), the churn rate of a new customer (p in the limit)
  bool converged = false;  // the gradient vanished (within the box) at the reported maximum
  int iterations = 0;      // Newton steps over all starts
  bool fitted() const { return status == SbgStatus::ok || status == SbgStatus::boundary; }
};
SbgFit fit_sbg(const Survivors& active);
SbgFit fit_sbg(const RiskTable& risk);  // the statuses by who was at risk

// The asymptotic covariance of (ln α̂, ln β̂): the inverse of the observed information −∂²LL at
// (α, β) in the log parameters. `ok` is false where the information is not positive definite
// (a maximum on the box, a flat likelihood). The sampling distribution a forecast draws α and β
// from (experiment/backtest): jointly, since α̂ and β̂ are strongly correlated.
struct LogCovariance {
  double uu = kNaN, uv = kNaN, vv = kNaN;
  bool ok = false;
};
LogCovariance sbg_log_covariance(const RiskTable& risk, double alpha, double beta);

struct LikelihoodRatio {
  double statistic = kNaN;  // 2·(LL_sBG − LL_geometric), ≥ 0
  double p_value = kNaN;    // under ½χ²₀ + ½χ²₁
};
// Undefined (NaN) unless both models were fitted.
LikelihoodRatio sbg_vs_geometric(const SbgFit& sbg, const GeometricFit& geometric);

// Points (α, β) on the boundary of the 95 % likelihood region {LL ≥ LL̂ − χ²₁(0.95)/2} — one
// per ray from the maximum (360) and the four profile-interval ends — with the maximum itself
// first. The profile-likelihood 95 % interval of any function g(α, β) is the range of g over
// the region, so over these points (the region is connected): sbg_band takes the survival
// curve's range, sbg_lifetime the lifetime's. From a fitted sBG (fit.fitted()).
std::vector<std::pair<double, double>> sbg_region_points(const SbgFit& fit, const RiskTable& risk);

// Survival S(0…last) with its pointwise 95 % band.
struct SurvivalBand {
  std::vector<double> fitted, low, high;
};
// From a fitted sBG (fit.fitted()) and the survivors it was fitted on.
SurvivalBand sbg_band(const SbgFit& fit, const Survivors& active, int last);
SurvivalBand sbg_band(const SbgFit& fit, const RiskTable& risk, int last);
// From a defined geometric fit: S(t) = (1 − p)^t, the band from p's interval.
SurvivalBand geometric_band(const GeometricFit& fit, int last);

}  // namespace subsim
