// `subsim fit` on a subscription export (docs/fitting.md): the behaviour of a real book, each
// estimate with its 95 % interval, and the book and scenario to run forward from the export
// date. Renewal opportunities are counted per subscription from its start (C1 terms): a
// subscription that ended `cancelled` at the end of term t left at opportunity t; one still
// active has survived every term that ended before the export date (right-censored); `lapsed`
// and `switched` ends are competing risks (censored for cancellation, counted for their own
// rates).
#pragma once
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stats/lifetime_value.hpp"
#include "stats/sbg.hpp"
#include "fitting/subscription_table.hpp"
#include "fitting/turn_off_timing.hpp"

namespace subsim {

// An estimate with the counts behind it (e.g. cancelled, opportunities).
struct CountedEstimate : Estimate {
  std::int64_t events = 0, base = 0;
};

struct NamedEstimate {
  std::string name;
  CountedEstimate estimate;
};

// Cancellation of one term type.
struct CancelFit {
  std::string term;  // monthly, annual
  std::int64_t subscriptions = 0;
  RiskTable risk;            // per renewal opportunity: survived, cancelled; risk.late below
  // The share of leavers whose turn-off misses the notice cut-off and who pay one more term
  // (late_share): the models fit the decision rates behind the paid terms (stats/late_leavers).
  double late = 0;
  CountedEstimate constant;  // p per decision (likelihood-ratio interval)
  GeometricFit geometric;
  SbgFit sbg;
  LikelihoodRatio lr;
  // Expected lifetime value of a new subscription of this term type: its discounted expected
  // lifetime in terms (DEL, from the preferred model, at the fit's discount rate per term,
  // lapses and switches ending it too at their observed rate per renewal opportunity)
  // times the mean price of a term of the subscriptions active on the export date — the
  // export's own (mrr × months) where it gives one, else the default catalog's list price
  // (revenue, not margin). The interval is DEL's (profile likelihood) times
  // that price; late leavers pay one more term (paid_lifetime).
  double discount = kNaN;    // per term
  Estimate lifetime;         // DEL in terms
  std::int64_t priced = 0;   // active subscriptions priced (the export's price, or the list's)
  std::int64_t export_priced = 0;  // of them, at the export's own price (price, mrr)
  double term_value = kNaN;  // cents per term
  Estimate ltv;              // cents
  // The constant decision rate of each edition on its own (the scenario's edition factors):
  // its log-likelihood summed over editions, and how many editions had a risk.
  double by_edition_log_likelihood = kNaN;
  int editions_at_risk = 0;
  // The sBG when it beats the constant rate (likelihood ratio, 5 %) and also explains the data
  // better than a constant rate per edition does (AIC): the scenario multiplies the rate by the
  // edition factors, so heterogeneity the editions alone explain is not taken for the sBG's.
  // (When the sBG wins, its spread may still hold part of the editions' differences, which the
  // factors then apply again: sBG × factors is not scored; issue 29 says so.)
  // The first renewal: cancellations seen against those the fitted decisions and the notice's
  // late share expect (Σ over the rows at risk of (1 − late) × the first decision hazard × their
  // edition's factor), and the two-sided binomial p-value at that mean probability; below
  // kNoticeWarning the notice given looks wrong (fit warns).
  struct FirstRenewal {
    std::int64_t at_risk = 0, cancelled = 0;
    double expected = kNaN, p_value = kNaN;
  } first_renewal;
  bool sbg_preferred() const {
    if (!sbg.fitted() || sbg.geometric_limit || !(lr.p_value < 0.05)) return false;
    if (std::isnan(by_edition_log_likelihood) || editions_at_risk < 2) return true;
    return 2 * 2 - 2 * sbg.log_likelihood < 2 * editions_at_risk - 2 * by_edition_log_likelihood;
  }
};

// The first-renewal check's level: cancellations this unlikely under the notice given are
// reported as a warning.
inline constexpr double kNoticeWarning = 0.001;

struct ExportFit {
  std::string file;
  // Left truncation: the export holds no row that ended before this day (given, or found:
  // left_truncation); opportunities before it are not counted (delayed entry) and arrivals are
  // counted from it. Empty: the export holds the whole history.
  std::optional<Date> observed_since;
  bool truncation_detected = false;
  int notice_days = 30;           // N2's notice the export's customers decided under
  Date as_of, since;              // arrivals and first orders are counted in [since, as_of)
  double annual_discount = 0.10;  // the expected lifetime values' discount rate per year
  double months = 0;              // the length of that window in months (days / 30.4375)
  std::int64_t rows = 0, accounts = 0, active = 0;
  CountedEstimate arrivals;  // new accounts per month (Poisson, exact interval)
  std::vector<NamedEstimate> term, edition, basis;  // shares of first orders (Wilson)
  CountedEstimate seats_median,
      seats_sigma;              // lognormal of first orders' seats, in their first term
  CountedEstimate seat_growth;  // seats added per renewal opportunity passed (OLS slope)
  CancelFit monthly, annual;
  std::vector<NamedEstimate> edition_factor;  // cancellations / expected (exact Poisson)
  CountedEstimate lapsed, switched;           // per renewal opportunity (Wilson)
  // Monthly rows continued the next day at a lower edition, per monthly renewal opportunity.
  CountedEstimate downgraded;
  // Ended (cancelled, lapsed; not continued) 120+ days before as_of: the account ordered again
  // after a gap; the delays from the expiry to those orders (days → come-backs seen).
  CountedEstimate come_back;
  std::map<int, std::int64_t> come_back_delays;  // days from expiry → come-backs seen

  std::vector<std::string> resellers, editions;  // as found, in order of first appearance
  std::string currency;  // the export's currency column's code, empty when it names none
  TurnOffTiming turn_off;  // when leavers turn auto-renew off (estimated, or the assumption)
};


// An export that lacks the rows that ended before some day (it keeps only recent ones): its
// first end, when none ended before it although the export's rate of ends per renewal
// opportunity expects 7 or more among the opportunities passed before it (P(none) < 0.001; a
// first renewal counts 1 − late_share of one: a late leaver cannot end there).
std::optional<Date> left_truncation(const std::vector<ExportRow>& rows, Date as_of,
                                   int notice_days = 30,
                                   const TurnOffTiming& timing = TurnOffTiming{});

// `since`: the start of the window for arrivals and first orders (default: 12 months before
// `as_of`, or the first start if later). `notice_days`: the policy's notice (N2) the customers
// decided under. `observed_since`: the export lacks rows that ended before it (default: found by
// left_truncation, if any).
ExportFit fit_export(const std::vector<ExportRow>& rows, const std::string& file, Date as_of,
                     std::optional<Date> since, double annual_discount = 0.10,
                     int notice_days = 30, std::optional<Date> observed_since = std::nullopt);

// The fit with every estimate drawn from its sampling distribution, for one forecast
// replication (docs/fitting.md, "Parameter uncertainty"): a rate from k events in n trials from
// Beta(k + ½, n − k + ½); a Poisson rate (arrivals, an edition's cancel factor) from
// Gamma(k + ½)/exposure; shares from Dirichlet(k + ½); the lognormal's log-median from a normal
// with its standard error and its sigma by a scaled χ²; the seat growth slope from a normal with
// its standard error; the sBG's (ln α, ln β) jointly normal with the inverse observed
// information (sbg_log_covariance). The draws of replication r of seed s are their own stream.
ExportFit draw_export_fit(const ExportFit& f, std::uint64_t seed, std::uint32_t replication);

// Wilson 95 % interval of k successes in n trials; exact (Garwood) 95 % interval of a Poisson
// count k.
CountedEstimate wilson(std::int64_t k, std::int64_t n);
CountedEstimate poisson_exact(std::int64_t k);

}  // namespace subsim
