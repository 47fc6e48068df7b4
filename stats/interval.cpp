#include "stats/interval.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace subsim {

double student_t_quantile(double p, double dof) {
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), p);
}

Interval t_interval(std::span<const double> values, double level) {
  Interval r;
  double sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (std::isfinite(values[i])) {
      sum += values[i];
      ++r.n;
    }
  if (r.n == 0) return r;
  r.mean = sum / r.n;
  if (r.n < 2) return r;
  double ss = 0, lo = INFINITY, hi = -INFINITY;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (std::isfinite(values[i])) {
      ss += (values[i] - r.mean) * (values[i] - r.mean);
      lo = std::min(lo, values[i]);
      hi = std::max(hi, values[i]);
    }
  r.sd = std::sqrt(ss / (r.n - 1));
  r.zero_variance = lo == hi;
  if (r.zero_variance) r.sd = 0;  // not the rounding residue of equal values
  double half = student_t_quantile(0.5 + level / 2, r.n - 1) * r.sd / std::sqrt(double(r.n));
  r.low = r.mean - half;
  r.high = r.mean + half;
  return r;
}

double poisson_all_equal(double c, int n) {
  if (!(c >= 0) || n < 1) return 0;
  if (c == 0) return 1;
  if (c > 1e12) return 0;  // no count of a run comes near; and k below must stay exact
  auto log_p = [&](double k) { return k * std::log(c) - c - std::lgamma(k + 1); };
  // Σ P(k)ⁿ ≤ P(mode)ⁿ⁻¹ · Σ P(k) = P(mode)ⁿ⁻¹: far below 1 % there is nothing to add up.
  const double bound = (n - 1) * log_p(std::floor(c));
  if (bound < std::log(1e-6)) return std::exp(bound);
  // Σₖ P(k)ⁿ over the k that matter (±12 sd around c).
  const double sd = std::sqrt(c);
  const auto from = static_cast<std::int64_t>(std::max(0.0, std::floor(c - 12 * sd - 12)));
  const auto to = static_cast<std::int64_t>(std::ceil(c + 12 * sd + 12));
  double sum = 0;
  for (std::int64_t k = from; k <= to; ++k) sum += std::exp(n * log_p(static_cast<double>(k)));
  return sum;
}

Interval summary_interval(std::span<const double> values, Support support, double level) {
  Interval r = t_interval(values, level);
  if (!r.has_interval()) return r;
  if (support.count && r.zero_variance && poisson_all_equal(r.mean, r.n) >= 0.01) {
    // Every replication counted the same c, as Poisson counts of mean c do often enough (a rare
    // event never seen; small counts over few replications): the t interval would be [c, c].
    // The exact Poisson (Garwood) interval for the mean of n counts summing to S = n·c instead.
    // A count alike in every replication where Poisson counts would almost surely differ (1 %
    // or less: customers at the start, 3,000 in each of 10 replications) is fixed by the
    // scenario: it keeps [c, c].
    const double a = (1 - level) / 2, S = r.mean * r.n;
    using boost::math::chi_squared_distribution;
    r.low = S == 0 ? 0.0 : boost::math::quantile(chi_squared_distribution<double>(2 * S), a) / (2 * r.n);
    r.high = boost::math::quantile(chi_squared_distribution<double>(2 * S + 2), 1 - a) / (2 * r.n);
  }
  r.low = std::clamp(r.low, support.low, support.high);
  r.high = std::clamp(r.high, support.low, support.high);
  return r;
}

}  // namespace subsim
