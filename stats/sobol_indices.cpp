#include "stats/sobol_indices.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

#include "model/random_stream.hpp"

namespace subsim {

namespace {
struct PointIndices {
  std::vector<double> first, total;
};

PointIndices estimate(const Eigen::VectorXd& y, int k, const std::vector<int>& rows) {
  const int n = static_cast<int>(rows.size());
  Eigen::VectorXd fa(n), fb(n);
  for (int j = 0; j < n; ++j) {
    fa[j] = y[rows[j] * (k + 2)];
    fb[j] = y[rows[j] * (k + 2) + k + 1];
  }
  Eigen::VectorXd both(2 * n);
  both << fa, fb;
  double var = (both.array() - both.mean()).square().mean();
  PointIndices e;
  for (int i = 0; i < k; ++i) {
    Eigen::VectorXd fab(n);
    for (int j = 0; j < n; ++j) fab[j] = y[rows[j] * (k + 2) + 1 + i];
    double s1 = var > 0 ? (fb.array() * (fab - fa).array()).mean() / var : 0;
    double st = var > 0 ? 0.5 * (fa - fab).array().square().mean() / var : 0;
    e.first.push_back(s1);
    e.total.push_back(st);
  }
  return e;
}

std::pair<double, double> percentile_interval(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
  };
  return {at(0.025), at(0.975)};
}
}  // namespace

std::vector<SobolIndex> sobol_indices(std::span<const double> values, int k, int bootstrap,
                                      std::uint64_t seed) {
  const Eigen::Map<const Eigen::VectorXd> raw(values.data(),
                                              static_cast<Eigen::Index>(values.size()));
  // Standardised outputs (as SALib does): the first-order estimator is not shift-invariant and
  // a large mean would swamp it with noise.
  Eigen::VectorXd y = raw.array() - raw.mean();
  double sd = std::sqrt(y.array().square().mean());
  if (sd > 0) y /= sd;
  const int n = static_cast<int>(y.size()) / (k + 2);
  std::vector<int> all(n);
  for (int j = 0; j < n; ++j) all[j] = j;
  PointIndices point = estimate(y, k, all);
  std::vector<std::vector<double>> bf(k), bt(k);
  for (int b = 0; b < bootstrap; ++b) {
    RandomStream rng(seed, 0, static_cast<std::uint32_t>(b), Purpose::amount,
                     stream_index::sobol_bootstrap);
    std::vector<int> rows(n);
    for (int& r : rows) r = static_cast<int>(rng.uniform_int(0, n - 1));
    PointIndices e = estimate(y, k, rows);
    for (int i = 0; i < k; ++i) {
      bf[i].push_back(e.first[i]);
      bt[i].push_back(e.total[i]);
    }
  }
  std::vector<SobolIndex> out(k);
  for (int i = 0; i < k; ++i) {
    out[i].first.value = point.first[i];
    out[i].total.value = point.total[i];
    if (bootstrap > 1) {
      std::tie(out[i].first.low, out[i].first.high) = percentile_interval(bf[i]);
      std::tie(out[i].total.low, out[i].total.high) = percentile_interval(bt[i]);
    } else {
      out[i].first.low = out[i].first.high = out[i].first.value;
      out[i].total.low = out[i].total.high = out[i].total.value;
    }
  }
  return out;
}

}  // namespace subsim
