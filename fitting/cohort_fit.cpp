#include "fitting/cohort_fit.hpp"

#include "stats/lifetime_value.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/csv.hpp"
#include "io/diagnostic.hpp"
#include "io/json_writer.hpp"

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

// [low, high]; a bound that is not finite (an unbounded end) is null.
void range(JsonWriter& w, double low, double high) { w.array().number(low).number(high).end(); }

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

namespace {

void cohort_json(JsonWriter& w, const CohortFit& f, double discount) {
  const SbgFit& s = f.sbg;
  const GeometricFit& g = f.geometric;
  w.object().key("cohort").string(f.data.name).key("status").string(sbg_status_name(s.status));
  w.key("note").string(s.note).key("customers").integer(f.data.active[0]);
  w.key("periods").integer(f.periods).key("periods_used").integer(f.periods_used);
  w.key("holdout").integer(f.holdout).key("alpha").number(s.alpha).key("beta").number(s.beta);
  range(w.key("alpha_ci"), s.alpha_low, s.alpha_high);
  range(w.key("beta_ci"), s.beta_low, s.beta_high);
  w.key("interval_method").string("profile likelihood, 95 % (chi-square(1) cut 3.841)");
  w.key("log_likelihood").number(s.log_likelihood).key("mean_churn").number(s.mean);
  w.key("converged").boolean(s.converged).key("iterations").integer(s.iterations);
  w.key("geometric").object().key("p").number(g.p);
  range(w.key("p_ci"), g.p_low, g.p_high);
  w.key("log_likelihood").number(g.log_likelihood).key("churned").integer(g.churned);
  w.key("exposure").integer(g.exposure).end();
  w.key("likelihood_ratio").object().key("statistic").number(f.lr.statistic);
  w.key("p_value").number(f.lr.p_value);
  w.key("null_distribution").string("0.5 chi-square(0) + 0.5 chi-square(1)").key("better");
  if (const char* better = better_model(f.lr))
    w.string(better);
  else
    w.null();
  w.end().key("projection_model");
  if (f.projection_model.empty())
    w.null();
  else
    w.string(f.projection_model);
  w.key("projected_to").integer(f.last_period);
  const bool sbg = f.projection_model == "sBG" && !s.geometric_limit;
  auto lifetime = [&](double d) {
    if (sbg) return sbg_lifetime(s, risk_table(f.data.active), d);
    if (f.projection_model.empty()) return Estimate{};
    return geometric_lifetime(g.p, g.p_low, g.p_high, d);
  };
  const Estimate del = lifetime(discount), mean = lifetime(0);
  w.key("expected_lifetime").object().key("discount_rate_per_period").number(discount);
  w.key("periods").number(del.value);
  range(w.key("ci"), del.low, del.high);
  w.key("undiscounted_periods").number(mean.value).end();  // null when infinite (alpha <= 1)
  w.key("holdout_error");
  if (f.holdout > 0 && !f.projection_model.empty()) {
    const HoldoutError& h = f.holdout_error;
    w.object().key("periods").integer(h.periods).key("compared").integer(h.compared);
    w.key("mape_percent").number(h.mape_percent);
    w.key("mean_absolute_error").number(h.mean_absolute_error);
    w.key("inside_band").integer(h.inside_band).end();
  } else {
    w.null();
  }
  w.end();
}

}  // namespace

std::string fit_json(const std::vector<CohortFit>& fits, double discount) {
  JsonWriter w;
  w.object().key("model").string(
      "shifted-beta-geometric (Fader and Hardie 2007), against the geometric model");
  w.key("cohorts").array();
  for (const CohortFit& f : fits) cohort_json(w, f, discount);
  return w.end().end().finish();
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
