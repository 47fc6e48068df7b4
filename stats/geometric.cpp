// The geometric model (every customer the same churn p): stats/sbg.hpp's constant-churn
// special case, its fit, its likelihood-ratio interval and its survival band.
#include <cmath>
#include <stdexcept>

#include "stats/boundary.hpp"
#include "stats/late_leavers.hpp"
#include "stats/sbg.hpp"

namespace subsim {

double geometric_log_likelihood(double p, const Survivors& active) {
  return geometric_log_likelihood(p, risk_table(active));
}

double geometric_log_likelihood(double p, const RiskTable& risk) {
  if (risk.late > 0) return geometric_late_log_likelihood(p, risk);
  double churned = 0, stayed = 0;
  for (std::size_t k = 0; k < risk.survived.size(); ++k) {
    churned += static_cast<double>(risk.churned[k]);
    stayed += static_cast<double>(risk.survived[k]);
  }
  double ll = 0;
  if (churned > 0) ll += churned * std::log(p);
  if (stayed > 0) ll += stayed * std::log1p(-p);
  return ll;
}

GeometricFit fit_geometric(const Survivors& active) { return fit_geometric(risk_table(active)); }

GeometricFit fit_geometric(const RiskTable& risk) {
  GeometricFit f;
  for (std::size_t k = 0; k < risk.survived.size(); ++k) {
    f.exposure += risk.survived[k] + risk.churned[k];
    f.churned += risk.churned[k];
  }
  if (f.exposure == 0) return f;
  f.defined = true;
  f.p = risk.late > 0 ? geometric_late_estimate(risk)
                      : static_cast<double>(f.churned) / static_cast<double>(f.exposure);
  f.log_likelihood = geometric_log_likelihood(f.p, risk);
  // Outside the interval where the log-likelihood is more than χ²₁(0.95)/2 below its maximum;
  // the ends 0 and 1 themselves have −∞ (a churned customer, a survivor): search just inside.
  auto outside = [&](double p) {
    return f.log_likelihood - kHalfCut - geometric_log_likelihood(p, risk);
  };
  f.p_low = f.churned == 0 ? 0.0 : last_inside(outside, f.p, 1e-300, 1e-15 * f.p, 200);
  f.p_high = f.churned == f.exposure ? 1.0
                                     : last_inside(outside, f.p, std::nextafter(1.0, 0.0), 1e-15, 200);
  return f;
}

SurvivalBand geometric_band(const GeometricFit& fit, int last) {
  if (!fit.defined) throw std::invalid_argument("geometric_band: the geometric model is undefined");
  SurvivalBand b;
  for (int t = 0; t <= std::max(last, 0); ++t) {
    b.fitted.push_back(std::pow(1 - fit.p, t));
    b.low.push_back(std::pow(1 - fit.p_high, t));
    b.high.push_back(std::pow(1 - fit.p_low, t));
  }
  return b;
}

}  // namespace subsim
