// `subsim fit` on a subscription export (docs/fitting.md): the behaviour of a real book, each
// estimate with its 95 % interval, and the book and scenario to run forward from the export
// date. Renewal opportunities are counted per subscription from its start (C1 terms): a
// subscription that ended `cancelled` at the end of term t left at opportunity t; one still
// active has survived every term that ended before the export date (right-censored); `lapsed`
// and `switched` ends are competing risks (censored for cancellation, counted for their own
// rates).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stats/lifetime_value.hpp"
#include "stats/sbg.hpp"
#include "fitting/subscription_table.hpp"

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
  RiskTable risk;            // per renewal opportunity: survived, cancelled
  CountedEstimate constant;  // p per opportunity (Wilson interval)
  GeometricFit geometric;
  SbgFit sbg;
  LikelihoodRatio lr;
  // Expected lifetime value of a new subscription of this term type: its discounted expected
  // lifetime in terms (DEL, from the preferred model, at the fit's discount rate per term,
  // lapses and switches ending it too at their observed rate per renewal opportunity)
  // times the mean list price of a term of the subscriptions active on the export date (the
  // default catalog: revenue, not margin). The interval is DEL's (conservative) times that price.
  double discount = kNaN;    // per term
  Estimate lifetime;         // DEL in terms
  std::int64_t priced = 0;   // active subscriptions priced (editions in the catalog)
  double term_value = kNaN;  // cents per term
  Estimate ltv;              // cents
  bool sbg_preferred() const { return sbg.fitted() && !sbg.geometric_limit && lr.p_value < 0.05; }
};

struct ExportFit {
  std::string file;
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
};

// `since`: the start of the window for arrivals and first orders (default: 12 months before
// `as_of`, or the first start if later).
ExportFit fit_export(const std::vector<ExportRow>& rows, const std::string& file, Date as_of,
                     std::optional<Date> since, double annual_discount = 0.10);

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
