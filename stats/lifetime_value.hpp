// Expected customer lifetime and lifetime value under the fitted retention models (Fader &
// Hardie, "Customer-base valuation in a contractual setting: the perils of ignoring
// heterogeneity", Marketing Science 29(1), 2010).
//
// A customer who pays at the start of each period and stays with survival S(t) has the
// discounted expected lifetime (in periods, the first one included)
//   DEL(d) = Σ_{t≥0} S(t) / (1+d)^t.
// sBG: S(t) = (β)_t / (α+β)_t, so DEL = ₂F₁(1, β; α+β; 1/(1+d)); without discounting and α > 1
// it is the mean lifetime (α+β−1)/(α−1), and infinite for α ≤ 1. Geometric (constant churn p):
// DEL = (1+d)/(d+p). The expected lifetime value is DEL × the value of one period.
#pragma once

#include "model/estimate.hpp"
#include "stats/sbg.hpp"

namespace subsim {

// DEL of the sBG model (α, β > 0; +∞ each means the geometric limit with churn α/(α+β), pass
// it as geometric_discounted_lifetime instead). d ≥ 0 per period. +∞ when it diverges (d = 0,
// α ≤ 1); NaN for invalid input and when the series needs more than 10^8 terms (d below
// ~1e-7: the CLI asks for 0 or at least 1e-4).
double sbg_discounted_lifetime(double alpha, double beta, double d);
double geometric_discounted_lifetime(double p, double d);

// A rate per year as the rate of one period of `months` months: (1+r)^(months/12) − 1.
double discount_per_period(double annual_rate, int months);

// DEL with its 95 % interval. sBG: the profile-likelihood interval — DEL's range over the
// likelihood region (sbg_region_points of the data `risk` it was fitted on); the box of the α
// and β intervals, which holds the region, gave intervals 4–9× as wide (coverage 100 %).
// Geometric: from p's interval's ends (DEL is monotone in p).
Estimate sbg_lifetime(const SbgFit& fit, const RiskTable& risk, double d);
Estimate geometric_lifetime(double p, double p_low, double p_high, double d);

// The paid terms' DEL when a share `late` of the leavers pays one more term (RiskTable::late):
// Σ S_paid(t)·w^t with S_paid(t) = (1 − late)·A(t) + late·A(t − 1) and w = 1/(1+d) is
// DEL·(1 − late + late·w) + late, applied to the value and both ends.
Estimate paid_lifetime(const Estimate& decisions, double late, double d);

}  // namespace subsim
