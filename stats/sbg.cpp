#include "stats/sbg.hpp"

#include "stats/boundary.hpp"
#include "stats/late_leavers.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <stdexcept>

namespace subsim {

namespace {

constexpr double kLogMin = -14, kLogMax = 14;  // the search box for ln α and ln β
constexpr int kRays = 360;

int periods(const Survivors& a) { return static_cast<int>(a.size()) - 1; }
int periods(const RiskTable& r) { return static_cast<int>(r.survived.size()); }

void require_valid(const Survivors& a) {
  std::string problem = survivors_problem(a);
  if (!problem.empty()) throw std::invalid_argument(problem);
}

double clamp_log(double x) { return std::clamp(x, kLogMin, kLogMax); }
Eigen::Vector2d clamp_box(const Eigen::Vector2d& x) { return {clamp_log(x(0)), clamp_log(x(1))}; }

// LL and, if asked, its gradient and Hessian in (u, v) = (ln α, ln β). The derivatives are
// written per period so that every term is a count times a ratio of order one.
struct Eval {
  double ll = 0;
  Eigen::Vector2d g = Eigen::Vector2d::Zero();
  Eigen::Matrix2d h = Eigen::Matrix2d::Zero();
};

Eval evaluate(const RiskTable& a, double u, double v, bool derivatives) {
  Eval e;
  if (a.late > 0) {  // late leavers: stats/late_leavers
    const LateLikelihood l = sbg_late_log_likelihood(a, u, v, derivatives);
    e.ll = l.ll;
    e.g << l.g[0], l.g[1];
    e.h << l.h[0][0], l.h[0][1], l.h[1][0], l.h[1][1];
    return e;
  }
  const double al = std::exp(u), be = std::exp(v);
  for (int k = 0; k < periods(a); ++k) {
    const double n = static_cast<double>(a.survived[k]);
    const double d = static_cast<double>(a.churned[k]);
    const double bk = be + k, s = al + bk;
    if (n > 0) e.ll -= n * std::log1p(al / bk);
    if (d > 0) e.ll -= d * std::log1p(bk / al);
    if (!derivatives) continue;
    const double s2 = s * s;
    e.g(0) += (d * bk - n * al) / s;
    e.g(1) += n * al * be / (bk * s) - d * be / s;
    e.h(0, 0) += (n * al * al - d * bk * (2 * al + bk)) / s2;
    e.h(1, 1) += d * be * be / s2 - n * al * be * be * (al + 2 * bk) / (bk * bk * s2);
    e.h(0, 1) += (n + d) * al * be / s2;
  }
  if (derivatives) {
    e.h(0, 0) += e.g(0);  // ∂²/∂u² = α²∂²/∂α² + α∂/∂α
    e.h(1, 1) += e.g(1);
    e.h(1, 0) = e.h(0, 1);
  }
  return e;
}

double ll_at(const RiskTable& a, const Eigen::Vector2d& x) {
  return evaluate(a, x(0), x(1), false).ll;
}

double gradient_tolerance(const RiskTable& a) {
  return 1e-9 * (1.0 + (a.survived.empty() ? 0.0 : static_cast<double>(a.survived[0] + a.churned[0])));
}

// A coordinate pressed against its bound by the gradient is held there.
bool held(double x, double g) { return (x <= kLogMin && g < 0) || (x >= kLogMax && g > 0); }

struct Maximum {
  Eigen::Vector2d x;
  double ll = -kInf;
  bool converged = false;
  int iterations = 0;
};

// Newton's method with a backtracking line search inside the box.
Maximum newton(const RiskTable& a, Eigen::Vector2d x) {
  Maximum m;
  const double tol = gradient_tolerance(a);
  Eval e = evaluate(a, x(0), x(1), true);
  for (; m.iterations < 300; ++m.iterations) {
    Eigen::Vector2d g = e.g;
    Eigen::Matrix2d h = e.h;
    for (int i = 0; i < 2; ++i)
      if (held(x(i), g(i))) {
        g(i) = 0;
        h.row(i).setZero();
        h.col(i).setZero();
        h(i, i) = -1;
      }
    if (g.cwiseAbs().maxCoeff() <= tol) break;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(h);
    const double top = eig.eigenvalues().maxCoeff();
    const double margin = 1e-6 * (1.0 + h.cwiseAbs().maxCoeff());
    if (!(top < -margin)) h -= (top + margin) * Eigen::Matrix2d::Identity();
    Eigen::Vector2d d = -h.ldlt().solve(g);
    if (!d.allFinite()) d = g.normalized();
    if (d.cwiseAbs().maxCoeff() > 4) d *= 4 / d.cwiseAbs().maxCoeff();
    bool moved = false;
    double t = 1;
    for (int ls = 0; ls < 60 && !moved; ++ls, t /= 2) {
      Eigen::Vector2d y = clamp_box(x + t * d);
      const double f = ll_at(a, y);
      if (f > e.ll + 1e-4 * g.dot(y - x)) {
        x = y;
        moved = true;
      }
    }
    if (!moved) break;  // no ascent left within rounding
    e = evaluate(a, x(0), x(1), true);
  }
  m.x = x;
  m.ll = e.ll;
  Eigen::Vector2d g = e.g;
  for (int i = 0; i < 2; ++i)
    if (held(x(i), g(i))) g(i) = 0;
  m.converged = g.cwiseAbs().maxCoeff() <= 1e3 * tol;
  return m;
}

// max over the other coordinate with coordinate `c` held at `value`; `other` is the warm start
// and receives the maximiser.
double profile(const RiskTable& a, int c, double value, double& other) {
  const int j = 1 - c;
  Eigen::Vector2d x;
  x(c) = value;
  x(j) = other;
  Eval e = evaluate(a, x(0), x(1), true);
  const double tol = gradient_tolerance(a);
  for (int it = 0; it < 200; ++it) {
    const double g = e.g(j), h = e.h(j, j);
    if (held(x(j), g) || std::fabs(g) <= tol) break;
    double step = h < 0 ? -g / h : (g > 0 ? 1.0 : -1.0);
    step = std::clamp(step, -4.0, 4.0);
    bool moved = false;
    for (int ls = 0; ls < 60 && !moved; ++ls, step /= 2) {
      Eigen::Vector2d y = x;
      y(j) = clamp_log(x(j) + step);
      if (ll_at(a, y) > e.ll) {
        x = y;
        moved = true;
      }
    }
    if (!moved) break;
    e = evaluate(a, x(0), x(1), true);
  }
  other = x(j);
  return e.ll;
}

// The end of coordinate c's profile interval on side dir (+1 or −1), in log units (±∞ when the
// interval reaches the box); the point reached is added to `ends`.
double profile_end(const RiskTable& a, const Eigen::Vector2d& top, double ll_max, int c, int dir,
                   std::vector<Eigen::Vector2d>& ends) {
  auto inside = [&](double value, double& other) {
    return ll_max - profile(a, c, value, other) <= kHalfCut;
  };
  auto point = [&](double value, double other) {
    Eigen::Vector2d p;
    p(c) = value;
    p(1 - c) = other;
    ends.push_back(p);
  };
  // Where the other coordinate's maximiser lies on the box, the box, not the likelihood, ends
  // the interval: it is unbounded on this side.
  auto on_box = [](double other) { return other <= kLogMin + 1e-3 || other >= kLogMax - 1e-3; };
  if (dir > 0 ? top(c) >= kLogMax - 1e-3 : top(c) <= kLogMin + 1e-3) {  // on the box already
    point(top(c), top(1 - c));
    return dir * kInf;
  }
  double in = top(c), in_other = top(1 - c), out = kNaN;
  for (double step = 0.05;; step *= 2) {
    const double x = clamp_log(top(c) + dir * step);
    double other = in_other;
    if (!inside(x, other)) {
      out = x;
      break;
    }
    in = x;
    in_other = other;
    if (x == kLogMin || x == kLogMax) {
      point(in, in_other);
      return dir * kInf;
    }
  }
  // The crossing between in and out; each profile starts from the last maximiser found.
  double warm = in_other;
  in = last_inside([&](double x) { return ll_max - profile(a, c, x, warm) - kHalfCut; }, in, out,
                   1e-10, 60);
  profile(a, c, in, in_other);
  double out_other = in_other;
  profile(a, c, std::min(std::max(in + dir * 1e-10, kLogMin), kLogMax), out_other);
  point(in, in_other);
  return on_box(out_other) ? dir * kInf : in;
}

// Points on the boundary of the likelihood region {LL ≥ LL̂ − χ²₁(0.95)/2}, one per ray from the
// maximum (or on the box where a ray leaves it first).
std::vector<Eigen::Vector2d> region_boundary(const RiskTable& a, const Eigen::Vector2d& top,
                                             double ll_max) {
  std::vector<Eigen::Vector2d> points;
  const double pi = std::acos(-1.0);
  for (int i = 0; i < kRays; ++i) {
    const Eigen::Vector2d dir(std::cos(2 * pi * i / kRays), std::sin(2 * pi * i / kRays));
    double reach = kInf;  // the distance to the box along the ray
    for (int j = 0; j < 2; ++j) {
      if (dir(j) > 1e-12) reach = std::min(reach, (kLogMax - top(j)) / dir(j));
      if (dir(j) < -1e-12) reach = std::min(reach, (kLogMin - top(j)) / dir(j));
    }
    reach = std::max(reach, 0.0);
    auto inside = [&](double r) { return ll_max - ll_at(a, top + r * dir) <= kHalfCut; };
    double in = 0, out = kNaN;
    for (double r = 0.05;; r *= 2) {
      if (r >= reach) {
        if (inside(reach)) in = reach;
        else out = reach;
        break;
      }
      if (!inside(r)) {
        out = r;
        break;
      }
      in = r;
    }
    if (!std::isnan(out))
      in = last_inside([&](double r) { return ll_max - ll_at(a, top + r * dir) - kHalfCut; }, in,
                       out, 1e-9, 50);
    points.push_back(clamp_box(top + in * dir));
  }
  return points;
}

// The end of the ridge α/(α+β) = p on the box: the larger of α, β at the upper bound.
Eigen::Vector2d ridge_end(double p) {
  const double scale = std::exp(kLogMax) / std::max(p, 1 - p);
  return clamp_box(Eigen::Vector2d(std::log(p * scale), std::log((1 - p) * scale)));
}

}  // namespace

std::string survivors_problem(const Survivors& a) {
  if (a.empty()) return "no period 0: the cohort's size is missing";
  for (std::size_t t = 0; t < a.size(); ++t) {
    if (a[t] < 0) return "period " + std::to_string(t) + ": a negative count";
    if (t > 0 && a[t] > a[t - 1])
      return "period " + std::to_string(t) + ": " + std::to_string(a[t]) + " active, more than the " +
             std::to_string(a[t - 1]) + " of period " + std::to_string(t - 1) +
             " (a cohort can only shrink)";
  }
  return "";
}

double sbg_log_survival(double alpha, double beta, int t) {
  double s = 0;
  for (int k = 0; k < t; ++k) s -= std::log1p(alpha / (beta + k));
  return s;
}

double sbg_log_pmf(double alpha, double beta, int t) {
  if (t < 1) return -kInf;
  return -std::log1p((beta + t - 1) / alpha) + sbg_log_survival(alpha, beta, t - 1);
}

std::vector<double> sbg_survival_curve(double alpha, double beta, int last) {
  std::vector<double> s(static_cast<std::size_t>(std::max(last, 0)) + 1, 1.0);
  for (int t = 1; t <= last; ++t) s[t] = s[t - 1] * (beta + t - 1) / (alpha + beta + t - 1);
  return s;
}

RiskTable risk_table(const Survivors& active) {
  require_valid(active);
  RiskTable r;
  for (int t = 1; t <= periods(active); ++t) {
    r.survived.push_back(active[t]);
    r.churned.push_back(active[t - 1] - active[t]);
  }
  return r;
}

double sbg_log_likelihood(double alpha, double beta, const Survivors& active) {
  return sbg_log_likelihood(alpha, beta, risk_table(active));
}

double sbg_log_likelihood(double alpha, double beta, const RiskTable& risk) {
  if (!(alpha > 0 && beta > 0 && std::isfinite(alpha) && std::isfinite(beta))) return -kInf;
  return evaluate(risk, std::log(alpha), std::log(beta), false).ll;
}

const char* sbg_status_name(SbgStatus s) {
  switch (s) {
    case SbgStatus::ok: return "ok";
    case SbgStatus::boundary: return "boundary";
    case SbgStatus::empty: return "empty";
    case SbgStatus::too_few_periods: return "too_few_periods";
    case SbgStatus::no_churn: return "no_churn";
    case SbgStatus::all_churned_first_period: return "all_churned_first_period";
  }
  return "?";
}

SbgFit fit_sbg(const Survivors& active) {
  require_valid(active);
  SbgFit f;
  const int T = periods(active);
  if (active[0] == 0) {
    f.status = SbgStatus::empty;
    f.note = "no customers at period 0: nothing to fit";
    return f;
  }
  if (T < 2) {
    f.status = SbgStatus::too_few_periods;
    f.note = T == 0 ? "no period after period 0: nothing to fit"
                    : "1 period after period 0: the sBG needs 2 or more to tell alpha from beta";
    return f;
  }
  if (active[T] == active[0]) {
    f.status = SbgStatus::no_churn;
    f.note = "nobody left in " + std::to_string(T) +
             " periods: the churn rate is 0 and alpha, beta are not identified";
    return f;
  }
  if (active[1] == 0) {
    f.status = SbgStatus::all_churned_first_period;
    f.note = "everybody left in period 1: the churn rate is 1 and alpha, beta are not identified";
    return f;
  }
  return fit_sbg(risk_table(active));
}

LogCovariance sbg_log_covariance(const RiskTable& risk, double alpha, double beta) {
  LogCovariance c;
  if (!(alpha > 0 && beta > 0 && std::isfinite(alpha) && std::isfinite(beta))) return c;
  const Eigen::Matrix2d info = -evaluate(risk, std::log(alpha), std::log(beta), true).h;
  const double det = info(0, 0) * info(1, 1) - info(0, 1) * info(1, 0);
  if (!(info(0, 0) > 0 && det > 0)) return c;
  c.uu = info(1, 1) / det;
  c.vv = info(0, 0) / det;
  c.uv = -info(0, 1) / det;
  c.ok = true;
  return c;
}

SbgFit fit_sbg(const RiskTable& active) {
  SbgFit f;
  std::int64_t at_risk = 0, churned = 0;
  for (std::size_t k = 0; k < active.churned.size(); ++k) {
    at_risk += active.survived[k] + active.churned[k];
    churned += active.churned[k];
  }
  // The periods anyone was at risk in.
  int T = periods(active);
  while (T > 0 && active.survived[T - 1] + active.churned[T - 1] == 0) --T;
  if (at_risk == 0) {
    f.status = SbgStatus::empty;
    f.note = "nobody at risk: nothing to fit";
    return f;
  }
  if (T < 2) {
    f.status = SbgStatus::too_few_periods;
    f.note = "1 period at risk: the sBG needs 2 or more to tell alpha from beta";
    return f;
  }
  if (churned == 0) {
    f.status = SbgStatus::no_churn;
    f.note = "nobody left in " + std::to_string(T) +
             " periods: the churn rate is 0 and alpha, beta are not identified";
    return f;
  }
  if (active.survived[0] == 0) {
    f.status = SbgStatus::all_churned_first_period;
    f.note = "everybody left in period 1: the churn rate is 1 and alpha, beta are not identified";
    return f;
  }
  const GeometricFit geometric = fit_geometric(active);
  const double p = std::clamp(geometric.p, 1e-3, 1 - 1e-3);
  // Starts along the geometric model's mean churn p, with the two ends of that ridge on the box
  // (the gradient fades along it, so a start inside may stop short of a maximum on the box).
  const double low = std::exp(kLogMin) / std::min(p, 1 - p), high = std::exp(kLogMax) / std::max(p, 1 - p);
  Maximum best;
  for (double scale : {0.1, 1.0, 10.0, 100.0, 1e4, low, high}) {
    Eigen::Vector2d x0(std::log(p * scale), std::log((1 - p) * scale));
    Maximum m = newton(active, clamp_box(x0));
    f.iterations += m.iterations;
    if (m.ll > best.ll) best = m;
  }
  f.converged = best.converged;
  // Within 0.1 % of a bound of the box is on it (Newton creeps along the flat ridge there).
  const bool upper = best.x.maxCoeff() >= kLogMax - 1e-3;
  const bool edge = upper || best.x.minCoeff() <= kLogMin + 1e-3;
  f.status = edge ? SbgStatus::boundary : SbgStatus::ok;
  Eigen::Vector2d top = best.x;
  if (upper && geometric.log_likelihood >= best.ll) {
    f.geometric_limit = true;
    f.alpha = f.beta = kInf;
    f.log_likelihood = geometric.log_likelihood;
    f.mean = geometric.p;
    top = ridge_end(geometric.p);
    f.note = "no heterogeneity: the likelihood is highest in the limit alpha, beta -> infinity, "
             "the geometric model";
  } else {
    f.alpha = std::exp(best.x(0));
    f.beta = std::exp(best.x(1));
    f.log_likelihood = best.ll;
    f.mean = f.alpha / (f.alpha + f.beta);
    if (edge)
      f.note = upper ? "no heterogeneity: the likelihood keeps rising toward alpha, beta -> "
                       "infinity (the geometric model); alpha, beta are reported at the edge of "
                       "the search range"
                     : "the likelihood keeps rising toward alpha, beta -> 0 (customers leave at "
                       "once or never); alpha, beta are reported at the edge of the search range";
  }
  std::vector<Eigen::Vector2d> ends;
  f.alpha_low = std::exp(profile_end(active, top, f.log_likelihood, 0, -1, ends));
  f.alpha_high = std::exp(profile_end(active, top, f.log_likelihood, 0, +1, ends));
  f.beta_low = std::exp(profile_end(active, top, f.log_likelihood, 1, -1, ends));
  f.beta_high = std::exp(profile_end(active, top, f.log_likelihood, 1, +1, ends));
  return f;
}

LikelihoodRatio sbg_vs_geometric(const SbgFit& sbg, const GeometricFit& geometric) {
  LikelihoodRatio r;
  if (!sbg.fitted() || !geometric.defined) return r;
  r.statistic = std::max(0.0, 2 * (sbg.log_likelihood - geometric.log_likelihood));
  if (r.statistic < 1e-9) {
    r.statistic = 0;
    r.p_value = 1;
  } else {
    boost::math::chi_squared_distribution<double> chi(1);
    r.p_value = 0.5 * boost::math::cdf(boost::math::complement(chi, r.statistic));
  }
  return r;
}

SurvivalBand sbg_band(const SbgFit& fit, const Survivors& survivors, int last) {
  return sbg_band(fit, risk_table(survivors), last);
}

std::vector<std::pair<double, double>> sbg_region_points(const SbgFit& fit, const RiskTable& risk) {
  if (!fit.fitted()) throw std::invalid_argument("sbg_region_points: the sBG was not fitted");
  const Eigen::Vector2d top = fit.geometric_limit
                                  ? ridge_end(fit.mean)
                                  : Eigen::Vector2d(std::log(fit.alpha), std::log(fit.beta));
  std::vector<Eigen::Vector2d> points = region_boundary(risk, top, fit.log_likelihood);
  for (int c = 0; c < 2; ++c)
    for (int dir : {-1, 1}) profile_end(risk, top, fit.log_likelihood, c, dir, points);
  std::vector<std::pair<double, double>> out{{std::exp(top(0)), std::exp(top(1))}};
  for (const Eigen::Vector2d& x : points) out.emplace_back(std::exp(x(0)), std::exp(x(1)));
  return out;
}

SurvivalBand sbg_band(const SbgFit& fit, const RiskTable& active, int last) {
  if (!fit.fitted()) throw std::invalid_argument("sbg_band: the sBG was not fitted");
  const std::vector<std::pair<double, double>> points = sbg_region_points(fit, active);
  SurvivalBand b;
  if (fit.geometric_limit) {
    for (int t = 0; t <= std::max(last, 0); ++t) b.fitted.push_back(std::pow(1 - fit.mean, t));
  } else {
    b.fitted = sbg_survival_curve(fit.alpha, fit.beta, last);
  }
  b.low = b.fitted;
  b.high = b.fitted;
  for (std::size_t i = 1; i < points.size(); ++i) {
    std::vector<double> s = sbg_survival_curve(points[i].first, points[i].second, last);
    for (std::size_t t = 0; t < s.size(); ++t) {
      b.low[t] = std::min(b.low[t], s[t]);
      b.high[t] = std::max(b.high[t], s[t]);
    }
  }
  return b;
}

}  // namespace subsim
