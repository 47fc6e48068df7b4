// Expected lifetime against closed forms and an independent evaluation of ₂F₁.
#include "stats/lifetime_value.hpp"

#include <doctest/doctest.h>

// gamma and expm1 first: hypergeometric_pFq.hpp only declares what it uses of them.
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>
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

TEST_CASE("the lifetime's interval holds the estimate: falls with alpha, rises with beta") {
  SbgFit f;
  f.status = SbgStatus::ok;
  f.alpha = 0.704, f.alpha_low = 0.5, f.alpha_high = 1.0;
  f.beta = 1.182, f.beta_low = 0.9, f.beta_high = 1.6;
  const Estimate e = sbg_lifetime(f, 0.1);
  CHECK(e.low < e.value);
  CHECK(e.value < e.high);
  CHECK(e.low == doctest::Approx(sbg_discounted_lifetime(1.0, 0.9, 0.1)));
  const Estimate g = geometric_lifetime(0.2, 0.15, 0.25, 0.1);
  CHECK(g.low == doctest::Approx(1.1 / 0.35));
  CHECK(g.high == doctest::Approx(1.1 / 0.25));
  f.alpha_high = kInf;  // an unbounded end gives no bound
  CHECK(std::isnan(sbg_lifetime(f, 0.1).low));
}

TEST_CASE("a lifetime whose series cannot be summed is no number, not a wrong one") {
  CHECK(std::isnan(sbg_discounted_lifetime(0.5, 1.0, 1e-17)));  // 1/(1+d) == 1 in doubles
  CHECK(std::isnan(sbg_discounted_lifetime(0.5, 1.0, 1e-12)));  // more than 10^8 terms
  CHECK(std::isfinite(sbg_discounted_lifetime(0.5, 1.0, 1e-4)));
}
