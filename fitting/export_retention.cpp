#include "fitting/export_retention.hpp"

#include <algorithm>
#include <cmath>

namespace subsim {

namespace {

// S_paid(0 … last) from the decisions' survival A(0 … last).
std::vector<double> paid(const std::vector<double>& a, double late) {
  std::vector<double> s(a.size());
  for (std::size_t t = 0; t < a.size(); ++t)
    s[t] = t == 0 ? 1.0 : (1 - late) * a[t] + late * a[t - 1];
  return s;
}

std::vector<double> geometric_curve(double p, int last) {
  std::vector<double> a;
  for (int t = 0; t <= last; ++t) a.push_back(std::pow(1 - p, t));
  return a;
}

}  // namespace

ExportRetention export_retention(const CancelFit& c) {
  ExportRetention r;
  const int last = static_cast<int>(c.risk.survived.size());
  double s = 1;
  r.observed.push_back(1);
  for (int k = 0; k < last; ++k) {
    const std::int64_t n = c.risk.survived[k] + c.risk.churned[k];
    r.at_risk.push_back(n);
    r.cancelled.push_back(c.risk.churned[k]);
    if (n > 0) s *= 1 - static_cast<double>(c.risk.churned[k]) / static_cast<double>(n);
    r.observed.push_back(n > 0 ? s : std::nan(""));
  }
  std::vector<std::vector<double>> curves;
  if (c.sbg_preferred()) {
    r.fitted = paid(sbg_survival_curve(c.sbg.alpha, c.sbg.beta, last), c.late);
    for (const auto& [a, b] : sbg_region_points(c.sbg, c.risk))
      curves.push_back(paid(sbg_survival_curve(a, b, last), c.late));
  } else if (std::isfinite(c.constant.value)) {
    r.fitted = paid(geometric_curve(c.constant.value, last), c.late);
    for (double p : {c.constant.low, c.constant.high})
      if (std::isfinite(p)) curves.push_back(paid(geometric_curve(p, last), c.late));
  } else {
    return r;
  }
  r.low = r.high = r.fitted;
  for (const std::vector<double>& curve : curves)
    for (std::size_t t = 0; t < curve.size() && t < r.low.size(); ++t) {
      r.low[t] = std::min(r.low[t], curve[t]);
      r.high[t] = std::max(r.high[t], curve[t]);
    }
  return r;
}

}  // namespace subsim
