#include "stats/mcb.hpp"

#include <algorithm>
#include <cmath>

#include "stats/interval.hpp"

namespace subsim {

namespace {

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double variance(const std::vector<double>& v) {
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return ss / static_cast<double>(v.size() - 1);
}

}  // namespace

std::vector<McbInterval> mcb_intervals(const std::vector<std::vector<double>>& data, bool maximize,
                                       bool paired, double alpha) {
  const std::size_t k = data.size();
  if (k < 2) return {};
  std::size_t n = data[0].size();
  for (const auto& d : data) {
    if (d.size() < 2) return {};
    for (double x : d)
      if (!std::isfinite(x)) return {};  // a replication where the metric is undefined
    if (paired && d.size() != n) paired = false;
    n = std::min(n, d.size());
  }
  const double sign = maximize ? 1 : -1;
  const double t = student_t_quantile(1 - alpha / static_cast<double>(k - 1), static_cast<double>(n - 1));
  std::vector<double> means;
  for (const auto& d : data) means.push_back(sign * mean(d));
  std::vector<McbInterval> out;
  for (std::size_t i = 0; i < k; ++i) {
    double low = INFINITY, high = INFINITY;
    for (std::size_t l = 0; l < k; ++l) {
      if (l == i) continue;
      double s2;
      if (paired) {
        std::vector<double> diff(n);
        for (std::size_t r = 0; r < n; ++r) diff[r] = data[i][r] - data[l][r];
        s2 = variance(diff);
      } else {
        s2 = variance(data[i]) + variance(data[l]);
      }
      const double w = t * std::sqrt(s2 / static_cast<double>(n));
      low = std::min(low, means[i] - means[l] - w);
      high = std::min(high, means[i] - means[l] + w);
    }
    out.push_back({std::min(0.0, low), std::max(0.0, high)});
  }
  return out;
}

}  // namespace subsim
