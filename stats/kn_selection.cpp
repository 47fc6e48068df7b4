#include "stats/kn_selection.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace subsim {

double kn_h2(int k, int n0, double alpha) {
  const double eta = 0.5 * (std::pow(2 * alpha / (k - 1), -2.0 / (n0 - 1)) - 1);
  return 2 * eta * (n0 - 1);
}

namespace {

// S²ᵢₗ from the first stage (the sample variance of the paired differences, row-major k × k),
// and the replications by which every pair is decided, max ⌊h²S²ᵢₗ/δ²⌋ + 1, into st.bound.
std::vector<double> first_stage_variances(const std::vector<std::vector<double>>& obs,
                                          const KnOptions& o, KnState& st) {
  const int k = static_cast<int>(obs.size());
  std::vector<double> s2(static_cast<std::size_t>(k) * k, 0);
  for (int i = 0; i < k; ++i)
    for (int l = i + 1; l < k; ++l) {
      double mean = 0;
      for (int r = 0; r < o.n0; ++r) mean += obs[i][r] - obs[l][r];
      mean /= o.n0;
      double ss = 0;
      for (int r = 0; r < o.n0; ++r) {
        const double d = obs[i][r] - obs[l][r] - mean;
        ss += d * d;
      }
      s2[i * k + l] = s2[l * k + i] = ss / (o.n0 - 1);
      double n = std::floor(st.h2 * s2[i * k + l] / (o.delta * o.delta));
      if (!(n < 1e9)) n = 1e9;  // NaN or huge: never reached (a cap comes first)
      st.bound = std::max(st.bound, static_cast<int>(n) + 1);
    }
  return s2;
}

}  // namespace

KnState kn_select(const std::vector<std::vector<double>>& obs, const KnOptions& o) {
  const int k = static_cast<int>(obs.size());
  if (k < 2 || o.n0 < 2 || !(o.delta > 0) || !(o.alpha > 0 && o.alpha < 1))
    throw std::invalid_argument("KN needs two systems or more, n0 >= 2, delta > 0, 0 < alpha < 1");
  KnState st;
  st.eliminated_at.assign(k, 0);
  for (int i = 0; i < k; ++i) st.survivors.push_back(i);
  for (const auto& v : obs) {
    if (static_cast<int>(v.size()) < o.n0) return st;  // not even the first stage
    for (double x : v)
      if (!std::isfinite(x)) throw std::invalid_argument("KN needs finite observations");
  }
  st.h2 = kn_h2(k, o.n0, o.alpha);
  const double sign = o.maximize ? 1 : -1;
  const std::vector<double> s2 = first_stage_variances(obs, o, st);
  st.bound = std::max(st.bound, o.n0);
  // Running sums of the survivors (sign-adjusted: larger is better).
  std::vector<double> sum(k, 0);
  for (int i = 0; i < k; ++i)
    for (int r = 0; r < o.n0 - 1; ++r) sum[i] += sign * obs[i][r];
  std::size_t available = obs[0].size();
  for (int i : st.survivors) available = std::min(available, obs[i].size());
  for (int r = o.n0; r <= static_cast<int>(available); ++r) {
    for (int i : st.survivors) sum[i] += sign * obs[i][r - 1];
    st.replications = r;
    std::vector<int> keep;
    for (int i : st.survivors) {
      bool out = false;
      for (int l : st.survivors) {
        if (l == i) continue;
        const double w = std::max(
            0.0, o.delta / (2.0 * r) * (st.h2 * s2[i * k + l] / (o.delta * o.delta) - r));
        if (sum[i] / r < sum[l] / r - w) {
          out = true;
          break;
        }
      }
      if (out)
        st.eliminated_at[i] = r;
      else
        keep.push_back(i);
    }
    st.survivors = keep;
    if (st.survivors.size() <= 1) {
      st.done = true;
      break;
    }
    if (r >= st.bound) {
      // Every pair decided (W = 0 from here): only exact ties are left. KN selects the best
      // mean; among equals, the first listed (the reference, when it is one of them).
      int best = st.survivors.front();
      for (int i : st.survivors)
        if (sum[i] > sum[best]) best = i;
      for (int i : st.survivors)
        if (i != best) st.eliminated_at[i] = r;
      st.survivors = {best};
      st.done = true;
      break;
    }
    // Only the survivors' data are needed from here on.
    available = obs[st.survivors[0]].size();
    for (int i : st.survivors) available = std::min(available, obs[i].size());
  }
  return st;
}

}  // namespace subsim
