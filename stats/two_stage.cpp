#include "stats/two_stage.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace subsim {

namespace {
std::int64_t ceiling_capped(double x, int n0, std::int64_t cap) {
  if (!(x < static_cast<double>(cap))) return cap;  // also NaN
  return std::min<std::int64_t>(cap, std::max<std::int64_t>(n0, static_cast<std::int64_t>(std::ceil(x - 1e-9))));
}
}  // namespace

std::int64_t stein_replications(int n0, double s, double h, double alpha, std::int64_t cap) {
  if (n0 < 2 || !(h > 0)) return cap;
  if (s == 0) return std::min<std::int64_t>(n0, cap);
  const double t = boost::math::quantile(boost::math::students_t(n0 - 1), 1 - alpha / 2);
  return ceiling_capped(t * t * s * s / (h * h), n0, cap);
}

std::int64_t stein_replications_from_half(int n0, double half, double h, std::int64_t cap) {
  if (n0 < 2 || !(h > 0)) return cap;
  if (half == 0) return std::min<std::int64_t>(n0, cap);
  return ceiling_capped(n0 * (half / h) * (half / h), n0, cap);
}

}  // namespace subsim
