// The shifted-beta-geometric model (stats/sbg): the published worked example, the closed
// forms, the geometric model, the likelihood-ratio test and the degenerate cohorts.
#include "stats/sbg.hpp"

#include <doctest/doctest.h>

#include <boost/random/beta_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

using namespace subsim;

namespace {

// Fader & Hardie, "How to project customer retention", Journal of Interactive Marketing 21(1),
// 2007, Table 1: customers of 1,000 still active after years 0…12; the paper fits years 1–7.
// (The table as reproduced in pymc-marketing's docs/source/notebooks/clv/sBG.ipynb.)
const Survivors kRegular = {1000, 631, 468, 382, 326, 289, 262, 241};
const Survivors kHighEnd = {1000, 869, 743, 653, 593, 551, 517, 491};
const std::vector<double> kRegularYears8To12 = {223, 207, 194, 183, 173};
const std::vector<double> kHighEndYears8To12 = {468, 445, 427, 409, 394};

double lbeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// Σ_t d_t ln P(T = t) + n_T ln S(T), straight from the definition.
double ll_by_definition(double a, double b, const Survivors& n) {
  double ll = 0;
  const int T = static_cast<int>(n.size()) - 1;
  for (int t = 1; t <= T; ++t)
    ll += static_cast<double>(n[t - 1] - n[t]) * (lbeta(a + 1, b + t - 1) - lbeta(a, b));
  return ll + static_cast<double>(n[T]) * (lbeta(a, b + T) - lbeta(a, b));
}

}  // namespace

TEST_CASE("sBG: the Fader-Hardie worked example gives the published alpha and beta") {
  // Published maximum-likelihood estimates (Fader & Hardie 2007, fitted on years 1-7):
  // regular alpha = 0.704, beta = 1.182; high end alpha = 0.668, beta = 3.806. The high-end
  // pair is also what jdmaturen/shifted_beta_geometric_py (sbg.py, test()) expects from the
  // high-end data. Some secondary sources swap the cohorts; the data decide: the regular
  // cohort's 36.9 % first-year churn needs alpha/(alpha+beta) near 0.37 (0.704/1.886 = 0.373).
  // No published table of the log-likelihoods was at hand; they are checked below against the
  // definition by lgamma.
  SbgFit regular = fit_sbg(kRegular);
  CHECK(regular.status == SbgStatus::ok);
  CHECK(regular.converged);
  CHECK(std::fabs(regular.alpha - 0.704) < 0.0005);
  CHECK(std::fabs(regular.beta - 1.182) < 0.0005);
  SbgFit high = fit_sbg(kHighEnd);
  CHECK(high.status == SbgStatus::ok);
  CHECK(high.converged);
  CHECK(std::fabs(high.alpha - 0.668) < 0.0005);
  CHECK(std::fabs(high.beta - 3.806) < 0.0005);
  // The maximised log-likelihoods (subsim's figures, checked against the definition).
  CHECK(regular.log_likelihood == doctest::Approx(-1680.2652).epsilon(1e-7));
  CHECK(high.log_likelihood == doctest::Approx(-1611.1581).epsilon(1e-7));
  CHECK(regular.log_likelihood == doctest::Approx(ll_by_definition(regular.alpha, regular.beta, kRegular)));
  // The mean churn rate of a new customer, alpha / (alpha + beta).
  CHECK(regular.mean == doctest::Approx(0.3733).epsilon(1e-3));
  CHECK(high.mean == doctest::Approx(0.1493).epsilon(1e-3));
  // The intervals hold the estimate and are bounded on both sides with 1,000 customers.
  for (const SbgFit* f : {&regular, &high}) {
    CHECK(f->alpha_low < f->alpha);
    CHECK(f->alpha < f->alpha_high);
    CHECK(f->beta_low < f->beta);
    CHECK(f->beta < f->beta_high);
    CHECK(std::isfinite(f->alpha_high));
    CHECK(std::isfinite(f->beta_high));
    CHECK(f->alpha_low > 0);
  }
}

TEST_CASE("sBG: the projection of years 8-12 against the paper's actuals") {
  for (int cohort = 0; cohort < 2; ++cohort) {
    const Survivors& data = cohort == 0 ? kRegular : kHighEnd;
    const std::vector<double>& actual = cohort == 0 ? kRegularYears8To12 : kHighEndYears8To12;
    SbgFit f = fit_sbg(data);
    SurvivalBand band = sbg_band(f, data, 12);
    REQUIRE(band.fitted.size() == 13);
    double ape = 0;
    for (int t = 8; t <= 12; ++t) {
      const double fitted = 1000 * band.fitted[t];
      ape += std::fabs(fitted - actual[t - 8]) / actual[t - 8];
      CHECK(band.low[t] <= band.fitted[t]);
      CHECK(band.fitted[t] <= band.high[t]);
    }
    INFO("cohort " << cohort << " MAPE " << 100 * ape / 5);
    CHECK(100 * ape / 5 < 4.0);  // 1.5 % (regular) and 2.8 % (high end)
  }
  // High end: the projected share surviving years 8-12 as jdmaturen/shifted_beta_geometric_py
  // (README) prints it: 0.460, 0.436, 0.414, 0.395, 0.378.
  std::vector<double> s = sbg_survival_curve(0.668, 3.806, 12);
  const double expected[] = {0.460, 0.436, 0.414, 0.395, 0.378};
  SbgFit high = fit_sbg(kHighEnd);
  std::vector<double> fitted = sbg_survival_curve(high.alpha, high.beta, 12);
  for (int t = 8; t <= 12; ++t) {
    CHECK(std::fabs(s[t] - expected[t - 8]) < 0.0006);
    CHECK(std::fabs(fitted[t] - expected[t - 8]) < 0.0006);
  }
}

TEST_CASE("sBG closed forms: the recursions equal B(a, b+t)/B(a, b) and B(a+1, b+t-1)/B(a, b)") {
  for (double a : {0.05, 0.7, 3.0, 250.0})
    for (double b : {0.02, 1.2, 8.0, 4000.0}) {
      std::vector<double> s = sbg_survival_curve(a, b, 40);
      double mass = 0;
      for (int t = 1; t <= 40; ++t) {
        const double by_beta = std::exp(lbeta(a, b + t) - lbeta(a, b));
        CHECK(s[t] == doctest::Approx(by_beta).epsilon(1e-10));
        CHECK(sbg_log_survival(a, b, t) == doctest::Approx(lbeta(a, b + t) - lbeta(a, b)).epsilon(1e-9));
        const double log_pmf = lbeta(a + 1, b + t - 1) - lbeta(a, b);
        CHECK(sbg_log_pmf(a, b, t) == doctest::Approx(log_pmf).epsilon(1e-9));
        mass += std::exp(sbg_log_pmf(a, b, t));
      }
      CHECK(mass + s[40] == doctest::Approx(1.0).epsilon(1e-12));
      CHECK(sbg_log_pmf(a, b, 1) == doctest::Approx(std::log(a / (a + b))));
    }
}

TEST_CASE("sBG log-likelihood: the closed form equals the definition, and the paper data peak at the fit") {
  for (double a : {0.3, 0.704, 2.0})
    for (double b : {0.5, 1.182, 9.0})
      for (const Survivors* n : {&kRegular, &kHighEnd})
        CHECK(sbg_log_likelihood(a, b, *n) == doctest::Approx(ll_by_definition(a, b, *n)).epsilon(1e-11));
  CHECK(sbg_log_likelihood(0, 1, kRegular) == -kInf);
  CHECK(sbg_log_likelihood(1, NAN, kRegular) == -kInf);
  SbgFit f = fit_sbg(kRegular);
  for (double da : {-0.01, 0.01})
    for (double db : {-0.01, 0.0, 0.01}) CHECK(sbg_log_likelihood(f.alpha + da, f.beta + db, kRegular) < f.log_likelihood);
  // The interval ends lie where the profile log-likelihood is 1.92 below the maximum: at
  // alpha_high no beta does better than that.
  for (double b = 0.5; b < 3; b += 0.01)
    CHECK(sbg_log_likelihood(f.alpha_high, b, kRegular) <= f.log_likelihood - kChiSquare1At95 / 2 + 1e-6);
}

TEST_CASE("geometric model: p is churned over exposure and its interval is the likelihood-ratio interval") {
  GeometricFit g = fit_geometric(kRegular);
  REQUIRE(g.defined);
  CHECK(g.churned == 759);
  CHECK(g.exposure == 1000 + 631 + 468 + 382 + 326 + 289 + 262);
  CHECK(g.p == doctest::Approx(759.0 / 3358.0));
  CHECK(g.log_likelihood == doctest::Approx(759 * std::log(g.p) + (3358 - 759) * std::log(1 - g.p)));
  CHECK(geometric_log_likelihood(g.p + 0.01, kRegular) < g.log_likelihood);
  CHECK(geometric_log_likelihood(g.p_low, kRegular) == doctest::Approx(g.log_likelihood - kChiSquare1At95 / 2));
  CHECK(geometric_log_likelihood(g.p_high, kRegular) == doctest::Approx(g.log_likelihood - kChiSquare1At95 / 2));
  CHECK(g.p_low < g.p);
  CHECK(g.p < g.p_high);
  SurvivalBand b = geometric_band(g, 10);
  CHECK(b.fitted[3] == doctest::Approx(std::pow(1 - g.p, 3)));
  CHECK(b.low[3] < b.fitted[3]);
  CHECK(b.fitted[3] < b.high[3]);
}

TEST_CASE("likelihood ratio: the sBG beats the geometric model on the paper's data") {
  for (const Survivors* n : {&kRegular, &kHighEnd}) {
    SbgFit s = fit_sbg(*n);
    GeometricFit g = fit_geometric(*n);
    CHECK(s.log_likelihood > g.log_likelihood);
    LikelihoodRatio lr = sbg_vs_geometric(s, g);
    CHECK(lr.statistic == doctest::Approx(2 * (s.log_likelihood - g.log_likelihood)));
    CHECK(lr.statistic > 50);
    CHECK(lr.p_value < 1e-9);
  }
  // The boundary mixture: half the chi-square(1) tail (3.841 -> 0.025).
  SbgFit s;
  s.status = SbgStatus::ok;
  s.log_likelihood = -100;
  GeometricFit g;
  g.defined = true;
  g.log_likelihood = -100 - kChiSquare1At95 / 2;
  CHECK(sbg_vs_geometric(s, g).p_value == doctest::Approx(0.025));
  g.log_likelihood = -100;
  CHECK(sbg_vs_geometric(s, g).p_value == 1.0);
  CHECK(std::isnan(sbg_vs_geometric(SbgFit{}, g).statistic));
}

TEST_CASE("degenerate cohorts: each gets a status and a note, never a crash or a made-up estimate") {
  SbgFit none = fit_sbg({500, 500, 500, 500});
  CHECK(none.status == SbgStatus::no_churn);
  CHECK(none.note.find("nobody left in 3 periods") != std::string::npos);
  CHECK(std::isnan(none.alpha));
  GeometricFit g0 = fit_geometric({500, 500, 500, 500});
  CHECK(g0.p == 0);
  CHECK(g0.log_likelihood == 0);
  CHECK(g0.p_low == 0);
  CHECK(g0.p_high == doctest::Approx(1 - std::exp(-kChiSquare1At95 / 2 / 1500)));

  SbgFit gone = fit_sbg({500, 0, 0, 0});
  CHECK(gone.status == SbgStatus::all_churned_first_period);
  CHECK(gone.note.find("everybody left in period 1") != std::string::npos);
  GeometricFit g1 = fit_geometric({500, 0, 0, 0});
  CHECK(g1.p == 1);
  CHECK(g1.p_high == 1);
  CHECK(g1.p_low == doctest::Approx(std::exp(-kChiSquare1At95 / 2 / 500)));
  CHECK(geometric_band(g1, 3).fitted[1] == 0);

  SbgFit one = fit_sbg({500, 400});
  CHECK(one.status == SbgStatus::too_few_periods);
  CHECK(one.note.find("needs 2 or more") != std::string::npos);
  CHECK(fit_geometric({500, 400}).p == doctest::Approx(0.2));
  CHECK(fit_sbg({500}).status == SbgStatus::too_few_periods);
  CHECK_FALSE(fit_geometric({500}).defined);

  SbgFit empty = fit_sbg({0, 0, 0});
  CHECK(empty.status == SbgStatus::empty);
  CHECK_FALSE(fit_geometric({0, 0, 0}).defined);
  CHECK_FALSE(empty.fitted());
  CHECK_THROWS_AS(sbg_band(empty, {0, 0, 0}, 5), std::invalid_argument);

  CHECK(survivors_problem({100, 90, 95}) ==
        "period 2: 95 active, more than the 90 of period 1 (a cohort can only shrink)");
  CHECK(survivors_problem({100, -1}) == "period 1: a negative count");
  CHECK(survivors_problem({}) == "no period 0: the cohort's size is missing");
  CHECK_THROWS_WITH_AS(fit_sbg({100, 90, 95}), doctest::Contains("a cohort can only shrink"),
                       std::invalid_argument);
  CHECK_THROWS_AS(fit_geometric({100, 90, 95}), std::invalid_argument);
}

TEST_CASE("boundary maxima: no heterogeneity goes to the geometric model, churn in period 1 only to alpha, beta -> 0") {
  // Exactly geometric counts (p = 0.2, no heterogeneity): the likelihood rises toward
  // alpha, beta -> infinity; the fit says so and matches the geometric model's likelihood.
  Survivors geometric = {100000, 80000, 64000, 51200, 40960, 32768};
  SbgFit f = fit_sbg(geometric);
  GeometricFit g = fit_geometric(geometric);
  CHECK(f.status == SbgStatus::boundary);
  CHECK(f.geometric_limit);
  CHECK(f.note.find("no heterogeneity") != std::string::npos);
  CHECK(f.alpha == kInf);
  CHECK(f.beta == kInf);
  CHECK(f.mean == doctest::Approx(0.2));
  CHECK(f.log_likelihood == g.log_likelihood);
  CHECK(f.alpha_high == kInf);
  CHECK(f.beta_high == kInf);
  CHECK(f.alpha_low > 10);  // 100,000 customers rule out much heterogeneity
  CHECK(f.beta_low > 4 * 10);
  LikelihoodRatio lr = sbg_vs_geometric(f, g);
  CHECK(lr.statistic == 0);
  CHECK(lr.p_value == 1);
  SurvivalBand b = sbg_band(f, geometric, 10);
  CHECK(b.fitted[5] == doctest::Approx(0.32768));
  CHECK(b.low[5] <= b.fitted[5]);
  CHECK(b.high[5] >= b.fitted[5]);
  // A churn hazard that rises (10 %, 20 %, 40 %) on 10 million customers: the sBG can only
  // produce a falling hazard, so its best is the geometric limit, above any point of the box.
  Survivors rising = {10000000, 9000000, 7200000, 4320000};
  SbgFit r = fit_sbg(rising);
  CHECK(r.geometric_limit);
  CHECK(r.log_likelihood == fit_geometric(rising).log_likelihood);
  CHECK(sbg_vs_geometric(r, fit_geometric(rising)).statistic == 0);
  // Churn in period 1 only, then nobody: a split between leavers and stayers.
  SbgFit split = fit_sbg({1000, 600, 600, 600});
  CHECK(split.status == SbgStatus::boundary);
  CHECK(split.note.find("alpha, beta -> 0") != std::string::npos);
  CHECK(split.mean == doctest::Approx(0.4).epsilon(1e-3));
  CHECK(split.alpha_low == 0);
}

// Late leavers (RiskTable::late, stats/late_leavers): q → 0 is the plain sBG, derivatives and
// all; and the model recovers the decision rates from paid-term data where a share q of the
// leavers paid one more term.
TEST_CASE("late leavers: q = 0 is the sBG, and fitting with q recovers the decision rates") {
  RiskTable risk;
  risk.survived = {800, 690, 620, 570, 530};
  risk.churned = {200, 110, 70, 50, 40};
  const double u = std::log(0.8), v = std::log(3.0);
  RiskTable tiny = risk;
  tiny.late = 1e-13;
  CHECK(sbg_log_likelihood(0.8, 3.0, tiny) == doctest::Approx(sbg_log_likelihood(0.8, 3.0, risk)).epsilon(1e-10));
  const SbgFit plain = fit_sbg(risk), near = fit_sbg(tiny);
  CHECK(near.alpha == doctest::Approx(plain.alpha).epsilon(1e-6));
  CHECK(near.beta == doctest::Approx(plain.beta).epsilon(1e-6));
  CHECK(near.alpha_low == doctest::Approx(plain.alpha_low).epsilon(1e-6));
  CHECK(near.beta_high == doctest::Approx(plain.beta_high).epsilon(1e-6));
  const LogCovariance a = sbg_log_covariance(risk, plain.alpha, plain.beta);
  const LogCovariance b = sbg_log_covariance(tiny, plain.alpha, plain.beta);
  CHECK(b.uu == doctest::Approx(a.uu).epsilon(1e-6));
  CHECK(b.uv == doctest::Approx(a.uv).epsilon(1e-6));
  CHECK(b.vv == doctest::Approx(a.vv).epsilon(1e-6));
  (void)u, (void)v;

  // Decisions at rate θ ~ Beta(0.8, 3) per term; a share q of them late (one more term paid);
  // 20,000 customers observed for 8 opportunities, 20 seeds. With q the 95 % profile intervals
  // cover the truth in at least 17 of 20 seeds; fitting the paid terms as if on time (q = 0)
  // never does.
  for (double q : {0.5, 0.9}) {
    int covered_alpha = 0, covered_beta = 0, naive_covered = 0;
    RiskTable paid;
    SbgFit f;
    for (unsigned seed = 1; seed <= 20; ++seed) {
      boost::random::mt19937 gen(seed);
      boost::random::beta_distribution<double> theta(0.8, 3.0);
      boost::random::uniform_01<double> u01;
      paid = RiskTable{};
      paid.survived.assign(8, 0);
      paid.churned.assign(8, 0);
      for (int c = 0; c < 20000; ++c) {
        const double th = theta(gen);
        int leave = 0;  // the opportunity at which payment stops (0: not within 8)
        for (int t = 1; t <= 8 && leave == 0; ++t)
          if (u01(gen) < th) leave = u01(gen) < q ? t + 1 : t;
        for (int t = 1; t <= 8; ++t) {
          if (leave == t) {
            ++paid.churned[t - 1];
            break;
          }
          ++paid.survived[t - 1];
        }
      }
      const SbgFit naive = fit_sbg(paid);
      naive_covered += naive.alpha_low <= 0.8 && 0.8 <= naive.alpha_high &&
                       naive.beta_low <= 3.0 && 3.0 <= naive.beta_high;
      paid.late = q;
      f = fit_sbg(paid);
      CHECK(f.status == SbgStatus::ok);
      covered_alpha += f.alpha_low <= 0.8 && 0.8 <= f.alpha_high;
      covered_beta += f.beta_low <= 3.0 && 3.0 <= f.beta_high;
    }
    INFO("q " << q << ": alpha covered " << covered_alpha << "/20, beta " << covered_beta
              << "/20, as if on time " << naive_covered << "/20");
    CHECK(covered_alpha >= 17);
    CHECK(covered_beta >= 17);
    CHECK(naive_covered == 0);
    const GeometricFit g = fit_geometric(paid);
    CHECK(g.log_likelihood < f.log_likelihood);  // heterogeneity found with the delay modelled
    CHECK(g.p_low <= g.p);
    CHECK(g.p <= g.p_high);
  }
}
