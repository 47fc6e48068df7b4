#include "stats/pooled_ratio.hpp"

#include <cmath>

namespace subsim {

namespace {

double mean_or_nan(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? Interval::kNaN : s / static_cast<double>(v.size());
}

// The parts as columns (num₁, den₁, num₂, …), and the ratio's value and gradient at their means.
struct Linearised {
  std::vector<const std::vector<double>*> columns;
  std::vector<double> gradient;
  double value = Interval::kNaN;
};

Linearised linearise(const PooledParts& p) {
  Linearised l;
  double v = 1;
  std::vector<double> means;
  for (const PooledParts::Ratio& r : p.ratios) {
    const double n = mean_or_nan(r.num), d = mean_or_nan(r.den);
    const double q = r.power > 0 ? n / d : d / n;  // the factor as it enters the product
    if (!std::isfinite(q)) return l;                // a sum of 0 below a fraction bar
    v *= q;
    l.columns.push_back(&r.num);
    l.columns.push_back(&r.den);
    means.push_back(n);
    means.push_back(d);
  }
  l.value = v;
  // ∂v/∂n̄ₖ = eₖ·v/n̄ₖ, ∂v/∂d̄ₖ = −eₖ·v/d̄ₖ; with v = 0 (a numerator summing to 0, every
  // replication 0 since parts are non-negative) the value is exact: gradient 0.
  for (std::size_t k = 0; k < p.ratios.size(); ++k) {
    const int e = p.ratios[k].power;
    l.gradient.push_back(v == 0 ? 0.0 : e * v / means[2 * k]);
    l.gradient.push_back(v == 0 ? 0.0 : -e * v / means[2 * k + 1]);
  }
  return l;
}

// gᵀ S g with S the sample covariance (n − 1) of the columns over replications.
double gradient_variance(const std::vector<const std::vector<double>*>& cols,
                         const std::vector<double>& g) {
  const std::size_t n = cols.empty() ? 0 : cols[0]->size();
  if (n < 2) return Interval::kNaN;
  // The linearised value per replication, Σ_j g_j x_j,r: its sample variance is gᵀ S g.
  std::vector<double> z(n, 0.0);
  for (std::size_t j = 0; j < cols.size(); ++j)
    for (std::size_t r = 0; r < n; ++r) z[r] += g[j] * (*cols[j])[r];
  const double m = mean_or_nan(z);
  double ss = 0;
  for (double x : z) ss += (x - m) * (x - m);
  return ss / static_cast<double>(n - 1);
}

Interval finish(double value, double sd, double se, double dof, int n, double level,
                bool clip_at_zero) {
  Interval i;
  i.mean = value;
  i.n = n;
  if (n < 2 || std::isnan(value)) return i;
  i.sd = sd;
  if (se == 0) {
    i.low = i.high = value;
    i.zero_variance = true;
    return i;
  }
  const double half = student_t_quantile(0.5 + level / 2, dof) * se;
  i.low = clip_at_zero ? std::max(0.0, value - half) : value - half;
  i.high = value + half;
  return i;
}

}  // namespace

Interval pooled_ratio_interval(const PooledParts& p, double level) {
  const int n = static_cast<int>(p.replications());
  const Linearised l = linearise(p);
  if (std::isnan(l.value)) {
    Interval i;
    i.n = n;
    return i;
  }
  const double var = gradient_variance(l.columns, l.gradient);
  const double sd = std::sqrt(std::max(0.0, var));
  return finish(l.value, sd, sd / std::sqrt(static_cast<double>(n)), n - 1, n, level, true);
}

Interval pooled_ratio_difference(const PooledParts& a, const PooledParts& b, bool paired,
                                 double level, double* se_out, double* dof_out) {
  const Linearised la = linearise(a), lb = linearise(b);
  const int na = static_cast<int>(a.replications()), nb = static_cast<int>(b.replications());
  const double value = la.value - lb.value;
  double se = Interval::kNaN, dof = Interval::kNaN, sd = Interval::kNaN;
  if (std::isnan(value)) {
  } else if (paired && na == nb) {
    // One linearised value per replication over both variants' parts: the covariance under
    // common random numbers enters through it.
    std::vector<const std::vector<double>*> cols = la.columns;
    cols.insert(cols.end(), lb.columns.begin(), lb.columns.end());
    std::vector<double> g = la.gradient;
    for (double x : lb.gradient) g.push_back(-x);
    sd = std::sqrt(std::max(0.0, gradient_variance(cols, g)));
    se = sd / std::sqrt(static_cast<double>(na));
    dof = na - 1;
  } else {
    const double va = gradient_variance(la.columns, la.gradient) / na;
    const double vb = gradient_variance(lb.columns, lb.gradient) / nb;
    se = std::sqrt(va + vb);
    sd = se;  // as Welch's interval reports it
    dof = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
    if (va + vb == 0) dof = na + nb - 2;
  }
  if (se_out) *se_out = se;
  if (dof_out) *dof_out = dof;
  const int n = paired ? na : std::min(na, nb);
  return finish(value, sd, se, dof, n, level, false);
}

}  // namespace subsim
