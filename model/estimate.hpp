// A value with its 95 % interval: the one value-with-interval type (fitted parameters, lifetime
// values, Sobol indices, a sweep point's metric). NaN where a figure is not known. A summary over
// replications (stats/interval.hpp's Interval) adds its spread and count and gives one by
// estimate().
#pragma once
#include <cmath>
#include <limits>

namespace subsim {

struct Estimate {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double value = kNaN, low = kNaN, high = kNaN;
  bool has_interval() const { return !std::isnan(low) && !std::isnan(high); }
};

}  // namespace subsim
