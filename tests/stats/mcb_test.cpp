// Hsu's multiple comparisons with the best against the formula written out, and its joint
// coverage over simulated paired systems.
#include "stats/mcb.hpp"

#include <doctest/doctest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include "stats/interval.hpp"

using namespace subsim;

TEST_CASE("MCB: Nelson & Matejcik's intervals, written out for three paired systems") {
  const std::vector<std::vector<double>> d = {{10, 12, 11, 13}, {11, 14, 12, 15}, {9, 10, 10, 11}};
  const auto m = mcb_intervals(d, true, true);
  REQUIRE(m.size() == 3);
  const double t = student_t_quantile(1 - 0.05 / 2, 3);
  // Pairs' differences: 0−1: {−1, −2, −1, −2} (mean −1.5, S² 1/3); 0−2: {1, 2, 1, 2} (1.5, 1/3);
  // 1−2: {2, 4, 2, 4} (3, 4/3).
  const double w01 = t * std::sqrt((1.0 / 3) / 4), w12 = t * std::sqrt((4.0 / 3) / 4);
  CHECK(m[1].low == doctest::Approx(std::min(0.0, std::min(1.5 - w01, 3 - w12))));
  CHECK(m[1].high == doctest::Approx(std::max(0.0, std::min(1.5 + w01, 3 + w12))));
  CHECK(m[0].high == doctest::Approx(std::max(0.0, std::min(-1.5 + w01, 1.5 + w01))));
  CHECK(m[2].high == 0);  // far behind system 1: not the best
  // Smaller is better: the same data read the other way round makes system 2 the best.
  const auto s = mcb_intervals(d, false, true);
  CHECK(s[2].high > 0);
  CHECK(s[1].high == 0);
  // Fewer than two systems or values, or an undefined value: nothing.
  CHECK(mcb_intervals({{1, 2, 3}}, true, true).empty());
  CHECK(mcb_intervals({{1, 2, 3}, {1, NAN, 3}}, true, true).empty());
}

TEST_CASE("MCB: the k intervals hold μ_i − max_{l≠i} μ_l jointly in at least 95 % of 4,000 runs") {
  boost::random::mt19937 gen(31);
  boost::random::normal_distribution<double> z(0, 1);
  const std::vector<double> mu = {0.0, 0.3, 0.5, 0.5, 0.2};
  const std::vector<double> sd = {1.0, 1.5, 0.8, 1.2, 1.0};
  int joint = 0, runs = 4000, decided = 0;
  for (int k = 0; k < runs; ++k) {
    std::vector<std::vector<double>> d(mu.size());
    for (int r = 0; r < 20; ++r) {
      const double common = z(gen);  // common random numbers: correlation across systems
      for (std::size_t i = 0; i < mu.size(); ++i)
        d[i].push_back(mu[i] + sd[i] * (0.6 * common + 0.8 * z(gen)));
    }
    const auto m = mcb_intervals(d, true, true);
    bool all = true;
    for (std::size_t i = 0; i < mu.size(); ++i) {
      double best_other = -INFINITY;
      for (std::size_t l = 0; l < mu.size(); ++l)
        if (l != i) best_other = std::max(best_other, mu[l]);
      all = all && m[i].low <= mu[i] - best_other + 1e-12 && mu[i] - best_other <= m[i].high + 1e-12;
    }
    joint += all;
    decided += m[0].high == 0;  // the worst system found not to be the best
  }
  INFO("joint coverage " << joint << "/" << runs << ", system 0 ruled out in " << decided);
  CHECK(joint >= 0.95 * runs);
  CHECK(decided > 0.5 * runs);
}
