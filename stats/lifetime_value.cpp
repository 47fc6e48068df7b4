#include "stats/lifetime_value.hpp"

#include <algorithm>
#include <cmath>

namespace subsim {

double geometric_discounted_lifetime(double p, double d) {
  if (!(p >= 0 && p <= 1) || !(d >= 0) || std::isinf(d)) return kNaN;
  if (d + p == 0) return kInf;
  return (1 + d) / (d + p);
}

double sbg_discounted_lifetime(double alpha, double beta, double d) {
  if (!(alpha > 0) || !(beta > 0) || !(d >= 0) || std::isinf(d)) return kNaN;
  if (std::isinf(alpha) || std::isinf(beta)) return kNaN;
  if (d == 0) return alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : kInf;
  // The series Σ S(t) z^t, z = 1/(1+d): every term smaller than the last by at least z, so the
  // rest after term t is below term·z/(1−z); stop when that is below 1e-15 of the sum.
  const double z = 1 / (1 + d);
  if (!(z < 1)) return kNaN;  // d too small to tell from 0 in doubles
  double term = 1, sum = 1;
  for (long t = 1; t < 100000000; ++t) {
    term *= z * (beta + static_cast<double>(t) - 1) / (alpha + beta + static_cast<double>(t) - 1);
    sum += term;
    if (term * z / (1 - z) < 1e-15 * sum) return sum;
  }
  return kNaN;  // not converged within 10^8 terms: no number rather than a wrong one
}

double discount_per_period(double annual_rate, int months) {
  return std::pow(1 + annual_rate, months / 12.0) - 1;
}

Estimate sbg_lifetime(const SbgFit& fit, const RiskTable& risk, double d) {
  if (!fit.fitted()) return {};
  Estimate e;
  e.value = fit.geometric_limit ? geometric_discounted_lifetime(fit.mean, d)
                                : sbg_discounted_lifetime(fit.alpha, fit.beta, d);
  e.low = e.high = e.value;
  for (const auto& [a, b] : sbg_region_points(fit, risk)) {
    const double v = sbg_discounted_lifetime(a, b, d);
    if (std::isnan(v)) continue;
    e.low = std::min(e.low, v);
    e.high = std::max(e.high, v);
  }
  return e;
}

Estimate paid_lifetime(const Estimate& decisions, double late, double d) {
  if (!(late > 0)) return decisions;
  const double w = 1 / (1 + d);
  auto paid = [&](double del) { return del * (1 - late + late * w) + late; };
  return {paid(decisions.value), paid(decisions.low), paid(decisions.high)};
}

Estimate geometric_lifetime(double p, double p_low, double p_high, double d) {
  return {geometric_discounted_lifetime(p, d), geometric_discounted_lifetime(p_high, d),
          geometric_discounted_lifetime(p_low, d)};
}

}  // namespace subsim
