// One term type's retention in an export, observed against fitted: the share of subscriptions
// still paying after each renewal opportunity — observed by Kaplan–Meier from the risk table
// (right-censored rows and delayed entry counted as the fit counts them), fitted as the paid
// terms' survival of the preferred model, S(t) = (1 − q)·A(t) + q·A(t − 1) with q the late
// leavers' share (stats/late_leavers), and its 95 % band: the range over the likelihood region
// (sBG: sbg_region_points) or over p's interval (constant). Written into fit.json for the report.
#pragma once
#include <vector>

#include "fitting/export_fit.hpp"

namespace subsim {

struct ExportRetention {
  std::vector<std::int64_t> at_risk, cancelled;  // per opportunity 1 … T
  std::vector<double> observed;                  // S(0 … T), Kaplan–Meier (NaN past the data)
  std::vector<double> fitted, low, high;         // S(0 … T) of the preferred model
};

ExportRetention export_retention(const CancelFit& c);

}  // namespace subsim
