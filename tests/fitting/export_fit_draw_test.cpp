// The sampling distributions a forecast draws an export fit's parameters from
// (fitting/export_fit_draw.cpp), checked against independent computations: the sBG's covariance
// against a finite-difference Hessian of the likelihood written from its definition, the drawn
// rates against the Wilson interval, the drawn α against the profile-likelihood interval.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "fitting/export_fit.hpp"
#include "stats/sbg.hpp"

using namespace subsim;

namespace {

// Fader & Hardie (2007), Table 1, the regular cohort's years 0–7.
const Survivors kRegularEight = {1000, 631, 468, 382, 326, 289, 262, 241};

double lbeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// LL in (u, v) = (ln α, ln β), from the definition.
double ll(double u, double v) {
  const double a = std::exp(u), b = std::exp(v);
  double s = 0;
  const int T = static_cast<int>(kRegularEight.size()) - 1;
  for (int t = 1; t <= T; ++t)
    s += static_cast<double>(kRegularEight[t - 1] - kRegularEight[t]) * (lbeta(a + 1, b + t - 1) - lbeta(a, b));
  return s + static_cast<double>(kRegularEight[T]) * (lbeta(a, b + T) - lbeta(a, b));
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

ExportFit regular_fit() {
  ExportFit f;
  f.monthly.term = "monthly";
  f.monthly.risk = risk_table(kRegularEight);
  f.monthly.sbg = fit_sbg(f.monthly.risk);
  f.monthly.geometric = fit_geometric(f.monthly.risk);
  f.monthly.lr = sbg_vs_geometric(f.monthly.sbg, f.monthly.geometric);
  f.monthly.constant = wilson(759, 3358);
  f.lapsed = wilson(30, 1000);
  f.arrivals = poisson_exact(120);
  f.arrivals.value /= 12;
  f.arrivals.low /= 12;
  f.arrivals.high /= 12;
  f.term = {{"monthly", wilson(70, 120)}, {"annual", wilson(50, 120)}};
  return f;
}

}  // namespace

TEST_CASE("sbg_log_covariance is the inverse of a finite-difference Hessian of the likelihood") {
  const SbgFit fit = fit_sbg(risk_table(kRegularEight));
  const LogCovariance c = sbg_log_covariance(risk_table(kRegularEight), fit.alpha, fit.beta);
  REQUIRE(c.ok);
  const double u = std::log(fit.alpha), v = std::log(fit.beta), h = 1e-4;
  const double huu = (ll(u + h, v) - 2 * ll(u, v) + ll(u - h, v)) / (h * h);
  const double hvv = (ll(u, v + h) - 2 * ll(u, v) + ll(u, v - h)) / (h * h);
  const double huv =
      (ll(u + h, v + h) - ll(u + h, v - h) - ll(u - h, v + h) + ll(u - h, v - h)) / (4 * h * h);
  const double det = huu * hvv - huv * huv;
  CHECK(c.uu == doctest::Approx(-hvv / det).epsilon(1e-4));
  CHECK(c.vv == doctest::Approx(-huu / det).epsilon(1e-4));
  CHECK(c.uv == doctest::Approx(huv / det).epsilon(1e-4));
  CHECK(c.uv > 0);  // α̂ and β̂ rise together
  // Not at a maximum of anything: a non-finite parameter has no covariance.
  CHECK_FALSE(sbg_log_covariance(risk_table(kRegularEight), INFINITY, 1).ok);
}

TEST_CASE("draw_export_fit: reproducible per replication, and spread as the intervals say") {
  const ExportFit f = regular_fit();
  REQUIRE(f.monthly.sbg_preferred());
  // The same seed and replication draw the same parameters; another replication others.
  CHECK(draw_export_fit(f, 7, 3).monthly.sbg.alpha == draw_export_fit(f, 7, 3).monthly.sbg.alpha);
  CHECK(draw_export_fit(f, 7, 3).monthly.sbg.alpha != draw_export_fit(f, 7, 4).monthly.sbg.alpha);
  std::vector<double> alpha, beta, lapsed, arrivals, monthly_share;
  for (std::uint32_t r = 0; r < 4000; ++r) {
    const ExportFit d = draw_export_fit(f, 11, r);
    alpha.push_back(d.monthly.sbg.alpha);
    beta.push_back(d.monthly.sbg.beta);
    lapsed.push_back(d.lapsed.value);
    arrivals.push_back(d.arrivals.value);
    monthly_share.push_back(d.term[0].estimate.value);
    CHECK(d.term[0].estimate.value + d.term[1].estimate.value == doctest::Approx(1));
    CHECK(d.monthly.sbg.mean == doctest::Approx(d.monthly.sbg.alpha / (d.monthly.sbg.alpha + d.monthly.sbg.beta)));
  }
  // The central 95 % of the draws against each estimate's own 95 % interval (independent
  // methods: profile likelihood, Wilson, Garwood), within 10 % of the interval's width.
  auto near = [](const std::vector<double>& draws, double low, double high) {
    const double w = high - low, q_low = quantile(draws, 0.025), q_high = quantile(draws, 0.975);
    INFO("draws' 95 % [" << q_low << ", " << q_high << "] against [" << low << ", " << high << "]");
    CHECK(std::fabs(q_low - low) < 0.1 * w);
    CHECK(std::fabs(q_high - high) < 0.1 * w);
  };
  near(alpha, f.monthly.sbg.alpha_low, f.monthly.sbg.alpha_high);
  near(beta, f.monthly.sbg.beta_low, f.monthly.sbg.beta_high);
  near(lapsed, f.lapsed.low, f.lapsed.high);
  near(arrivals, f.arrivals.low, f.arrivals.high);
  near(monthly_share, f.term[0].estimate.low, f.term[0].estimate.high);
}
