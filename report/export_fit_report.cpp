// The report of `subsim fit` on a subscription export (fit.json): what the export says in a
// finance reader's words — arrivals, each term type's decision to leave with the late leavers'
// extra term, the model chosen and why, the expected lifetime value, seats, lapses, switches,
// come-backs — then, per term type, the share still paying after each renewal, observed
// (Kaplan–Meier) against the fitted model with its 95 % band; every estimate of fit.json in a
// table below.
#include <cmath>
#include <string>
#include <vector>

#include "io/json.hpp"
#include "model/metric.hpp"
#include "model/number_format.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"
#include "report/html.hpp"

namespace subsim {

namespace {

constexpr std::int64_t kMinAtRisk = 30;  // fewer at risk: the observed share is not drawn

double number_or_nan(const JsonView& v) { return v.json().is_number() ? v.number() : NAN; }

// "1.86 % [1.79, 1.94]" for a share estimate {"value", "ci"}.
std::string share_with_ci(const JsonView& e) {
  const double v = number_or_nan(e["value"]);
  if (std::isnan(v)) return "n/a";
  const JsonView ci = e["ci"];
  std::string s = display_text(v, MetricUnit::share);
  if (ci.size() == 2 && !ci[0].is_null() && !ci[1].is_null())
    s += " [" + display_text(ci[0].number(), MetricUnit::share) + ", " +
         display_text(ci[1].number(), MetricUnit::share) + "]";
  return s;
}

std::string amount_with_ci(const JsonView& e, int decimals) {
  const double v = number_or_nan(e["value"]);
  if (std::isnan(v)) return "n/a";
  const JsonView ci = e["ci"];
  std::string s = group_thousands(v, decimals);
  if (ci.size() == 2 && !ci[0].is_null() && !ci[1].is_null())
    s += " [" + group_thousands(ci[0].number(), decimals) + ", " +
         group_thousands(ci[1].number(), decimals) + "]";
  return s;
}

std::string row(const std::string& what, const std::string& value, const std::string& note) {
  return "<tr><td>" + html_escape(what) + "</td><td style=\"white-space:nowrap\">" + value +
         "</td><td style=\"text-align:left;color:#444\">" + html_escape(note) + "</td></tr>\n";
}

std::string group(const std::string& name) {
  return "<tr><th class=\"group\" colspan=\"3\">" + html_escape(name) + "</th></tr>\n";
}

// One term type's cancellation, its model and its lifetime value, as rows.
std::string cancel_rows(const JsonView& c, const std::string& term, int notice) {
  const std::string unit = term == "monthly" ? "month" : "year";
  const std::string model = c["model"].string();
  const double late = number_or_nan(c["late_share"]);
  std::string note = "the share deciding at each renewal; " + display_text(late, MetricUnit::share) +
                     " of the leavers turn auto-renew off inside the " + std::to_string(notice) +
                     " days' notice and pay one more " + unit;
  std::string rows = group(term == "monthly" ? "Monthly subscriptions" : "Annual subscriptions");
  rows += row("Decide to leave at a renewal", share_with_ci(c["constant"]) + " a " + unit, note);
  const JsonView lr = c["likelihood_ratio"], sbg = c["sbg"];
  const double p = number_or_nan(lr["p_value"]);
  std::string why;
  if (model == "sBG")
    why = "customers differ: the share falls with tenure (shifted-beta-geometric, α " +
          fixed_text(sbg["alpha"].number(), 3) + ", β " + fixed_text(sbg["beta"].number(), 3) +
          "); a new customer decides to leave at " +
          display_text(number_or_nan(sbg["mean_churn"]), MetricUnit::share) + " a " + unit;
  else if (p < 0.05)
    why = "one rate per edition (the editions explain why the share falls with tenure: "
          "likelihood ratio p " + fixed_text(p, 4) + ")";
  else
    why = "one rate: no sign that it falls with tenure (likelihood ratio p " +
          (std::isnan(p) ? std::string("n/a") : fixed_text(p, 3)) + ")";
  rows += row("How the rate behaves", html_escape(model == "sBG" ? "falls with tenure" : "constant"), why);
  const JsonView ltv = c["expected_ltv"];
  const double priced = ltv.has("subscriptions_priced") ? number_or_nan(ltv["subscriptions_priced"]) : 0;
  const double own = ltv.has("priced_by_export") ? number_or_nan(ltv["priced_by_export"]) : 0;
  const std::string at = own > 0 && own == priced ? "at the export's prices"
                         : own > 0                ? "at the export's prices where given, else list"
                                                  : "at list price";
  rows += row("Lifetime value of a new subscription", amount_with_ci(ltv, 0),
              at + ", per subscription, discounted at the fit's rate, lapses and switches "
              "included — not a run's ltv (per customer, undiscounted: ARPA ÷ monthly churn)");
  return rows;
}

// The finance reader's summary table.
std::string summary_table(const JsonView& j) {
  const int notice = j.has("notice_days") ? static_cast<int>(j["notice_days"].number()) : 30;
  std::string rows = group("Arrivals");
  rows += row("New accounts", amount_with_ci(j["arrivals_per_month"], 1) + " a month",
              "since " + j["since"].string() + " (exact Poisson interval)");
  for (const char* term : {"monthly", "annual"}) {
    const JsonView share = j["term_shares"];
    if (share.has(term))
      rows += row(std::string("First orders ") + term, share_with_ci(share[term]), "of new accounts");
  }
  if (j.has("turn_off")) {
    const JsonView t = j["turn_off"];
    const bool estimated = t["estimated"].boolean();
    rows += group("Leaving");
    rows += row("Turn auto-renew off",
                fixed_text(number_or_nan(t["median_days_before"]), 0) + " days before the term's end (median)",
                estimated ? "from " + fixed_text(number_or_nan(t["observed"]), 0) +
                                " turn-off dates of cancelled subscriptions (Kaplan–Meier); decides "
                                "who pays one more term under the notice"
                          : "assumed: uniform 0–60 days (the export shows too few turn-off dates)");
  }
  for (const char* term : {"monthly", "annual"}) rows += cancel_rows(j["cancel"][term], term, notice);
  rows += group("Seats, lapses, moves and come-backs");
  rows += row("Seats of a first order",
              "median " + amount_with_ci(j["seats_lognormal"]["median"], 1),
              "lognormal; growth " + amount_with_ci(j["seats_added_per_opportunity"], 2) +
                  " seats per renewal");
  rows += row("Renewals that fail and are never fixed", share_with_ci(j["lapsed_per_opportunity"]),
              "per renewal");
  rows += row("Moves to another reseller", share_with_ci(j["switched_per_opportunity"]), "per renewal");
  rows += row("Monthly downgrades", share_with_ci(j["downgraded_per_monthly_opportunity"]),
              "per monthly renewal");
  rows += row("Come back after leaving", share_with_ci(j["come_back"]),
              "of those who left 120 days or more before the export date");
  return "<table>\n<tr><th>what the export shows</th><th>estimate [95 % interval]</th><th "
         "style=\"text-align:left\">how to read it</th></tr>\n" + rows + "</table>\n";
}

// Every estimate of fit.json with its interval (the raw figures).
void estimate_rows(const JsonView& v, const std::string& path, std::string& rows) {
  if (!v.json().is_object()) return;
  if (v.has("value") && v.has("ci")) {
    auto cell = [](const JsonView& x) {
      return x.json().is_number() ? html_escape(x.number_text()) : std::string("n/a");
    };
    const JsonView ci = v["ci"];
    rows += "<tr><td>" + html_escape(path) + "</td><td>" + cell(v["value"]) + "</td><td>" +
            (ci.size() == 2 ? "[" + cell(ci[0]) + ", " + cell(ci[1]) + "]" : std::string("n/a")) +
            "</td></tr>\n";
    return;
  }
  for (const std::string& k : v.keys())
    if (k != "retention") estimate_rows(v[k], path.empty() ? k : path + "." + k, rows);
}

// A term type's retention chart: observed points, the fitted line and its band.
Chart retention_chart(const JsonView& c, const std::string& term) {
  const JsonView r = c["retention"];
  std::string data;
  std::size_t drawn = 0;
  for (std::size_t t = 0; t < r["fitted"].size(); ++t) {
    const bool enough = t == 0 || (t - 1 < r["at_risk"].size() &&
                                   r["at_risk"][t - 1].number() >= kMinAtRisk);
    const double obs = enough ? number_or_nan(r["observed"][t]) : NAN;
    auto pct = [](double v) { return std::isfinite(v) ? std::to_string(100 * v) : std::string("NaN"); };
    data += std::to_string(t) + " " + pct(obs) + " " + pct(number_or_nan(r["fitted"][t])) + " " +
            pct(number_or_nan(r["low"][t])) + " " + pct(number_or_nan(r["high"][t])) + "\n";
    drawn += enough;
  }
  const std::string unit = term == "monthly" ? "month" : "year";
  const std::string title = (term == "monthly" ? "Monthly" : "Annual") +
                            std::string(" subscriptions: still paying after each renewal");
  if (drawn < 2)
    return {title, "Too few renewals observed to draw (fewer than 2 with " +
                       std::to_string(kMinAtRisk) + " subscriptions at risk).", ""};
  return {title,
          "The share of " + term + " subscriptions still paying after each renewal (one a " +
              unit + "): observed in the export (points, Kaplan–Meier: subscriptions still "
              "active count until the export date), the fitted model (line) — which includes the "
              "leavers who pay one more term under the notice period — and its 95 % band "
              "(shaded: the parameters' uncertainty). Points are drawn while at least " +
              std::to_string(kMinAtRisk) + " subscriptions were at risk. The y-axis starts at zero.",
          gnuplot_svg(std::string(kChartStyle) + "set xlabel 'renewals (" + unit +
                          "s)'\nset ylabel 'still paying (%)'\nset yrange [0:100]\n" +
                          (term == "annual" ? "set xtics 1\n" : "") +
                          "set key bottom left noenhanced\n"
                          "plot 'r.dat' using 1:4:5 with filledcurves fc rgb '#dbe9f6' title "
                          "'95 % band', '' using 1:3 with lines lw 2 lc rgb '#1f5aa6' title "
                          "'fitted', '' using 1:2 with points pt 7 ps 0.7 lc rgb '#c0392b' "
                          "title 'observed'\n",
                      {{"r.dat", data}})};
}

}  // namespace

std::vector<Chart> export_fit_report(const JsonDocument& doc, std::string& header) {
  const JsonView j(doc);
  std::string rows;
  estimate_rows(j, "", rows);
  std::string truncated;
  if (j.has("observed_since") && !j["observed_since"].is_null())
    truncated = " The export holds no row that ended before " + html_escape(j["observed_since"].string()) +
                " (left-truncated: " + html_escape(j["left_truncation"].string()) +
                "); renewals before that day are not counted.";
  header = "<p>Behaviour estimated from the subscription export " + html_escape(j["file"].string()) +
           " as of " + html_escape(j["as_of"].string()) + ": " +
           group_thousands(j["rows"].number(), 0) + " subscriptions of " +
           group_thousands(j["accounts"].number(), 0) + " accounts, " +
           group_thousands(j["active"].number(), 0) + " paying (docs/fitting.md)." + truncated +
           " book.csv and scenario.yaml run forward from it.</p>\n" + summary_table(j) +
           "<details><summary>Every estimate of fit.json</summary>\n<table>\n<tr><th>estimate"
           "</th><th>value</th><th>95 % interval</th></tr>\n" + rows + "</table>\n</details>\n";
  std::vector<Chart> charts;
  for (const char* term : {"monthly", "annual"})
    if (j["cancel"].has(term) && j["cancel"][term].has("retention"))
      charts.push_back(retention_chart(j["cancel"][term], term));
  return charts;
}

}  // namespace subsim
