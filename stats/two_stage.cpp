#include "stats/two_stage.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace subsim {

std::int64_t stein_replications(int n0, double s, double h, double alpha) {
  if (n0 < 2 || !(h > 0) || !(s >= 0)) return INT64_MAX;
  if (s == 0) return n0;
  const double t = boost::math::quantile(boost::math::students_t(n0 - 1), 1 - alpha / 2);
  const double n = t * t * s * s / (h * h);
  if (!(n < 9e18)) return INT64_MAX;
  return std::max<std::int64_t>(n0, static_cast<std::int64_t>(std::ceil(n - 1e-9)));
}

}  // namespace subsim
