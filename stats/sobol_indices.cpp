#include "stats/sobol_indices.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

#include "model/random_stream.hpp"

namespace subsim {

namespace {

// Where a base sample's rows are: `stride` rows per sample, A first, AB_i at 1 + i, BA_i at
// 1 + k + i (second order), B last.
struct Layout {
  int k = 0, stride = 0;
  int a(int j) const { return j * stride; }
  int ab(int j, int i) const { return j * stride + 1 + i; }
  int ba(int j, int i) const { return j * stride + 1 + k + i; }
  int b(int j) const { return j * stride + stride - 1; }
};

struct PointIndices {
  std::vector<double> first, total, pairs;  // pairs: i < j in row order
};

PointIndices estimate(const Eigen::VectorXd& y, const Layout& L, const std::vector<int>& rows,
                      bool pairs) {
  const int n = static_cast<int>(rows.size()), k = L.k;
  Eigen::VectorXd fa(n), fb(n);
  for (int j = 0; j < n; ++j) {
    fa[j] = y[L.a(rows[j])];
    fb[j] = y[L.b(rows[j])];
  }
  Eigen::VectorXd both(2 * n);
  both << fa, fb;
  const double var = (both.array() - both.mean()).square().mean();
  PointIndices e;
  std::vector<Eigen::VectorXd> fab(k, Eigen::VectorXd(n));
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < n; ++j) fab[i][j] = y[L.ab(rows[j], i)];
    e.first.push_back(var > 0 ? (fb.array() * (fab[i] - fa).array()).mean() / var : 0);
    e.total.push_back(var > 0 ? 0.5 * (fa - fab[i]).array().square().mean() / var : 0);
  }
  if (!pairs) return e;
  for (int i = 0; i < k; ++i) {
    Eigen::VectorXd fba(n);
    for (int j = 0; j < n; ++j) fba[j] = y[L.ba(rows[j], i)];
    for (int m = i + 1; m < k; ++m) {
      const double vij = var > 0 ? (fba.array() * fab[m].array() - fa.array() * fb.array()).mean() / var : 0;
      e.pairs.push_back(vij - e.first[i] - e.first[m]);
    }
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

// The point estimates on every base sample, then `bootstrap` resamples of the base samples
// (each from its own keyed stream), each estimate's values handed to `keep`.
PointIndices bootstrapped(std::span<const double> values, const Layout& L, int bootstrap,
                          std::uint64_t seed, bool pairs,
                          std::vector<std::vector<double>>& first,
                          std::vector<std::vector<double>>& total,
                          std::vector<std::vector<double>>& pair) {
  const Eigen::Map<const Eigen::VectorXd> raw(values.data(),
                                              static_cast<Eigen::Index>(values.size()));
  // Standardised outputs (as SALib does): the first-order estimator is not shift-invariant and
  // a large mean would swamp it with noise.
  Eigen::VectorXd y = raw.array() - raw.mean();
  const double sd = std::sqrt(y.array().square().mean());
  if (sd > 0) y /= sd;
  const int n = static_cast<int>(y.size()) / L.stride;
  std::vector<int> all(n);
  for (int j = 0; j < n; ++j) all[j] = j;
  const PointIndices point = estimate(y, L, all, pairs);
  first.assign(L.k, {});
  total.assign(L.k, {});
  pair.assign(point.pairs.size(), {});
  for (int b = 0; b < bootstrap; ++b) {
    RandomStream rng(seed, 0, static_cast<std::uint32_t>(b), Purpose::amount,
                     stream_index::sobol_bootstrap);
    std::vector<int> rows(n);
    for (int& r : rows) r = static_cast<int>(rng.uniform_int(0, n - 1));
    const PointIndices e = estimate(y, L, rows, pairs);
    for (int i = 0; i < L.k; ++i) {
      first[i].push_back(e.first[i]);
      total[i].push_back(e.total[i]);
    }
    for (std::size_t p = 0; p < e.pairs.size(); ++p) pair[p].push_back(e.pairs[p]);
  }
  return point;
}

Estimate with_interval(double value, const std::vector<double>& draws) {
  Estimate e{value, value, value};
  if (draws.size() > 1) std::tie(e.low, e.high) = percentile_interval(draws);
  return e;
}

}  // namespace

std::vector<SobolIndex> sobol_indices(std::span<const double> values, int k, int bootstrap,
                                      std::uint64_t seed, bool second_order) {
  const Layout L{k, second_order ? 2 * k + 2 : k + 2};
  std::vector<std::vector<double>> bf, bt, bp;
  const PointIndices point = bootstrapped(values, L, bootstrap, seed, false, bf, bt, bp);
  std::vector<SobolIndex> out(k);
  for (int i = 0; i < k; ++i) {
    out[i].first = with_interval(point.first[i], bf[i]);
    out[i].total = with_interval(point.total[i], bt[i]);
  }
  return out;
}

std::vector<SobolPair> sobol_second_order(std::span<const double> values, int k, int bootstrap,
                                          std::uint64_t seed) {
  const Layout L{k, 2 * k + 2};
  std::vector<std::vector<double>> bf, bt, bp;
  const PointIndices point = bootstrapped(values, L, bootstrap, seed, true, bf, bt, bp);
  std::vector<SobolPair> out;
  std::size_t p = 0;
  for (int i = 0; i < k; ++i)
    for (int j = i + 1; j < k; ++j, ++p) out.push_back({i, j, with_interval(point.pairs[p], bp[p])});
  return out;
}

}  // namespace subsim
