// Expected lifetime against closed forms and an independent evaluation of ₂F₁.
#include "stats/lifetime_value.hpp"

#include <doctest/doctest.h>

// gamma and expm1 first: hypergeometric_pFq.hpp only declares what it uses of them.
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

using namespace subsim;

TEST_CASE("sBG discounted expected lifetime is 2F1(1, beta; alpha+beta; 1/(1+d))") {
  // Fader & Hardie's (2007) cohorts: regular α = 0.704, β = 1.182; high end 0.668, 3.806.
  const double cases[][2] = {{0.704, 1.182}, {0.668, 3.806}, {3.2, 0.4}, {25.0, 60.0}, {1.5, 1.5}};
  for (const auto& ab : cases)
    for (double d : {0.10, 0.01, 0.0079741404289})  // 10 %/period, 1 %, 10 %/year monthly
      CHECK(sbg_discounted_lifetime(ab[0], ab[1], d) ==
            doctest::Approx(boost::math::hypergeometric_pFq({1.0, ab[1]}, {ab[0] + ab[1]},
                                                            1 / (1 + d)))
                .epsilon(1e-9));
}

TEST_CASE("expected lifetime: the closed forms at the limits") {
  // Undiscounted: the mean lifetime (α+β−1)/(α−1) when α > 1, infinite otherwise.
  CHECK(sbg_discounted_lifetime(3.2, 0.4, 0) == doctest::Approx((3.2 + 0.4 - 1) / (3.2 - 1)));
  CHECK(std::isinf(sbg_discounted_lifetime(0.704, 1.182, 0)));
  // Large α, β with a fixed mean churn approach the geometric model (1+d)/(d+p).
  const double p = 0.2, d = 0.1;
  CHECK(sbg_discounted_lifetime(p * 1e6, (1 - p) * 1e6, d) ==
        doctest::Approx(geometric_discounted_lifetime(p, d)).epsilon(1e-5));
  CHECK(geometric_discounted_lifetime(p, d) == doctest::Approx(1.1 / 0.3));
  CHECK(geometric_discounted_lifetime(p, 0) == doctest::Approx(1 / p));  // mean of a geometric
  CHECK(discount_per_period(0.10, 12) == doctest::Approx(0.10));
  CHECK(std::pow(1 + discount_per_period(0.10, 1), 12) == doctest::Approx(1.10));
  // Invalid input is NaN, never a crash.
  CHECK(std::isnan(sbg_discounted_lifetime(-1, 1, 0.1)));
  CHECK(std::isnan(geometric_discounted_lifetime(1.5, 0.1)));
}

// The profile-likelihood interval of DEL (its range over the 95 % likelihood region) against
// the truth over simulated cohorts, and against the box of the α and β intervals it replaced.
TEST_CASE("the lifetime's profile interval covers the truth about 95 % of the time, the box far more widely") {
  const double alpha = 0.8, beta = 3.0, d = 0.1;
  const double truth = sbg_discounted_lifetime(alpha, beta, d);
  boost::random::mt19937 gen(2007);
  int covered = 0, box_covered = 0, runs = 1000;
  double width = 0, box_width = 0;
  for (int k = 0; k < runs; ++k) {
    boost::random::beta_distribution<double> theta(alpha, beta);
    boost::random::uniform_01<double> u01;
    Survivors active(9, 0);
    for (int c = 0; c < 1000; ++c) {
      const double th = theta(gen);
      int t = 0;
      while (t < 8 && u01(gen) >= th) ++t;
      for (int j = 0; j <= t; ++j) ++active[j];
    }
    const SbgFit f = fit_sbg(active);
    REQUIRE(f.fitted());
    const Estimate e = sbg_lifetime(f, risk_table(active), d);
    CHECK(e.low <= e.value);
    CHECK(e.value <= e.high);
    covered += e.low <= truth && truth <= e.high;
    width += (e.high - e.low) / runs;
    // The box: DEL falls with α and rises with β.
    const double lo = sbg_discounted_lifetime(f.alpha_high, f.beta_low, d);
    const double hi = sbg_discounted_lifetime(f.alpha_low, f.beta_high, d);
    box_covered += lo <= truth && truth <= hi;
    box_width += (hi - lo) / runs;
  }
  INFO("profile: " << covered << "/" << runs << " covered, mean width " << width << "; box: "
                   << box_covered << "/" << runs << ", width " << box_width << " (truth " << truth << ")");
  CHECK(covered >= 0.93 * runs);
  CHECK(covered <= 0.97 * runs);
  CHECK(box_width > 3 * width);
  const Estimate g = geometric_lifetime(0.2, 0.15, 0.25, 0.1);
  CHECK(g.low == doctest::Approx(1.1 / 0.35));
  CHECK(g.high == doctest::Approx(1.1 / 0.25));
  // Late leavers pay one more term: Σ S_paid(t) w^t = DEL·(1 − q + q·w) + q.
  const Estimate paid = paid_lifetime({4.0, 3.0, 5.0}, 0.5, 0.1);
  CHECK(paid.value == doctest::Approx(4.0 * (0.5 + 0.5 / 1.1) + 0.5));
  CHECK(paid.low == doctest::Approx(3.0 * (0.5 + 0.5 / 1.1) + 0.5));
  CHECK(paid_lifetime({4.0, 3.0, 5.0}, 0, 0.1).value == 4.0);
}

TEST_CASE("a lifetime whose series cannot be summed is no number, not a wrong one") {
  CHECK(std::isnan(sbg_discounted_lifetime(0.5, 1.0, 1e-17)));  // 1/(1+d) == 1 in doubles
  CHECK(std::isnan(sbg_discounted_lifetime(0.5, 1.0, 1e-12)));  // more than 10^8 terms
  CHECK(std::isfinite(sbg_discounted_lifetime(0.5, 1.0, 1e-4)));
}
