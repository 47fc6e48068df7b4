#include "fitting/cohort_fit.hpp"

#include "stats/lifetime_value.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/csv.hpp"
#include "io/diagnostic.hpp"
#include "io/json.hpp"

namespace subsim {

namespace {

// printf-style, with "n/a" for NaN and "inf" for an unbounded end.
std::string fmt(double v, const char* f) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  std::string s = buf;
  if (s.size() > 1 && s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// A JSON number, or null for NaN and ±∞ (an undefined figure, an unbounded interval end).
Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
Json range(double low, double high) { return Json::array({number(low), number(high)}); }

HoldoutError holdout_error(const CohortFit& f) {
  HoldoutError h;
  h.periods = f.holdout;
  const double size = static_cast<double>(f.data.active[0]);
  double absolute = 0, relative = 0;
  for (int t = f.periods_used + 1; t <= f.periods; ++t) {
    const double actual = static_cast<double>(f.data.active[t]);
    const double fitted = size * f.band.fitted[t];
    absolute += std::fabs(fitted - actual);
    if (actual > 0) {
      relative += std::fabs(fitted - actual) / actual;
      ++h.compared;
    }
    const double slack = 1e-9 * std::max(1.0, size);
    h.inside_band += size * f.band.low[t] - slack <= actual && actual <= size * f.band.high[t] + slack;
  }
  h.mean_absolute_error = absolute / f.holdout;
  h.mape_percent = h.compared > 0 ? 100 * relative / h.compared : kNaN;
  return h;
}

const char* better_model(const LikelihoodRatio& lr) {
  if (std::isnan(lr.p_value)) return nullptr;
  return lr.p_value < 0.05 ? "sBG" : "geometric";
}

}  // namespace

std::vector<CohortFit> fit_cohorts(const std::vector<CohortData>& cohorts, int holdout,
                                   const std::string& file) {
  std::vector<CohortFit> out;
  for (const CohortData& d : cohorts) {
    CohortFit f;
    f.data = d;
    f.periods = static_cast<int>(d.active.size()) - 1;
    f.holdout = holdout;
    if (holdout > 0 && f.periods <= holdout)
      throw InputError(file, d.line,
                       "cohort '" + d.name + "' has " + std::to_string(f.periods) +
                           " period(s) after period 0: --holdout " + std::to_string(holdout) +
                           " leaves none to fit");
    f.periods_used = f.periods - holdout;
    const Survivors used(d.active.begin(), d.active.begin() + f.periods_used + 1);
    f.sbg = fit_sbg(used);
    f.geometric = fit_geometric(used);
    f.lr = sbg_vs_geometric(f.sbg, f.geometric);
    f.last_period = f.periods;
    if (f.sbg.fitted() || f.geometric.defined) {
      f.projection_model = f.sbg.fitted() ? "sBG" : "geometric";
      f.last_period = std::max(2 * f.periods, 10);
      f.band = f.sbg.fitted() ? sbg_band(f.sbg, used, f.last_period)
                              : geometric_band(f.geometric, f.last_period);
      if (holdout > 0) f.holdout_error = holdout_error(f);
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::string fit_json(const std::vector<CohortFit>& fits, double discount) {
  Json list = Json::array();
  for (const CohortFit& f : fits) {
    const SbgFit& s = f.sbg;
    const GeometricFit& g = f.geometric;
    Json c = Json::object();
    c["cohort"] = f.data.name;
    c["status"] = sbg_status_name(s.status);
    c["note"] = s.note;
    c["customers"] = f.data.active[0];
    c["periods"] = f.periods;
    c["periods_used"] = f.periods_used;
    c["holdout"] = f.holdout;
    c["alpha"] = number(s.alpha);
    c["beta"] = number(s.beta);
    c["alpha_ci"] = range(s.alpha_low, s.alpha_high);
    c["beta_ci"] = range(s.beta_low, s.beta_high);
    c["interval_method"] = "profile likelihood, 95 % (chi-square(1) cut 3.841)";
    c["log_likelihood"] = number(s.log_likelihood);
    c["mean_churn"] = number(s.mean);
    c["converged"] = s.converged;
    c["iterations"] = s.iterations;
    Json geo = Json::object();
    geo["p"] = number(g.p);
    geo["p_ci"] = range(g.p_low, g.p_high);
    geo["log_likelihood"] = number(g.log_likelihood);
    geo["churned"] = g.churned;
    geo["exposure"] = g.exposure;
    c["geometric"] = geo;
    Json lr = Json::object();
    lr["statistic"] = number(f.lr.statistic);
    lr["p_value"] = number(f.lr.p_value);
    lr["null_distribution"] = "0.5 chi-square(0) + 0.5 chi-square(1)";
    const char* better = better_model(f.lr);
    lr["better"] = better ? Json(better) : Json(nullptr);
    c["likelihood_ratio"] = lr;
    c["projection_model"] = f.projection_model.empty() ? Json(nullptr) : Json(f.projection_model);
    c["projected_to"] = f.last_period;
    const bool sbg = f.projection_model == "sBG" && !s.geometric_limit;
    auto lifetime = [&](double d) {
      if (sbg) return sbg_lifetime(s, d);
      if (f.projection_model.empty()) return Estimate{};
      return geometric_lifetime(g.p, g.p_low, g.p_high, d);
    };
    const Estimate del = lifetime(discount), mean = lifetime(0);
    Json life = Json::object();
    life["discount_rate_per_period"] = discount;
    life["periods"] = number(del.value);
    life["ci"] = range(del.low, del.high);
    life["undiscounted_periods"] = number(mean.value);  // null when infinite (alpha <= 1)
    c["expected_lifetime"] = life;
    if (f.holdout > 0 && !f.projection_model.empty()) {
      const HoldoutError& h = f.holdout_error;
      Json he = Json::object();
      he["periods"] = h.periods;
      he["compared"] = h.compared;
      he["mape_percent"] = number(h.mape_percent);
      he["mean_absolute_error"] = number(h.mean_absolute_error);
      he["inside_band"] = h.inside_band;
      c["holdout_error"] = he;
    } else {
      c["holdout_error"] = nullptr;
    }
    list.push_back(std::move(c));
  }
  Json root = Json::object();
  root["model"] = "shifted-beta-geometric (Fader and Hardie 2007), against the geometric model";
  root["cohorts"] = std::move(list);
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string projection_csv(const std::vector<CohortFit>& fits) {
  CsvWriter w({"cohort", "period", "actual", "fitted", "ci_low", "ci_high"});
  for (const CohortFit& f : fits) {
    const double size = static_cast<double>(f.data.active[0]);
    const bool model = !f.projection_model.empty();
    for (int t = 0; t <= f.last_period; ++t) {
      auto at = [&](const std::vector<double>& v) { return model ? fmt(size * v[t], "%.3f") : "n/a"; };
      w.row({f.data.name, std::to_string(t), t <= f.periods ? std::to_string(f.data.active[t]) : "n/a",
             at(f.band.fitted), at(f.band.low), at(f.band.high)});
    }
  }
  return w.take();
}

std::string fit_summary_line(const CohortFit& f) {
  const SbgFit& s = f.sbg;
  const GeometricFit& g = f.geometric;
  std::string line = f.data.name + ": ";
  if (s.fitted()) {
    line += "alpha " + fmt(s.alpha, "%.3g") + " [" + fmt(s.alpha_low, "%.3g") + ", " +
            fmt(s.alpha_high, "%.3g") + "], beta " + fmt(s.beta, "%.3g") + " [" +
            fmt(s.beta_low, "%.3g") + ", " + fmt(s.beta_high, "%.3g") + "], LL " +
            fmt(s.log_likelihood, "%.1f");
    if (s.status == SbgStatus::boundary) line += " (boundary: " + s.note + ")";
    if (!s.converged) line += " (not converged)";
  } else {
    line += std::string(sbg_status_name(s.status)) + " (" + s.note + ")";
  }
  if (g.defined)
    line += "; geometric p " + fmt(g.p, "%.3g") + " [" + fmt(g.p_low, "%.3g") + ", " +
            fmt(g.p_high, "%.3g") + "], LL " + fmt(g.log_likelihood, "%.1f");
  if (const char* better = better_model(f.lr)) {
    const std::string p = f.lr.p_value < 1e-9 ? "p < 1e-9" : "p = " + fmt(f.lr.p_value, "%.3g");
    line += std::string("; ") + (better == std::string("sBG") ? "sBG better" : "geometric suffices") +
            " (LR " + fmt(f.lr.statistic, "%.1f") + ", " + p + ")";
  }
  if (f.projection_model == "geometric") line += "; projected by the geometric model";
  if (f.holdout > 0 && !f.projection_model.empty()) {
    const HoldoutError& h = f.holdout_error;
    line += "; holdout " + std::to_string(h.periods) + ": MAPE " + fmt(h.mape_percent, "%.1f") +
            " %, " + std::to_string(h.inside_band) + "/" + std::to_string(h.periods) +
            " inside the band";
  }
  return line;
}

}  // namespace subsim
