#include "stats/kn_selection.hpp"

#include <doctest/doctest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

using namespace subsim;

namespace {

// k systems, `reps` replications each: system i's mean mu[i], a common random number shared by
// every system of a replication (correlation rho, as common random numbers give) plus its own noise.
std::vector<std::vector<double>> draw(const std::vector<double>& mu, int reps, double rho,
                                      boost::random::mt19937& gen) {
  boost::random::normal_distribution<double> z;
  std::vector<std::vector<double>> obs(mu.size());
  for (int r = 0; r < reps; ++r) {
    const double common = z(gen);
    for (std::size_t i = 0; i < mu.size(); ++i)
      obs[i].push_back(mu[i] + std::sqrt(rho) * common + std::sqrt(1 - rho) * z(gen));
  }
  return obs;
}

}  // namespace

TEST_CASE("KN: h² from Kim & Nelson's formula; a pair is decided by ⌊h²S²/δ²⌋ + 1") {
  // k = 2, n0 = 10, α = 0.05: η = ½((2·0.05)^(−2/9) − 1) = ½(10^(2/9) − 1), h² = 2η·9.
  CHECK(kn_h2(2, 10, 0.05) == doctest::Approx(9 * (std::pow(10.0, 2.0 / 9) - 1)).epsilon(1e-12));
  CHECK(kn_h2(2, 10, 0.05) == doctest::Approx(6.0131).epsilon(1e-4));
  // k = 10: (2α/(k−1)) = 0.1/9.
  CHECK(kn_h2(10, 20, 0.05) == doctest::Approx(19 * (std::pow(0.1 / 9, -2.0 / 19) - 1)).epsilon(1e-12));

  // Two systems, first stage of 4: differences 1, 3, 1, 3 (mean 2, S² = 4/3); δ = 1.
  KnOptions o;
  o.n0 = 4;
  o.delta = 1;
  std::vector<std::vector<double>> obs = {{11, 13, 11, 13, 12, 12, 12, 12, 12, 12, 12, 12},
                                          {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10}};
  const double h2 = kn_h2(2, 4, 0.05), s2 = 4.0 / 3;
  KnState st = kn_select(obs, o);
  CHECK(st.bound == static_cast<int>(std::floor(h2 * s2)) + 1);
  // System 1 trails by 2 at every r ≥ 4: out at the first r with 2 > W(r) = (h²S² − r)/(2r).
  int expected = 4;
  while (2 <= std::max(0.0, (h2 * s2 - expected) / (2.0 * expected))) ++expected;
  REQUIRE(st.done);
  CHECK(st.survivors == std::vector<int>{0});
  CHECK(st.replications == expected);
  CHECK(st.eliminated_at[1] == expected);
  // Minimising, the other one wins at the same r.
  o.maximize = false;
  st = kn_select(obs, o);
  CHECK(st.survivors == std::vector<int>{1});
  CHECK(st.replications == expected);
}

TEST_CASE("KN: exact ties end at the bound with the first listed; non-finite data are refused") {
  // Common random numbers and a variant that does not touch the metric: identical values.
  std::vector<std::vector<double>> obs(3);
  boost::random::mt19937 gen(3);
  boost::random::normal_distribution<double> z;
  for (int r = 0; r < 30; ++r) {
    const double x = 100 + z(gen);
    obs[0].push_back(x);
    obs[1].push_back(x);
    obs[2].push_back(x - 5);
  }
  KnOptions o;
  o.delta = 1;
  const KnState st = kn_select(obs, o);
  REQUIRE(st.done);
  CHECK(st.survivors == std::vector<int>{0});
  CHECK(st.replications <= st.bound);
  CHECK(st.eliminated_at[1] == st.replications);
  obs[1][3] = NAN;
  CHECK_THROWS_AS(kn_select(obs, o), std::invalid_argument);
}

TEST_CASE("KN: data beyond the decision change nothing, too little data leaves it open") {
  boost::random::mt19937 gen(7);
  auto obs = draw({0.0, 0.3, 0.6, 0.25}, 400, 0.8, gen);
  KnOptions o;
  o.delta = 0.2;
  o.n0 = 10;
  const KnState full = kn_select(obs, o);
  REQUIRE(full.done);
  CHECK(full.survivors == std::vector<int>{2});
  // Cut every system's data at the stop: the same decision at the same r.
  auto cut = obs;
  for (auto& v : cut) v.resize(static_cast<std::size_t>(full.replications));
  const KnState again = kn_select(cut, o);
  CHECK(again.done);
  CHECK(again.survivors == full.survivors);
  CHECK(again.replications == full.replications);
  CHECK(again.eliminated_at == full.eliminated_at);
  // One replication fewer: not decided yet, the last two still in.
  for (auto& v : cut) v.resize(static_cast<std::size_t>(full.replications - 1));
  const KnState open = kn_select(cut, o);
  CHECK_FALSE(open.done);
  CHECK(open.survivors.size() >= 2);
  // An eliminated system's missing data do not matter: cut system 0 at its elimination.
  if (full.eliminated_at[0] > 0) {
    auto ragged = obs;
    ragged[0].resize(static_cast<std::size_t>(full.eliminated_at[0]));
    CHECK(kn_select(ragged, o).survivors == full.survivors);
  }
}

// The guarantee, by a Monte Carlo of 10,000 macro-replications of the slippage configuration
// (the least favourable for KN): the best mean δ above k − 1 equal ones.
TEST_CASE("KN: the probability of correct selection is at least 1 − α in the slippage configuration") {
  boost::random::mt19937 gen(2026);
  const double delta = 0.25;
  for (int k : {2, 5}) {
    std::vector<double> mu(k, 0.0);
    mu[k - 1] = delta;
    KnOptions o;
    o.delta = delta;
    o.n0 = 10;
    int correct = 0, macro = 10000;
    double replications = 0;
    for (int m = 0; m < macro; ++m) {
      std::vector<std::vector<double>> obs = draw(mu, 10, 0.5, gen);
      KnState st = kn_select(obs, o);
      while (!st.done) {  // batches of 50, as compare adds them
        auto more = draw(mu, 50, 0.5, gen);
        for (int i = 0; i < k; ++i) obs[i].insert(obs[i].end(), more[i].begin(), more[i].end());
        st = kn_select(obs, o);
      }
      correct += st.survivors[0] == k - 1;
      replications += st.replications;
    }
    const double pcs = static_cast<double>(correct) / macro;
    INFO("k = " << k << ": PCS " << pcs << ", mean replications " << replications / macro);
    CHECK(pcs >= 0.95);
  }
}
