// Stein's two-stage procedure (stats/two_stage), its guarantee measured: normal observations of
// unknown variance, a first stage of n0, N from its variance, then X̄(N) ± h must cover the mean
// in 95 % of 20,000 macro-replications (within 3 standard errors: exactly 95 % is its
// guarantee's edge) — where stopping at the first n whose own t-interval is within ±h (the rule
// compare used before) covers less: it stops when the first stage's variance came out small.
#include <doctest/doctest.h>

#include <boost/math/distributions/students_t.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <vector>

#include "stats/two_stage.hpp"

using namespace subsim;

TEST_CASE("Stein two-stage: N from the first stage, the formula written out") {
  const double t9 = boost::math::quantile(boost::math::students_t(9), 0.975);  // 2.262
  CHECK(stein_replications(10, 3.0, 1.0, 0.05) == static_cast<std::int64_t>(std::ceil(t9 * t9 * 9)));
  CHECK(stein_replications(10, 0.1, 1.0, 0.05) == 10);  // never below the first stage
  CHECK(stein_replications(10, 0.0, 1.0, 0.05) == 10);
  // However large: the caller caps it and says the guarantee is lost.
  CHECK(stein_replications(10, 1e6, 1.0, 0.05) > 1'000'000'000'000);
  CHECK(stein_replications(10, NAN, 1.0, 0.05) == INT64_MAX);
  CHECK(stein_replications(10, 1.0, 0.0, 0.05) == INT64_MAX);
  CHECK(stein_replications(1, 1.0, 1.0, 0.05) == INT64_MAX);
}

TEST_CASE("Stein two-stage: the mean within ±h in 95 % of 20,000 runs; the doubling rule less") {
  boost::random::mt19937 g(20261205);
  // h near the first stage's typical half-width (t·σ/√10 = 0.715): where a rule stops early.
  const double mu = 5, sigma = 1, h = 0.7;
  const int n0 = 10, runs = 20000;
  int stein = 0, doubling = 0;
  double stein_n = 0;
  for (int run = 0; run < runs; ++run) {
    boost::random::normal_distribution<double> x(mu, sigma);
    std::vector<double> xs;
    auto moments = [&](std::size_t n, double& mean, double& sd) {
      double s = 0, ss = 0;
      for (std::size_t i = 0; i < n; ++i) s += xs[i];
      mean = s / static_cast<double>(n);
      for (std::size_t i = 0; i < n; ++i) ss += (xs[i] - mean) * (xs[i] - mean);
      sd = std::sqrt(ss / static_cast<double>(n - 1));
    };
    for (int i = 0; i < n0; ++i) xs.push_back(x(g));
    double mean = 0, sd = 0;
    moments(n0, mean, sd);
    const std::int64_t N = stein_replications(n0, sd, h, 0.05);
    while (static_cast<std::int64_t>(xs.size()) < std::max<std::int64_t>(N, 640)) xs.push_back(x(g));
    double m = 0, unused = 0;
    moments(static_cast<std::size_t>(N), m, unused);
    stein += std::fabs(m - mu) <= h;
    stein_n += static_cast<double>(N);
    // The doubling rule: 10, 20, 40, … until the t half-width is within h; then its interval.
    for (std::size_t n = n0;; n *= 2) {
      double dm = 0, ds = 0;
      moments(n, dm, ds);
      const double t = boost::math::quantile(boost::math::students_t(static_cast<double>(n - 1)), 0.975);
      const double half = t * ds / std::sqrt(static_cast<double>(n));
      if (half <= h || n >= 640) {
        doubling += std::fabs(dm - mu) <= half;
        break;
      }
    }
  }
  const double p_stein = static_cast<double>(stein) / runs, p_doubling = static_cast<double>(doubling) / runs;
  MESSAGE("Stein covers " << p_stein << " (mean N " << stein_n / runs << "), the doubling rule "
                          << p_doubling);
  CHECK(p_stein >= 0.95 - 3 * std::sqrt(0.95 * 0.05 / runs));
  CHECK(p_doubling < 0.95 - 3 * std::sqrt(0.95 * 0.05 / runs));
  CHECK(p_doubling < p_stein);
}
