// The files `subsim fit` writes for a subscription export: fit.json, scenario.yaml and the
// summary it prints (book.csv: export_book.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "fitting/export_fit.hpp"
#include "fitting/export_outputs.hpp"
#include "fitting/export_retention.hpp"
#include "fitting/subscription_table.hpp"
#include "io/csv.hpp"
#include "io/json_writer.hpp"
#include "io/yaml_text.hpp"
#include "model/catalog.hpp"
#include "model/money.hpp"
#include "model/notice.hpp"
#include "model/term.hpp"
#include "scenario/book_reader.hpp"

namespace subsim {

namespace {

using W = JsonWriter;
// {"value": v, "ci": [low, high]}; a bound that is not finite is null.
void estimate(W& w, const Estimate& e) {
  w.object().key("value").number(e.value).key("ci").array().number(e.low).number(e.high).end().end();
}
// Cents as currency units, to the cent.
double money(double cents) { return std::round(cents) / 100.0; }
void shares(W& w, const std::vector<NamedEstimate>& v) {
  w.object();
  for (const NamedEstimate& s : v) estimate(w.key(s.name), s.estimate);
  w.end();
}
std::string fmt(double v, int digits = 6) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}
std::string ci(const Estimate& e, int digits = 4) {
  return "[" + fmt(e.low, digits) + ", " + fmt(e.high, digits) + "]";
}

// The observed and fitted retention per renewal opportunity (export_retention), one array each:
// opportunity 0 … T; null where undefined.
void retention_json(W& w, const ExportRetention& r) {
  auto numbers = [&](const char* key, const std::vector<double>& v) {
    w.key(key).array(JsonWriter::Layout::line);
    for (double x : v) w.number(x);
    w.end();
  };
  auto counts = [&](const char* key, const std::vector<std::int64_t>& v) {
    w.key(key).array(JsonWriter::Layout::line);
    for (std::int64_t x : v) w.integer(x);
    w.end();
  };
  w.object();
  counts("at_risk", r.at_risk);
  counts("cancelled", r.cancelled);
  numbers("observed", r.observed);
  numbers("fitted", r.fitted);
  numbers("low", r.low);
  numbers("high", r.high);
  w.end();
}

// "turn_off": {"estimated", "observed", "censored", "skipped", "median_days_before",
// "days_before": [[days, probability], …] (empty when assumed)}.
void turn_off_json(W& w, const TurnOffTiming& t) {
  w.object().key("estimated").boolean(t.estimated).key("observed").integer(t.observed);
  w.key("censored").integer(t.censored).key("skipped").integer(t.skipped);
  w.key("median_days_before").number(t.median()).key("days_before").array();
  for (const auto& [days, p] : t.mass) w.array(W::Layout::line).integer(days).number(p).end();
  w.end().end();
}

void cancel_json(W& w, const CancelFit& c) {
  w.object().key("subscriptions").integer(c.subscriptions).key("late_share").number(c.late);
  w.key("first_renewal").object(W::Layout::line).key("at_risk").integer(c.first_renewal.at_risk);
  w.key("cancelled").integer(c.first_renewal.cancelled).key("expected");
  w.number(c.first_renewal.expected).key("p_value").number(c.first_renewal.p_value).end();
  w.key("opportunities").integer(c.constant.base).key("cancelled").integer(c.constant.events);
  estimate(w.key("constant"), c.constant);
  w.key("sbg").object().key("status").string(sbg_status_name(c.sbg.status));
  w.key("alpha").number(c.sbg.alpha).key("beta").number(c.sbg.beta);
  w.key("alpha_ci").array().number(c.sbg.alpha_low).number(c.sbg.alpha_high).end();
  w.key("beta_ci").array().number(c.sbg.beta_low).number(c.sbg.beta_high).end();
  w.key("log_likelihood").number(c.sbg.log_likelihood).key("mean_churn").number(c.sbg.mean);
  w.end();
  w.key("geometric").object().key("p").number(c.geometric.p);
  w.key("log_likelihood").number(c.geometric.log_likelihood).end();
  w.key("likelihood_ratio").object().key("statistic").number(c.lr.statistic);
  w.key("p_value").number(c.lr.p_value).end();
  w.key("model").string(c.sbg_preferred() ? "sBG" : "constant");
  w.key("expected_lifetime").object().key("discount_rate_per_term").number(c.discount);
  w.key("terms").number(c.lifetime.value);
  w.key("ci").array().number(c.lifetime.low).number(c.lifetime.high).end().end();
  w.key("expected_ltv").object().key("subscriptions_priced").integer(c.priced);
  w.key("priced_by_export").integer(c.export_priced);
  w.key("term_value").number(money(c.term_value)).key("value").number(money(c.ltv.value));
  w.key("ci").array().number(money(c.ltv.low)).number(money(c.ltv.high)).end().end();
  retention_json(w.key("retention"), export_retention(c));
  w.end();
}

// The scenario's value for one term type's cancellation, and its comment.
std::string cancel_yaml(const CancelFit& c, std::string& comment) {
  if (c.sbg_preferred()) {
    comment = "sBG: alpha " + fmt(c.sbg.alpha, 4) + " " +
              ci({c.sbg.alpha, c.sbg.alpha_low, c.sbg.alpha_high}) + " beta " +
              fmt(c.sbg.beta, 4) + " " + ci({c.sbg.beta, c.sbg.beta_low, c.sbg.beta_high}) +
              "; constant p " +
              fmt(c.constant.value, 4) + " " + ci(c.constant) + " (LR " +
              fmt(c.lr.statistic, 4) + ", p " + fmt(c.lr.p_value, 3) + ")";
    return "{beta: [" + fmt(c.sbg.alpha, 8) + ", " + fmt(c.sbg.beta, 8) + "]}";
  }
  if (std::isnan(c.constant.value)) {
    comment = "no renewal opportunity observed: the default";
    return c.term == "annual" ? "0.12" : "0.03";
  }
  comment = "constant p " + ci(c.constant) + ", " + std::to_string(c.constant.events) +
            " of " + std::to_string(c.constant.base) + " opportunities";
  if (c.sbg.fitted() && !c.sbg.geometric_limit && c.lr.p_value < 0.05)
    comment += "; sBG better than one rate (LR p " + fmt(c.lr.p_value, 3) +
               ") but not than a rate per edition (AIC): the editions explain it";
  else if (c.sbg.fitted())
    comment += "; sBG not better (LR p " + fmt(c.lr.p_value, 3) + ")";
  return fmt(c.constant.value, 8);
}

// {choice: {…}} whose printed shares add up to 1 (the last one takes the rest).
std::string choice_yaml(const std::vector<NamedEstimate>& v, std::string& comment) {
  std::string out = "{choice: {";
  double rest = 1;
  for (std::size_t i = 0; i < v.size(); ++i) {
    double s = i + 1 == v.size() ? rest : std::stod(fmt(v[i].estimate.value, 12));
    rest -= s;
    out += (i ? ", " : "") + yaml_quoted(v[i].name) + ": " + fmt(std::max(0.0, s), 12);
    comment += (i ? ", " : "") + yaml_comment(v[i].name) + " " + ci(v[i].estimate, 3);
  }
  return out + "}}";
}

}  // namespace

int longest_come_back_days(const ExportFit& f) {
  return f.come_back_delays.empty() ? 120 : f.come_back_delays.rbegin()->first;
}

std::string export_fit_json(const ExportFit& f) {
  W w;
  w.object().key("input").string("subscription_export").key("file").string(f.file);
  w.key("as_of").string(format_iso(f.as_of)).key("since").string(format_iso(f.since));
  w.key("notice_days").integer(f.notice_days).key("observed_since");
  if (f.observed_since)
    w.string(format_iso(*f.observed_since));
  else
    w.null();
  w.key("left_truncation").string(!f.observed_since ? "none" : f.truncation_detected ? "found" : "given");
  w.key("currency");
  if (f.currency.empty())
    w.null();
  else
    w.string(f.currency);
  turn_off_json(w.key("turn_off"), f.turn_off);
  w.key("window_months").number(f.months).key("rows").integer(f.rows);
  w.key("accounts").integer(f.accounts).key("active").integer(f.active);
  w.key("interval_level").number(0.95);
  w.key("arrivals_per_month").object().key("value").number(f.arrivals.value);
  w.key("ci").array().number(f.arrivals.low).number(f.arrivals.high).end();
  w.key("new_accounts").integer(f.arrivals.events);
  w.key("method").string("Poisson, exact (Garwood) interval").end();
  shares(w.key("term_shares"), f.term);
  shares(w.key("edition_shares"), f.edition);
  shares(w.key("basis_shares"), f.basis);
  w.key("seats_lognormal").object();
  estimate(w.key("median"), f.seats_median);
  estimate(w.key("sigma"), f.seats_sigma);
  w.key("n").integer(f.seats_median.base).end();
  w.key("seats_added_per_opportunity").object().key("value").number(f.seat_growth.value);
  w.key("ci").array().number(f.seat_growth.low).number(f.seat_growth.high).end();
  w.key("method").string("least-squares slope of seats on renewal opportunities passed").end();
  w.key("cancel").object();
  cancel_json(w.key("monthly"), f.monthly);
  cancel_json(w.key("annual"), f.annual);
  w.end();
  shares(w.key("cancel_edition_factor"), f.edition_factor);
  estimate(w.key("lapsed_per_opportunity"), f.lapsed);
  estimate(w.key("switched_per_opportunity"), f.switched);
  estimate(w.key("downgraded_per_monthly_opportunity"), f.downgraded);
  w.key("come_back").object().key("value").number(f.come_back.value);
  w.key("ci").array().number(f.come_back.low).number(f.come_back.high).end().key("days");
  const auto& delays = f.come_back_delays;  // shortest and longest seen
  if (delays.empty())
    w.null();
  else
    w.array().integer(delays.begin()->first).integer(delays.rbegin()->first).end();
  w.end();
  return w.end().finish();
}

namespace {

// The fitted scenario's opening: what it was fitted from, its name, seed, start and horizon,
// and a catalog of the export's editions when the default catalog lacks one of them.
std::string scenario_head_yaml(const ExportFit& f, const std::vector<std::string>& catalog,
                               const BookStats& book) {
  std::string y;
  y += "# Fitted by `subsim fit` from " + yaml_comment(f.file) + " as of " + format_iso(f.as_of) +
       ": the book in force\n# that day (book.csv: " + std::to_string(book.active) +
       " active and " + std::to_string(book.expired) +
       " expired subscriptions) and the behaviour estimated from the\n# export, each estimate's "
       "95 % interval beside it (fit.json has them all). A starting point: edit it.\n";
  y += "name: fitted\nseed: 1\nreplications: 10\nstart: " + format_iso(f.as_of) +
       "\nhorizon: 3y\n\n";
  y += "policy:\n  notice_days: " + std::to_string(f.notice_days) +
       "   # the notice the export's customers decided under (fit --notice-days)\n\n";
  std::vector<std::string> unknown;
  for (const std::string& e : f.editions)
    if (std::find(catalog.begin(), catalog.end(), e) == catalog.end()) unknown.push_back(e);
  if (!unknown.empty() || !f.currency.empty()) y += "catalog:\n";
  if (!f.currency.empty()) y += "  currency: " + f.currency + "   # the export's\n";
  if (!unknown.empty()) {
    y += "  # The export names editions the default catalog lacks: the editions it names, in the "
         "order found.\n  # Set their list prices (new orders pay them; the book pays its own "
         "where the export gave one).\n  annual_discount: 0.10\n  editions:\n";
    for (const std::string& e : f.editions)
      y += "    - {name: " + yaml_quoted(e) + ", monthly_price: 5.00}\n";
  }
  if (book.earning > 0)
    y += "# The book's MRR on " + format_iso(f.as_of) + ": " +
         (book.priced == book.earning
              ? format_money(book.mrr) + (f.currency.empty() ? "" : " " + f.currency) +
                    " (every row priced by the export)"
              : std::to_string(book.earning - book.priced) + " of " + std::to_string(book.earning) +
                    " rows earning MRR have no price in the export: they pay the catalog's list") +
         "\n";
  if (!unknown.empty() || !f.currency.empty() || book.earning > 0) y += "\n";
  return y;
}

// population: the book, arrivals and what they buy (term, edition, basis, seats), resellers.
std::string population_yaml(const ExportFit& f) {
  std::string y = "population:\n  book: book.csv\n";
  std::string c;
  // No new account in the window (or no window): no arrivals, not a Poisson of mean 0.
  const bool arrivals = std::isfinite(f.arrivals.value) && f.arrivals.value > 0;
  y += "  monthly_arrivals: " +
       (arrivals ? "{poisson: {mean: " + fmt(f.arrivals.value, 8) + "}}" : std::string("{fixed: 0}")) +
       "   # " +
       ci(f.arrivals) + "; " + std::to_string(f.arrivals.events) + " new accounts from " +
       format_iso(f.since) + "\n";
  if (f.arrivals.events > 0) {
    c.clear();
    y += "  term: " + choice_yaml(f.term, c) + "   # " + c + "\n";
    c.clear();
    y += "  edition: " + choice_yaml(f.edition, c) + "\n  # " + c + "\n";
    c.clear();
    y += "  basis: " + choice_yaml(f.basis, c) + "   # " + c + "\n";
  }
  if (std::isfinite(f.seats_median.value))
    y += "  seats: {lognormal: {median: " + fmt(f.seats_median.value, 6) + ", sigma: " +
         fmt(std::max(1e-3, f.seats_sigma.value), 6) + "}}   # median " + ci(f.seats_median) +
         ", sigma " + ci(f.seats_sigma) + " (seats as exported: growth included)\n";
  y += "  resellers: " + std::to_string(std::max<std::size_t>(1, f.resellers.size())) +
       "   # arrivals buy from r1 … rN, as many as the export names\n\n";
  return y;
}

// behaviour's cancellation: per term type, and each edition's factor (capped at 100).
std::string cancel_section_yaml(const ExportFit& f) {
  std::string y;
  std::string cm, ca;
  y += "  cancel:\n    monthly: " + cancel_yaml(f.monthly, cm) + "   # " + cm + "\n";
  y += "    annual: " + cancel_yaml(f.annual, ca) + "   # " + ca + "\n";
  y += "  cancel_edition_factor: {";
  bool first = true;
  for (const NamedEstimate& e : f.edition_factor) {
    y += std::string(first ? "" : ", ") + yaml_quoted(e.name) + ": " +
         fmt(std::isfinite(e.estimate.value) ? std::min(100.0, e.estimate.value) : 1.0, 6);
    first = false;
  }
  y += "}\n  #";
  for (const NamedEstimate& e : f.edition_factor)
    y += " " + yaml_comment(e.name) + " " + ci(e.estimate, 3);
  y += "\n";
  return y;
}

// The come-back delays: the ones seen (only orders after a gap show in an export: restores and
// reactivations continue the row and are already net of the cancel rate), else the default.
std::string come_back_days_yaml(const ExportFit& f) {
  std::string days = "{uniform: [0, 120]}";
  if (!f.come_back_delays.empty()) {
    days = "{empirical: [";
    for (const auto& [delay, count] : f.come_back_delays)
      days += (days.back() == '[' ? "[" : ", [") + std::to_string(delay) + ", " +
              std::to_string(count) + "]";
    days += "]}";
  }
  return days;
}

// behaviour.notice_days_before: the turn-off timing the export showed (Kaplan–Meier masses,
// eight to a line), or the assumption; with the late shares the cancel rates were fitted under.
std::string notice_days_before_yaml(const ExportFit& f) {
  const TurnOffTiming& t = f.turn_off;
  const std::string late = fmt(100 * f.monthly.late, 3) + " % of monthly, " +
                           fmt(100 * f.annual.late, 3) +
                           " % of annual leavers turn it off after the cut-off and pay one more term";
  if (!t.estimated)
    return "  notice_days_before: {uniform: [" + fmt(kAssumedNoticeDaysBefore[0]) + ", " +
           fmt(kAssumedNoticeDaysBefore[1]) + "]}   # assumed (" +
           std::to_string(t.observed - t.censored) + " turn-off dates in the export, fewer than " +
           std::to_string(kMinTurnOffs) + "): the default, which the cancel rates assume (" + late +
           ")\n";
  std::string y = "  # When leavers turn auto-renew off (days before the term's last day): Kaplan–Meier "
                  "of\n  # " + std::to_string(t.observed) + " turn-off dates of cancelled rows, " +
                  std::to_string(t.censored) + " on a term's first day (censored); median " +
                  fmt(t.median(), 4) + " days.\n  # The cancel rates assume it: " + late +
                  ".\n  notice_days_before: {empirical: [";
  for (std::size_t i = 0; i < t.mass.size(); ++i)
    y += std::string(i == 0 ? "" : i % 8 == 0 ? ",\n      " : ", ") + "[" +
         std::to_string(t.mass[i].first) + ", " + fmt(t.mass[i].second, 6) + "]";
  return y + "]}\n";
}

// behaviour: cancellation, notice, lapses, come-backs, downgrades, switches and seat growth.
std::string behaviour_yaml(const ExportFit& f) {
  std::string y = "behaviour:\n" + cancel_section_yaml(f);
  y += notice_days_before_yaml(f);
  // A probability not estimable (no renewal opportunity in the export): 0, said in the comment.
  auto probability = [](double v) { return fmt(std::isfinite(v) ? v : 0, 8); };
  y += "  snafu: {probability: " + probability(f.lapsed.value) +
       ", fix_days: {fixed: 3650}}   # lapses per opportunity " + ci(f.lapsed) +
       ": failed renewals never fixed\n";
  y += "  come_back: {probability: " + probability(f.come_back.value) +
       ", days: " + come_back_days_yaml(f) + "}   # " + ci(f.come_back) + " of " +
       std::to_string(f.come_back.base) +
       " ended 120+ days before ordered again after a gap, days from expiry as seen\n";
  y += "  downgrade_monthly: " + probability(f.downgraded.value) +
       "   # per monthly opportunity " + ci(f.downgraded) +
       ": continued the next day one edition lower\n";
  y += "  switch_reseller: {probability: " + probability(f.switched.value) +
       ", in_advance: 0.5}   # per opportunity " + ci(f.switched) + "\n";
  if (std::isfinite(f.seat_growth.value))
    y += "  seat_growth: {probability: " + fmt(std::clamp(f.seat_growth.value / 2, 0.0, 1.0), 8) +
         ", seats: {fixed: 2}}   # seats added per term " + fmt(f.seat_growth.value, 4) + " " +
         ci(f.seat_growth) + ", as additions of 2 seats\n";
  y += "  # upgrade, trial_conversion: not in an export, the defaults\n";
  return y;
}

}  // namespace

// The fitted scenario: the book in force on the export date and the behaviour estimated from
// the export, each estimate's interval in a comment beside it.
std::string export_scenario_yaml(const ExportFit& f, const std::vector<std::string>& catalog,
                                 const BookStats& book) {
  return scenario_head_yaml(f, catalog, book) + population_yaml(f) + behaviour_yaml(f);
}

std::string export_fit_summary(const ExportFit& f) {
  std::string s;
  s += "export " + f.file + " as of " + format_iso(f.as_of) + ": " + std::to_string(f.rows) +
       " subscriptions, " + std::to_string(f.accounts) + " accounts, " + std::to_string(f.active) +
       " active\n";
  if (f.observed_since)
    s += "  left-truncated: no row ended before " + format_iso(*f.observed_since) +
         (f.truncation_detected ? " (found: the export's rate of ends expects some before it; "
                                  "--observed-since sets the day)"
                                : " (--observed-since)") +
         ": renewal opportunities before it not counted, arrivals counted from it\n";
  const TurnOffTiming& t = f.turn_off;
  s += t.estimated ? "  turn-off: from " + std::to_string(t.observed) +
                         " turn-off dates, median " + fmt(t.median(), 4) +
                         " days before the term's end (Kaplan–Meier; " +
                         std::to_string(t.censored) + " on a term's first day, censored)\n"
                   : "  turn-off: assumed uniform 0–60 days before the term's end (" +
                         std::to_string(t.observed - t.censored) +
                         " turn-off dates in the export, fewer than " +
                         std::to_string(kMinTurnOffs) + ")\n";
  s += "  arrivals " + fmt(f.arrivals.value, 4) + "/month " + ci(f.arrivals) + " since " +
       format_iso(f.since) + "\n";
  for (const CancelFit* c : {&f.monthly, &f.annual}) {
    std::string comment;
    cancel_yaml(*c, comment);
    s += "  cancel " + c->term + ": " + comment + "\n";
    const CancelFit::FirstRenewal& first = c->first_renewal;
    if (first.p_value < kNoticeWarning)
      s += "  warning: " + std::to_string(first.cancelled) + " " + c->term +
           " cancellations at the first renewal where " + std::to_string(f.notice_days) +
           " days' notice expects " + fmt(first.expected, 4) + " (P " + fmt(first.p_value, 2) +
           "): were these customers under " +
           (static_cast<double>(first.cancelled) > first.expected ? "a shorter" : "a longer") +
           " notice? Give it with --notice-days\n";
    if (std::isfinite(c->ltv.value))
      s += "  expected LTV of a new " + c->term + " subscription: " + fmt(c->ltv.value / 100, 7) +
           " " + ci({c->ltv.value / 100, c->ltv.low / 100, c->ltv.high / 100}, 7) + " (" +
           fmt(c->lifetime.value, 4) + " terms at " + fmt(f.annual_discount * 100, 3) +
           " %/year × " + fmt(c->term_value / 100, 7) + " per term at " +
           (c->export_priced == c->priced ? std::string("the export's prices")
            : c->export_priced == 0       ? std::string("list price")
                                          : std::to_string(c->export_priced) + " of " +
                                                std::to_string(c->priced) +
                                                " at the export's prices, the rest at list") +
           ")\n";
  }
  s += "  per renewal opportunity: lapsed " + fmt(f.lapsed.value, 4) + " " + ci(f.lapsed) +
       ", switched " + fmt(f.switched.value, 4) + " " + ci(f.switched) + ", downgraded (monthly) " +
       fmt(f.downgraded.value, 4) + " " + ci(f.downgraded) + "; came back " +
       fmt(f.come_back.value, 4) + " " + ci(f.come_back) + " of those who left\n";
  return s;
}

ExportFitFiles fit_export_rows(const std::vector<ExportRow>& rows, const std::string& file,
                               const std::string& currency, Date as_of, const ExportFitOptions& o) {
  ExportFitFiles out;
  out.fit = fit_export(rows, file, as_of, o.since, o.discount, o.notice_days, o.observed_since);
  out.fit.currency = currency;
  Policy policy;
  policy.notice_days = o.notice_days;
  std::string book = export_book_csv(rows, as_of, policy, longest_come_back_days(out.fit), out.stats);
  out.files.push_back({"fit.json", export_fit_json(out.fit)});
  out.files.push_back({"book.csv", std::move(book)});
  out.files.push_back({"scenario.yaml", export_scenario_yaml(out.fit, Catalog::maas360_default().names(),
                                                             out.stats)});
  return out;
}

std::string export_book_summary(const BookStats& stats, Date as_of, const std::string& currency) {
  auto n = [](std::int64_t v) { return std::to_string(v); };
  std::string out = "book: " + n(stats.active) + " active, " + n(stats.expired) + " expired, " +
                    n(stats.lost) + " lost that may come back (left out: " +
                    n(stats.dropped_other_reseller) + " of a reseller the account left, " +
                    n(stats.dropped_mixing) + " against M2/M3, " + n(stats.dropped_off_term) +
                    " ending off their terms, " + n(stats.replaced) +
                    " ended and replaced the next day)\n";
  if (stats.earning > 0 && stats.priced > 0)
    out += "      MRR on " + format_iso(as_of) + ": " + format_money(stats.mrr) +
           (currency.empty() ? "" : " ") + currency +
           (stats.priced == stats.earning
                ? std::string(" (every row earning MRR priced by the export)")
                : " from " + n(stats.priced) + " of " + n(stats.earning) +
                      " rows earning MRR; the others at list prices") +
           "\n";
  if (stats.off_dates_dropped > 0)
    out += "      " + n(stats.off_dates_dropped) +
           " turn-off dates before a row's last term (a reactivation moved its terms): off from "
           "the export date instead\n";
  return out;
}

}  // namespace subsim
