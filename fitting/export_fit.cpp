#include "fitting/export_fit.hpp"

#include "model/catalog.hpp"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <map>
#include <set>

#include "stats/interval.hpp"
#include "model/term.hpp"

namespace subsim {

namespace {

constexpr double kZ = kZ95;
constexpr int kComeBackDays = 120;

// The catalog an export's editions are priced and ordered by (an export carries no prices).
const Catalog& default_catalog() {
  static const Catalog catalog = Catalog::maas360_default();
  return catalog;
}

// How a subscription's renewal opportunities went: `survived` of them passed, then (if `left`)
// it left at the next one for `reason`.
struct Course {
  int survived = 0;
  bool left = false;
  ExportRow::End reason = ExportRow::End::active;
  // Ended `cancelled` with the account's next row at the same reseller starting the next day:
  // not a departure but a change the export writes as a new row (a downgrade when the edition
  // is lower, S4/S6; else a reduction or a change of term). Censored for cancellation.
  bool continued = false, downgraded = false;
  // Opportunities before the export's observation start (left truncation): the row is in the
  // export because it lasted that long, so they are not counted (delayed entry).
  int entry = 0;
  bool cancelled() const { return left && reason == ExportRow::End::cancelled && !continued; }
  // The opportunities counted: passed or left at, from its entry on.
  int counted() const { return std::max(0, survived + (left ? 1 : 0) - entry); }
  // Of those, the ones at risk of a cancellation: a lapse, a switch or a continued row leaves
  // at its last one for another reason (a competing risk: censored there, as in the risk table).
  int at_risk() const { return std::max(0, survived + (cancelled() ? 1 : 0) - entry); }
};

Course course_of(const ExportRow& r, Date as_of) {
  const TermType t = r.annual ? TermType::annual : TermType::monthly;
  Course c;
  if (!r.end) {
    // Every term that ended before the export date was an opportunity it passed.
    c.survived = term_index_on(r.start, t, as_of);
    return c;
  }
  if (*r.end < r.start) return c;  // never paid a term
  // The end is the last day of term k: k opportunities passed, it left at the (k+1)-th.
  c.survived = term_index_on(r.start, t, *r.end);
  c.left = true;
  c.reason = r.end_reason;
  return c;
}

void add(RiskTable& risk, const Course& c, bool cancelled) {
  const std::size_t need = static_cast<std::size_t>(c.survived) + 1;
  if (risk.survived.size() < need) {
    risk.survived.resize(need, 0);
    risk.churned.resize(need, 0);
  }
  // Period t (1-based) is index t − 1: passed the first `survived` periods, at risk from its
  // entry (the likelihood's delayed entry: each period's hazard is conditional on reaching it).
  if (c.entry > c.survived) return;
  for (int t = c.entry; t < c.survived; ++t) ++risk.survived[t];
  if (cancelled) ++risk.churned[c.survived];
}

double months_between(Date a, Date b) { return days_between(a, b) / 30.4375; }

}  // namespace

CountedEstimate wilson(std::int64_t k, std::int64_t n) {
  CountedEstimate e;
  e.events = k;
  e.base = n;
  if (n <= 0) return e;
  const double p = static_cast<double>(k) / n, z2 = kZ * kZ, nn = static_cast<double>(n);
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = kZ * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  e.value = p;
  e.low = std::max(0.0, centre - half);
  e.high = std::min(1.0, centre + half);
  return e;
}

CountedEstimate poisson_exact(std::int64_t k) {
  CountedEstimate e;
  e.events = k;
  e.value = static_cast<double>(k);
  e.low = k == 0 ? 0.0
                 : boost::math::quantile(boost::math::chi_squared(2.0 * k), 0.025) / 2;
  e.high = boost::math::quantile(boost::math::chi_squared(2.0 * k + 2), 0.975) / 2;
  return e;
}

namespace {

// A CancelFit's expected lifetime value (see export_fit.hpp).
// A subscription also ends by a lapse or a switch (rate q per renewal opportunity, constant,
// independent of cancelling): S(t) = S_cancel(t)·(1−q)^t, so DEL is the cancellation model's at
// the rate d' with 1/(1+d') = (1−q)/(1+d).
void expected_value(CancelFit& cf, const std::vector<ExportRow>& rows, double annual_discount,
                    double q) {
  const bool annual = cf.term == "annual";
  cf.discount = discount_per_period(annual_discount, annual ? 12 : 1);
  const double d = std::isnan(q) || q >= 1 ? cf.discount : (1 + cf.discount) / (1 - q) - 1;
  cf.lifetime = paid_lifetime(
      cf.sbg_preferred()
          ? sbg_lifetime(cf.sbg, cf.risk, d)
          : geometric_lifetime(cf.constant.value, cf.constant.low, cf.constant.high, d),
      cf.late, d);
  const Catalog& catalog = default_catalog();
  double total = 0;
  for (const ExportRow& r : rows) {
    if (r.annual != annual || r.end) continue;  // the book in force on the export date
    if (r.mrr) {  // the export's own price: what the term really invoices
      total += static_cast<double>(*r.mrr) * r.months();
      ++cf.priced;
      ++cf.export_priced;
      continue;
    }
    const auto edition = catalog.find(r.edition);
    if (!edition || r.seats <= 0 || r.seats > 1000000) continue;
    total += static_cast<double>(
        catalog.term_price(*edition, annual ? TermType::annual : TermType::monthly, r.seats));
    ++cf.priced;
  }
  if (cf.priced == 0) return;
  cf.term_value = total / static_cast<double>(cf.priced);
  cf.ltv = {cf.lifetime.value * cf.term_value, cf.lifetime.low * cf.term_value,
            cf.lifetime.high * cf.term_value};
}

// Under the notice a share `late` of leavers cannot end at the first renewal: the paid terms'
// first hazard is (1 − late) times the decisions', times each edition's factor (as the scenario
// applies it). Cancellations there far from that — a two-sided binomial test at the mean
// probability, P < kNoticeWarning — say the customers decided under another notice than the one
// given. `rows`/`courses` of this term type only are read.
void check_first_renewal(ExportFit& f, CancelFit& cf, const std::vector<ExportRow>& rows,
                         const std::vector<Course>& courses) {
  const bool annual = &cf == &f.annual;
  const double hazard = cf.sbg_preferred() ? cf.sbg.alpha / (cf.sbg.alpha + cf.sbg.beta)
                                           : cf.constant.value;
  double weighted = 0;  // Σ over the rows at risk there of their edition's factor
  std::int64_t n = 0, k = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Course& c = courses[i];
    if (rows[i].annual != annual || c.entry > 0 || (c.survived == 0 && !c.cancelled())) continue;
    ++n;
    k += c.survived == 0 && c.cancelled();
    double factor = 1;
    for (const NamedEstimate& e : f.edition_factor)
      if (e.name == rows[i].edition && std::isfinite(e.estimate.value)) factor = e.estimate.value;
    weighted += factor;
  }
  cf.first_renewal.at_risk = n;
  cf.first_renewal.cancelled = k;
  if (n == 0 || !std::isfinite(hazard)) return;
  const double pi = std::clamp((1 - cf.late) * hazard * weighted / static_cast<double>(n), 0.0, 1.0);
  cf.first_renewal.expected = pi * static_cast<double>(n);
  if (pi <= 0 || pi >= 1) {
    cf.first_renewal.p_value = (pi <= 0 ? k == 0 : k == n) ? 1.0 : 0.0;
    return;
  }
  const auto kd = static_cast<double>(k), nd = static_cast<double>(n);
  const double at_least = k > 0 ? boost::math::ibeta(kd, nd - kd + 1, pi) : 1.0;   // P(X ≥ k)
  const double at_most = k < n ? boost::math::ibetac(kd + 1, nd - kd, pi) : 1.0;  // P(X ≤ k)
  cf.first_renewal.p_value = std::min(1.0, 2 * std::min(at_least, at_most));
}

// The export by account: each account's first subscription (its first order) and its rows.
struct ExportAccounts {
  std::map<std::string, const ExportRow*> first;
  std::map<std::string, std::vector<const ExportRow*>> by_account;
  Date earliest;  // the earliest start
};

// The export's accounts, and into `f` its counts of rows, active rows, accounts, resellers and
// editions (in order of first appearance).
ExportAccounts index_accounts(const std::vector<ExportRow>& rows, Date as_of, ExportFit& f) {
  ExportAccounts ix;
  ix.earliest = as_of;
  for (const ExportRow& r : rows) {
    auto [it, fresh] = ix.first.try_emplace(r.account, &r);
    if (!fresh && r.start < it->second->start) it->second = &r;
    ix.by_account[r.account].push_back(&r);
    ix.earliest = std::min(ix.earliest, r.start);
    f.active += !r.end;
    if (std::find(f.resellers.begin(), f.resellers.end(), r.reseller) == f.resellers.end())
      f.resellers.push_back(r.reseller);
    if (std::find(f.editions.begin(), f.editions.end(), r.edition) == f.editions.end())
      f.editions.push_back(r.edition);
  }
  f.accounts = static_cast<std::int64_t>(ix.first.size());
  return ix;
}

// Each subscription's renewal opportunities, once (rows[i] ↔ courses[i]); a cancelled row the
// account's next row continues the next day is marked continued (downgraded if to a lower
// edition).
std::vector<Course> courses_of(const std::vector<ExportRow>& rows, const ExportAccounts& ix,
                               Date as_of) {
  std::vector<Course> courses;
  courses.reserve(rows.size());
  for (const ExportRow& r : rows) courses.push_back(course_of(r, as_of));
  const Catalog& catalog = default_catalog();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ExportRow& r = rows[i];
    Course& c = courses[i];
    if (!c.left || c.reason != ExportRow::End::cancelled) continue;
    for (const ExportRow* o : ix.by_account.at(r.account)) {
      if (o == &r || o->reseller != r.reseller || o->start != add_days(*r.end, 1)) continue;
      c.continued = true;
      const auto from = catalog.find(r.edition), to = catalog.find(o->edition);
      c.downgraded = from && to && *to < *from;
    }
  }
  return courses;
}

// Arrivals per month in the window, and the shares of term, edition and basis among the first
// orders (`firsts`).
void fit_arrivals(ExportFit& f, const std::vector<const ExportRow*>& firsts) {
  f.arrivals = poisson_exact(static_cast<std::int64_t>(firsts.size()));
  if (f.months > 0) {
    f.arrivals.value /= f.months;
    f.arrivals.low /= f.months;
    f.arrivals.high /= f.months;
  }
  const std::int64_t n = static_cast<std::int64_t>(firsts.size());
  auto shares = [&](auto key, const std::vector<std::string>& names) {
    std::vector<NamedEstimate> out;
    for (const std::string& name : names) {
      std::int64_t k = 0;
      for (const ExportRow* r : firsts) k += key(*r) == name;
      out.push_back({name, wilson(k, n)});
    }
    return out;
  };
  f.term = shares([](const ExportRow& r) { return std::string(r.annual ? "annual" : "monthly"); },
                  {"monthly", "annual"});
  f.edition = shares([](const ExportRow& r) { return r.edition; }, f.editions);
  f.basis = shares([](const ExportRow& r) { return std::string(r.per_user ? "per_user" : "per_device"); },
                   {"per_device", "per_user"});
}

// Seats: lognormal by the mean and sd of ln(seats) of first orders still in their first term
// (an export shows current seats: later terms have had seats added).
void fit_seats(ExportFit& f, const std::vector<const ExportRow*>& firsts,
               const std::vector<ExportRow>& rows, const std::vector<Course>& courses) {
  std::vector<double> logs;
  for (const ExportRow* r : firsts)
    if (r->seats > 0 && !r->end && courses[static_cast<std::size_t>(r - rows.data())].survived == 0)
      logs.push_back(std::log(static_cast<double>(r->seats)));
  if (logs.size() < 2) return;
  const double m = static_cast<double>(logs.size());
  double mean = 0, ss = 0;
  for (double x : logs) mean += x;
  mean /= m;
  for (double x : logs) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / (m - 1)), t = student_t_quantile(0.975, m - 1);
  f.seats_median = {{std::exp(mean), std::exp(mean - t * sd / std::sqrt(m)),
                     std::exp(mean + t * sd / std::sqrt(m))},
                    0,
                    static_cast<std::int64_t>(m)};
  boost::math::chi_squared chi(m - 1);
  f.seats_sigma = {{sd, std::sqrt(ss / boost::math::quantile(chi, 0.975)),
                    std::sqrt(ss / boost::math::quantile(chi, 0.025))},
                   0,
                   static_cast<std::int64_t>(m)};
}

// Seat growth: the slope of seats on opportunities passed, over every subscription (least
// squares; a subscription's seats are its first order's plus what was added since).
void fit_seat_growth(ExportFit& f, const std::vector<ExportRow>& rows,
                     const std::vector<Course>& courses) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double x = courses[i].survived, y = static_cast<double>(rows[i].seats);
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
  }
  const double vxx = sxx - sx * sx / n, vxy = sxy - sx * sy / n, vyy = syy - sy * sy / n;
  if (n > 2 && vxx > 0) {
    const double slope = vxy / vxx;
    const double resid = std::max(0.0, (vyy - slope * vxy) / (n - 2));
    const double se = std::sqrt(resid / vxx);
    f.seat_growth = {{slope, slope - kZ * se, slope + kZ * se}, 0, static_cast<std::int64_t>(n)};
  }
}

// Cancellation per term type (constant, geometric and sBG, and their expected value); lapses
// and switches per opportunity; downgrades per monthly opportunity.
void fit_cancellation(ExportFit& f, const std::vector<ExportRow>& rows,
                      const std::vector<Course>& courses, double annual_discount) {
  f.monthly.term = "monthly";
  f.annual.term = "annual";
  std::int64_t opportunities = 0, lapsed = 0, switched = 0, monthly_opportunities = 0,
               downgraded = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ExportRow& r = rows[i];
    const Course& c = courses[i];
    CancelFit& cf = r.annual ? f.annual : f.monthly;
    ++cf.subscriptions;
    add(cf.risk, c, c.cancelled());
    opportunities += c.counted();
    if (!r.annual) {
      monthly_opportunities += c.counted();
      downgraded += c.downgraded;
    }
    lapsed += c.left && c.reason == ExportRow::End::lapsed && c.counted() > 0;
    switched += c.left && c.reason == ExportRow::End::switched && c.counted() > 0;
  }
  // Per edition: its own constant rate, against which the sBG's heterogeneity is judged.
  std::map<std::string, RiskTable> by_edition[2];
  for (std::size_t i = 0; i < rows.size(); ++i)
    add(by_edition[rows[i].annual][rows[i].edition], courses[i], courses[i].cancelled());
  for (CancelFit* cf : {&f.monthly, &f.annual}) {
    const bool annual = cf == &f.annual;
    cf->late = cf->risk.late = late_share(annual, f.notice_days, f.turn_off);
    cf->by_edition_log_likelihood = 0;
    for (auto& entry : by_edition[annual]) {
      entry.second.late = cf->late;
      const GeometricFit g = fit_geometric(entry.second);
      if (!g.defined) continue;
      cf->by_edition_log_likelihood += g.log_likelihood;
      ++cf->editions_at_risk;
    }
    std::int64_t d = 0, e = 0;
    for (std::size_t t = 0; t < cf->risk.churned.size(); ++t) {
      d += cf->risk.churned[t];
      e += cf->risk.churned[t] + cf->risk.survived[t];
    }
    cf->geometric = fit_geometric(cf->risk);
    cf->constant = wilson(d, e);
    if (cf->late > 0 && cf->geometric.defined)  // the decision rate, not the paid terms' share
      cf->constant = {{cf->geometric.p, cf->geometric.p_low, cf->geometric.p_high}, d, e};
    cf->sbg = fit_sbg(cf->risk);
    cf->lr = sbg_vs_geometric(cf->sbg, cf->geometric);
  }
  f.lapsed = wilson(lapsed, opportunities);
  f.downgraded = wilson(downgraded, monthly_opportunities);
  f.switched = wilson(switched, opportunities);
  const double q = opportunities > 0 ? static_cast<double>(lapsed + switched) /
                                           static_cast<double>(opportunities)
                                     : 0.0;
  for (CancelFit* cf : {&f.monthly, &f.annual}) expected_value(*cf, rows, annual_discount, q);
}

// Edition factors: each edition's cancellations over those its exposure would give at the
// term types' overall rates (an indirectly standardised ratio), exact Poisson interval.
void fit_edition_factors(ExportFit& f, const std::vector<ExportRow>& rows,
                         const std::vector<Course>& courses) {
  for (const std::string& ed : f.editions) {
    std::int64_t d = 0;
    double expected = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ExportRow& r = rows[i];
      const Course& c = courses[i];
      if (r.edition != ed) continue;
      // The model's expected cancellations of this row: the decision rate at each opportunity
      // it was at risk, (1 − q) of it at its first (a late leaver shows one renewal later) — so
      // an edition whose book is young is not taken for one that leaves less.
      const CancelFit& cf = r.annual ? f.annual : f.monthly;
      const double p = std::isnan(cf.constant.value) ? 0.0 : cf.constant.value;
      const int at_risk = c.at_risk();
      expected += p * (at_risk - (c.entry == 0 && at_risk > 0 ? cf.late : 0.0));
      d += c.cancelled() && at_risk > 0;
    }
    CountedEstimate x = poisson_exact(d);
    if (expected > 0) x = {{d / expected, x.low / expected, x.high / expected}, d, 0};
    else x = {{kNaN, kNaN, kNaN}, d, 0};
    f.edition_factor.push_back({ed, x});
  }
}

// Come-back: a cancelled or lapsed subscription whose account later ordered again, among
// those that ended at least 120 days before the export date (time to come back).
// A row continued the next day (a downgrade, a change) did not end the account's service;
// restores and reactivations continue the row itself and never show. What shows is an order
// after a gap: its days from the expiry give the come-back's delay.
void fit_come_back(ExportFit& f, const std::vector<ExportRow>& rows,
                   const std::vector<Course>& courses, const ExportAccounts& ix, Date as_of) {
  std::int64_t ended = 0, back = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ExportRow& r = rows[i];
    if (!r.end || r.end_reason == ExportRow::End::switched || courses[i].continued ||
        days_between(*r.end, as_of) < kComeBackDays)
      continue;
    ++ended;
    std::optional<Date> next;
    for (const ExportRow* o : ix.by_account.at(r.account))
      if (o != &r && o->start > *r.end && (!next || o->start < *next)) next = o->start;
    if (!next) continue;
    ++back;
    const int delay = days_between(add_days(*r.end, 1), *next);
    ++f.come_back_delays[delay];
  }
  f.come_back = wilson(back, ended);
}

}  // namespace

// Every estimate of an export, each with its interval: the accounts, each subscription's
// course, then arrivals, seats, cancellation, edition factors and come-backs.
std::optional<Date> left_truncation(const std::vector<ExportRow>& rows, Date as_of,
                                   int notice_days, const TurnOffTiming& timing) {
  std::optional<Date> first_end;
  for (const ExportRow& r : rows)
    if (r.end && *r.end >= r.start && (!first_end || *r.end < *first_end)) first_end = *r.end;
  if (!first_end) return std::nullopt;
  // The rows' opportunities before the first end, and the export's rate of ends per
  // opportunity overall: none ended where that rate expects 7 or more (P(0) < 0.001).
  double before = 0, all = 0, ends = 0;
  for (const ExportRow& r : rows) {
    const Course c = course_of(r, as_of);
    all += c.survived + (c.left ? 1 : 0);
    ends += c.left;
    if (r.start >= *first_end) continue;
    const int n = std::min(c.survived, term_index_on(r.start, r.annual ? TermType::annual
                                                                        : TermType::monthly,
                                                     *first_end));
    // A late leaver cannot end at the first renewal: it counts (1 − q) of one.
    before += n > 0 ? n - late_share(r.annual, notice_days, timing) : 0.0;
  }
  if (all == 0 || before * ends / all < 7) return std::nullopt;
  return first_end;
}

ExportFit fit_export(const std::vector<ExportRow>& rows, const std::string& file, Date as_of,
                     std::optional<Date> since, double annual_discount, int notice_days,
                     std::optional<Date> observed_since) {
  ExportFit f;
  f.annual_discount = annual_discount;
  f.notice_days = notice_days;
  f.file = file;
  f.as_of = as_of;
  f.rows = static_cast<std::int64_t>(rows.size());
  const ExportAccounts ix = index_accounts(rows, as_of, f);
  std::vector<Course> courses = courses_of(rows, ix, as_of);
  f.turn_off = fit_turn_off_timing(rows, as_of);
  f.observed_since = observed_since;
  if (!f.observed_since) {
    f.observed_since = left_truncation(rows, as_of, notice_days, f.turn_off);
    f.truncation_detected = f.observed_since.has_value();
  }
  if (f.observed_since && *f.observed_since <= ix.earliest) f.observed_since.reset();
  // Truncated: the turn-offs of terms that ended before it are seen only for late leavers.
  if (f.observed_since) f.turn_off = fit_turn_off_timing(rows, as_of, f.observed_since);
  if (f.observed_since)
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].start < *f.observed_since)
        courses[i].entry = term_index_on(
            rows[i].start, rows[i].annual ? TermType::annual : TermType::monthly,
            *f.observed_since);
  f.since = since.value_or(std::max(ix.earliest, add_months_clamped(as_of, -12)));
  // Arrivals before the observation start are missing the ones that have left: not counted.
  if (f.observed_since) f.since = std::max(f.since, *f.observed_since);
  f.months = months_between(f.since, as_of);
  // Arrivals and first orders in the window.
  std::vector<const ExportRow*> firsts;
  for (const auto& entry : ix.first)
    if (entry.second->start >= f.since && entry.second->start < as_of)
      firsts.push_back(entry.second);
  fit_arrivals(f, firsts);
  fit_seats(f, firsts, rows, courses);
  fit_seat_growth(f, rows, courses);
  fit_cancellation(f, rows, courses, annual_discount);
  fit_edition_factors(f, rows, courses);
  for (CancelFit* cf : {&f.monthly, &f.annual}) check_first_renewal(f, *cf, rows, courses);
  fit_come_back(f, rows, courses, ix, as_of);
  return f;
}

}  // namespace subsim
