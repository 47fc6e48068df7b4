// `subsim fit` on a cohort table: every cohort fitted by the sBG and the geometric model
// (stats/sbg), optionally holding out its last K periods to measure the projection against
// them, and the texts of the two files the command writes, fit.json and projection.csv
// (docs/fitting.md has their columns). A cohort the sBG cannot be fitted to (empty, fewer than
// two periods, no churn, everybody gone in period 1) keeps a status and a note, and is
// projected by the geometric model where that is defined.
#pragma once
#include <string>
#include <vector>

#include "fitting/cohort_table.hpp"
#include "stats/sbg.hpp"

namespace subsim {

struct HoldoutError {
  int periods = 0;                  // K, the periods held out
  int compared = 0;                 // of them, those with customers (the MAPE's denominators)
  double mape_percent = kNaN;       // mean |fitted − actual| / actual × 100
  double mean_absolute_error = kNaN;  // in customers
  int inside_band = 0;              // held-out actuals inside the 95 % band
};

struct CohortFit {
  CohortData data;
  int periods = 0;       // observed after period 0
  int periods_used = 0;  // of them, fitted (periods − holdout)
  int holdout = 0;
  SbgFit sbg;
  GeometricFit geometric;
  LikelihoodRatio lr;
  std::string projection_model;  // "sBG", "geometric", or "" when neither is defined
  int last_period = 0;           // of projection.csv: max(2 × periods, 10) with a model
  SurvivalBand band;             // S(0 … last_period) of the projection model
  HoldoutError holdout_error;    // with holdout > 0 and a projection model
};

// Throws InputError (the cohort's first line) when `holdout` leaves a cohort no period to fit.
std::vector<CohortFit> fit_cohorts(const std::vector<CohortData>& cohorts, int holdout,
                                   const std::string& file);

// fit.json: {"cohorts": [{"cohort", "alpha", "beta", "alpha_ci", "beta_ci", "log_likelihood",
// "geometric": {"p", "log_likelihood", …}, …}, …]}; an undefined figure or an unbounded
// interval end is null.
// fit.json; each cohort's expected (discounted) lifetime in periods at `discount` per period
// (stats/lifetime_value.hpp), from its projection model.
std::string fit_json(const std::vector<CohortFit>& fits, double discount = 0.10);
// projection.csv: cohort,period,actual,fitted,ci_low,ci_high — expected survivors with their
// 95 % band, three decimals; `actual` is n/a past the data, the model columns n/a without one.
std::string projection_csv(const std::vector<CohortFit>& fits);
// One line for stdout, e.g. "regular: alpha 0.704 [0.589, 0.85], beta 1.18 [0.925, 1.54], LL
// -1680.3; geometric p 0.226 [0.212, 0.24], LL -1794.6; sBG better (LR 228.7, p < 1e-9)".
std::string fit_summary_line(const CohortFit& fit);

}  // namespace subsim
