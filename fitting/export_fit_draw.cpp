// draw_export_fit: an export fit's estimates drawn from their sampling distributions, so that a
// forecast's replications carry the parameters' uncertainty (docs/fitting.md).
#include "fitting/export_fit.hpp"

#include <boost/random/chi_squared_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include "stats/interval.hpp"
#include "model/random_stream.hpp"

namespace subsim {

namespace {

class Draws {
 public:
  Draws(std::uint64_t seed, std::uint32_t replication)
      : rng_(seed, replication, 0, Purpose::amount, stream_index::fit_parameters) {}

  double gamma(double shape) { return boost::random::gamma_distribution<double>(shape)(rng_); }
  double normal() { return boost::random::normal_distribution<double>()(rng_); }
  double chi_squared(double dof) {
    return boost::random::chi_squared_distribution<double>(dof)(rng_);
  }

  // k events in n trials: Beta(k + ½, n − k + ½).
  void rate(CountedEstimate& e) {
    if (e.base <= 0 || std::isnan(e.value)) return;
    const double a = gamma(static_cast<double>(e.events) + 0.5);
    const double b = gamma(static_cast<double>(e.base - e.events) + 0.5);
    e.value = a / (a + b);
  }
  // A Poisson count k behind value = k / exposure: Gamma(k + ½) / exposure.
  void poisson(CountedEstimate& e) {
    if (e.events <= 0 || !(e.value > 0)) return;
    const double exposure = static_cast<double>(e.events) / e.value;
    e.value = gamma(static_cast<double>(e.events) + 0.5) / exposure;
  }
  // Shares of one whole from their counts: Dirichlet(k + ½).
  void shares(std::vector<NamedEstimate>& v) {
    double total = 0;
    std::vector<double> g;
    for (const NamedEstimate& s : v) {
      if (s.estimate.base <= 0) return;
      g.push_back(gamma(static_cast<double>(s.estimate.events) + 0.5));
      total += g.back();
    }
    for (std::size_t i = 0; i < v.size(); ++i) v[i].estimate.value = g[i] / total;
  }
  // A normal estimate with a symmetric 95 % interval.
  void normal_estimate(CountedEstimate& e) {
    if (!std::isfinite(e.high - e.value)) return;
    e.value += (e.high - e.value) / kZ95 * normal();
  }
  // The lognormal of seats: log-median normal with sd/√n, sigma by sd·√((n−1)/χ²(n−1)).
  void lognormal(CountedEstimate& median, CountedEstimate& sigma) {
    const double n = static_cast<double>(median.base);
    if (n < 2 || !(median.value > 0) || !std::isfinite(sigma.value)) return;
    const double sd = sigma.value;
    median.value = std::exp(std::log(median.value) + sd / std::sqrt(n) * normal());
    sigma.value = sd * std::sqrt((n - 1) / chi_squared(n - 1));
  }
  // The sBG's (ln α, ln β), jointly normal; the constant rate when the sBG is not used.
  void cancel(CancelFit& c) {
    // The decision rate: the observed share's draw (events in opportunities), scaled by the
    // fit's decision rate over that share — late leavers make the decision rate the higher
    // (stats/late_leavers; docs/fitting.md).
    const double share = c.constant.base > 0 ? static_cast<double>(c.constant.events) /
                                                   static_cast<double>(c.constant.base)
                                             : kNaN;
    const double scale = share > 0 && std::isfinite(c.constant.value) ? c.constant.value / share : 1.0;
    rate(c.constant);
    c.constant.value = std::min(1.0, c.constant.value * scale);
    if (!c.sbg_preferred()) return;
    const LogCovariance cov = sbg_log_covariance(c.risk, c.sbg.alpha, c.sbg.beta);
    if (!cov.ok) return;
    // Cholesky of [[uu, uv], [uv, vv]].
    const double l11 = std::sqrt(cov.uu), l21 = cov.uv / l11;
    const double l22 = std::sqrt(std::max(0.0, cov.vv - l21 * l21));
    const double z1 = normal(), z2 = normal();
    c.sbg.alpha = std::exp(std::log(c.sbg.alpha) + l11 * z1);
    c.sbg.beta = std::exp(std::log(c.sbg.beta) + l21 * z1 + l22 * z2);
    c.sbg.mean = c.sbg.alpha / (c.sbg.alpha + c.sbg.beta);
  }

 private:
  RandomStream rng_;
};

}  // namespace

ExportFit draw_export_fit(const ExportFit& f, std::uint64_t seed, std::uint32_t replication) {
  ExportFit d = f;
  Draws draw(seed, replication);
  draw.poisson(d.arrivals);
  draw.shares(d.term);
  draw.shares(d.edition);
  draw.shares(d.basis);
  draw.lognormal(d.seats_median, d.seats_sigma);
  draw.normal_estimate(d.seat_growth);
  draw.cancel(d.monthly);
  draw.cancel(d.annual);
  for (NamedEstimate& e : d.edition_factor) draw.poisson(e.estimate);
  draw.rate(d.lapsed);
  draw.rate(d.switched);
  draw.rate(d.downgraded);
  draw.rate(d.come_back);
  return d;
}

}  // namespace subsim
