// The sBG fit on cohorts drawn from known parameters (Boost.Random, seeded mt19937: the same
// cohorts on every run): the estimates find the truth and the 95 % profile-likelihood intervals
// cover it.
#include "stats/sbg.hpp"

#include <doctest/doctest.h>

#include <boost/random/beta_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

using namespace subsim;

namespace {

// `size` customers, each with θ ~ Beta(alpha, beta), each leaving at the end of a period with
// probability θ; the survivors after periods 0…periods.
Survivors draw_cohort(boost::random::mt19937& rng, double alpha, double beta, int size,
                      int periods) {
  boost::random::beta_distribution<double> theta_of(alpha, beta);
  boost::random::uniform_01<double> u;
  Survivors active(static_cast<std::size_t>(periods) + 1, 0);
  for (int i = 0; i < size; ++i) {
    const double theta = theta_of(rng);
    int t = 0;
    ++active[0];
    while (t < periods && !(u(rng) < theta)) ++active[++t];
  }
  return active;
}

}  // namespace

TEST_CASE("simulation: 95 % intervals cover the true alpha and beta in at least 16 of 20 cohorts of 5,000") {
  // Coverage is 19 of 20 on average for a 95 % interval; 16 or more happens with probability
  // 0.984 for a correct one (binomial 20, 0.95). The cohorts are fixed by the seed: this run's
  // counts are printed on failure.
  const double alpha = 0.7, beta = 1.2;
  boost::random::mt19937 rng(20070101);
  int alpha_covered = 0, beta_covered = 0, both = 0;
  double alpha_sum = 0, beta_sum = 0;
  for (int c = 0; c < 20; ++c) {
    Survivors n = draw_cohort(rng, alpha, beta, 5000, 8);
    CHECK(survivors_problem(n).empty());
    SbgFit f = fit_sbg(n);
    REQUIRE(f.status == SbgStatus::ok);
    CHECK(f.converged);
    const bool a = f.alpha_low <= alpha && alpha <= f.alpha_high;
    const bool b = f.beta_low <= beta && beta <= f.beta_high;
    alpha_covered += a;
    beta_covered += b;
    both += a && b;
    alpha_sum += f.alpha;
    beta_sum += f.beta;
  }
  INFO("alpha covered " << alpha_covered << "/20, beta " << beta_covered << "/20, both " << both);
  CHECK(alpha_covered >= 16);
  CHECK(beta_covered >= 16);
  CHECK(alpha_sum / 20 == doctest::Approx(alpha).epsilon(0.05));
  CHECK(beta_sum / 20 == doctest::Approx(beta).epsilon(0.1));
}

TEST_CASE("simulation: the projection band covers the true survival curve past the data") {
  // Fit 8 periods, project to 16: the band is for S(t) itself, so the true curve should lie in
  // it about 95 % of the time at each t (checked at t = 12 and 16 over 20 cohorts).
  const double alpha = 2.0, beta = 6.0;
  boost::random::mt19937 rng(42);
  const std::vector<double> truth = sbg_survival_curve(alpha, beta, 16);
  int covered12 = 0, covered16 = 0;
  for (int c = 0; c < 20; ++c) {
    Survivors n = draw_cohort(rng, alpha, beta, 5000, 8);
    SbgFit f = fit_sbg(n);
    REQUIRE(f.fitted());
    SurvivalBand b = sbg_band(f, n, 16);
    covered12 += b.low[12] <= truth[12] && truth[12] <= b.high[12];
    covered16 += b.low[16] <= truth[16] && truth[16] <= b.high[16];
  }
  INFO("covered at 12: " << covered12 << "/20, at 16: " << covered16 << "/20");
  CHECK(covered12 >= 16);
  CHECK(covered16 >= 16);
}

TEST_CASE("simulation: geometric cohorts rarely reject the geometric model") {
  // No heterogeneity (every customer p = 0.15): the likelihood-ratio test at 5 % should reject
  // in about 1 of 20 cohorts; at most 4 is allowed.
  boost::random::mt19937 rng(7);
  boost::random::uniform_01<double> u;
  int rejected = 0;
  for (int c = 0; c < 20; ++c) {
    Survivors n(9, 0);
    for (int i = 0; i < 5000; ++i) {
      int t = 0;
      ++n[0];
      while (t < 8 && !(u(rng) < 0.15)) ++n[++t];
    }
    SbgFit f = fit_sbg(n);
    REQUIRE(f.fitted());
    LikelihoodRatio lr = sbg_vs_geometric(f, fit_geometric(n));
    CHECK(lr.p_value <= 1.0);
    rejected += lr.p_value < 0.05;
  }
  INFO("rejected " << rejected << "/20");
  CHECK(rejected <= 4);
}
