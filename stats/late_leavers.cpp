#include "stats/late_leavers.hpp"

#include <cmath>

#include "stats/boundary.hpp"
#include "stats/jet.hpp"

namespace subsim {

namespace {

using std::log;

// Σ n·ln(stay) + d·ln(leave) over the opportunities, for T = double or Jet.
template <class T>
T late_ll(const RiskTable& a, const T& al, const T& be) {
  const double q = a.late;
  auto r = [&](int j) { return (be + T(j - 1.0)) / (al + be + T(j - 1.0)); };
  auto gone = [&](int j) { return al / (al + be + T(j - 1.0)); };  // 1 − r_j
  T ll(0.0);
  for (std::size_t k = 0; k < a.survived.size(); ++k) {
    const double n = static_cast<double>(a.survived[k]), d = static_cast<double>(a.churned[k]);
    if (n == 0 && d == 0) continue;
    const int t = static_cast<int>(k) + 1;
    T stay, leave;
    if (t == 1) {
      stay = T(1 - q) * r(1) + T(q);
      leave = T(1 - q) * gone(1);
    } else {
      const T before = r(t - 1);
      const T den = T(1 - q) * before + T(q);
      stay = before * (T(1 - q) * r(t) + T(q)) / den;
      leave = (T(1 - q) * before * gone(t) + T(q) * gone(t - 1)) / den;
    }
    if (n > 0) ll = ll + T(n) * log(stay);
    if (d > 0) ll = ll + T(d) * log(leave);
  }
  return ll;
}

}  // namespace

LateLikelihood sbg_late_log_likelihood(const RiskTable& risk, double u, double v, bool derivatives) {
  LateLikelihood out;
  if (!derivatives) {
    out.ll = late_ll<double>(risk, std::exp(u), std::exp(v));
    return out;
  }
  const Jet ll = late_ll<Jet>(risk, exp(Jet::variable(u, 0)), exp(Jet::variable(v, 1)));
  out.ll = ll.v;
  for (int i = 0; i < 2; ++i) {
    out.g[i] = ll.g[i];
    for (int k = 0; k < 2; ++k) out.h[i][k] = ll.h[i][k];
  }
  return out;
}

double geometric_late_log_likelihood(double p, const RiskTable& risk) {
  const double q = risk.late;
  double ll = 0;
  for (std::size_t k = 0; k < risk.survived.size(); ++k) {
    const double n = static_cast<double>(risk.survived[k]), d = static_cast<double>(risk.churned[k]);
    const double leave = k == 0 ? (1 - q) * p : p;
    if (n > 0) ll += n * std::log1p(-leave);
    if (d > 0) ll += d * std::log(leave);
  }
  return ll;
}

double geometric_late_estimate(const RiskTable& risk) {
  const double q = risk.late;
  double first_stay = 0, later_stay = 0, left = 0;
  for (std::size_t k = 0; k < risk.survived.size(); ++k) {
    (k == 0 ? first_stay : later_stay) += static_cast<double>(risk.survived[k]);
    left += static_cast<double>(risk.churned[k]);
  }
  if (left == 0) return 0;
  // The score −n₁(1 − q)/(1 − (1 − q)p) + D/p − N/(1 − p) falls from +∞ at p = 0: its root,
  // or 1 where it stays positive (nobody stayed past a later opportunity).
  auto minus_score = [&](double p) {
    return first_stay * (1 - q) / (1 - (1 - q) * p) - left / p + later_stay / (1 - p);
  };
  const double top = std::nextafter(1.0, 0.0);
  if (!(minus_score(top) > 0)) return 1;
  return last_inside(minus_score, 1e-300, top, 1e-15, 200);
}

}  // namespace subsim
