// The report of a `subsim fit` folder on a cohort table: a table of the fits (fit.json) and, per
// cohort, the actual survivors against the fitted curve with its 95 % projection band
// (projection.csv), the periods held out marked.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "io/csv.hpp"
#include "io/json.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxCohortRows = 60;    // rows of the fits' table
constexpr std::size_t kMaxCohortCharts = 24;  // retention charts (one gnuplot each)

std::string cell(const JsonView& v, int digits = 4) {
  if (v.json().is_null()) return "n/a";
  if (!v.json().is_number())
    return html_escape(v.json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v.json().get<double>());
  return buf;
}

std::string interval(const JsonView& v) {
  if (v.json().is_null() || v.size() != 2) return "n/a";
  return "[" + cell(v[0]) + ", " + (v[1].json().is_null() ? std::string("∞") : cell(v[1])) + "]";
}

}  // namespace

namespace {

// The cohorts' indices by size, largest first (by customers; ties in file order).
std::vector<std::pair<double, std::size_t>> cohorts_by_size(const JsonView& cohorts) {
  std::vector<std::pair<double, std::size_t>> by_size;
  for (std::size_t i = 0; i < cohorts.size(); ++i) {
    const JsonView n = cohorts[i]["customers"];
    by_size.push_back({n.json().is_number() ? n.number() : 0.0, i});
  }
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  return by_size;
}

// The `n` largest cohorts' indices, in file order.
std::vector<std::size_t> largest(const std::vector<std::pair<double, std::size_t>>& by_size,
                                 std::size_t n) {
  std::vector<std::size_t> shown;
  for (std::size_t k = 0; k < std::min(n, by_size.size()); ++k) shown.push_back(by_size[k].second);
  std::sort(shown.begin(), shown.end());
  return shown;
}

// The table of the cohorts' fits (those of `shown`), with its introduction; `holdout` gets each
// shown cohort's periods fitted (where its band starts).
std::string cohort_table(const JsonView& cohorts, const std::vector<std::size_t>& shown,
                         std::map<std::string, int>& holdout) {
  std::string header =
      "<p>Shifted-beta-geometric (sBG) fits of customer retention by cohort (Fader &amp; "
      "Hardie 2007) against a constant churn rate (geometric); 95 % profile-likelihood "
      "intervals. See docs/fitting.md.</p>\n" +
      (cohorts.size() > kMaxCohortRows
           ? "<p class=\"note\">The " + std::to_string(kMaxCohortRows) + " largest of " +
                 std::to_string(cohorts.size()) +
                 " cohorts (by customers) are shown; fit.json and projection.csv hold every "
                 "one.</p>\n"
           : std::string()) +
      "<table>\n<tr><th>cohort</th><th>customers</th>"
      "<th>periods fitted</th><th>α</th><th>β</th><th>mean churn</th><th>geometric p</th>"
      "<th>LR test</th><th>better</th><th>holdout MAPE</th></tr>\n";
  for (std::size_t i : shown) {
    JsonView c = cohorts[i];
    const std::string name = c["cohort"].string();
    JsonView lr = c["likelihood_ratio"];
    std::string mape = "—";
    if (c.has("holdout_error") && !c["holdout_error"].is_null()) mape = cell(c["holdout_error"]["mape_percent"], 3) + " %";
    holdout[name] = static_cast<int>(std::clamp(c["periods_used"].number(), 0.0, 1e6));
    header += "<tr><td>" + html_escape(name) + "</td><td>" + cell(c["customers"], 10) +
              "</td><td>" + cell(c["periods_used"]) + "</td><td>" + cell(c["alpha"]) + " " +
              interval(c["alpha_ci"]) + "</td><td>" + cell(c["beta"]) + " " +
              interval(c["beta_ci"]) + "</td><td>" + cell(c["mean_churn"], 3) + "</td><td>" +
              cell(c["geometric"]["p"], 3) + "</td><td>" + cell(lr["statistic"]) + ", p " +
              cell(lr["p_value"], 2) + "</td><td>" +
              (lr["better"].json().is_null() ? std::string("—") : html_escape(lr["better"].string())) +
              "</td><td>" + mape + "</td></tr>\n";
  }
  return header + "</table>\n";
}

// projection.csv's rows of the `charted` cohorts as gnuplot data (period, actual, fitted, band),
// by cohort; `order` gets the cohorts in file order.
std::map<std::string, std::string> projection_data(const fs::path& dir,
                                                   const std::set<std::string>& charted,
                                                   std::vector<std::string>& order) {
  CsvTable p = CsvTable::read_file((dir / "projection.csv").string());
  const std::size_t c_cohort = p.column("cohort"), c_period = p.column("period"),
                    c_actual = p.column("actual"), c_fit = p.column("fitted"),
                    c_low = p.column("ci_low"), c_high = p.column("ci_high");
  std::map<std::string, std::string> data;
  for (std::size_t r = 0; r < p.rows(); ++r) {
    const std::string& name = p.at(r, c_cohort);
    if (!charted.count(name)) continue;
    if (!data.count(name)) order.push_back(name);
    data[name] += std::to_string(p.integer(r, c_period, 0, 1000000)) + " " +
                  gnuplot_value(p, r, c_actual) + " " + gnuplot_value(p, r, c_fit) + " " +
                  gnuplot_value(p, r, c_low) + " " + gnuplot_value(p, r, c_high) + "\n";
  }
  return data;
}

// A cohort's retention chart: actual, fitted and its band, the periods fitted (`used`) marked.
Chart retention_chart(const std::string& name, int used, const std::string& data) {
  return {"Retention of cohort " + name,
          "Customers still active after each period: actual (points), the fitted model (line) "
          "and its 95 % band (shaded: the range of the expected survivors over the likelihood "
          "region — parameter uncertainty, not a prediction interval for a count). The dashed "
          "line ends the periods the model was fitted on; points after it were held out or lie "
          "past the data. The y-axis starts at zero.",
          gnuplot_svg(std::string(kChartStyle) +
                          "set xlabel 'period (renewal opportunity)'\nset ylabel 'customers "
                          "active'\nset yrange [0:*]\nset key top right noenhanced\n"
                          "set arrow from " + std::to_string(used) + ", graph 0 to " +
                          std::to_string(used) + ", graph 1 nohead dt 2 lc rgb '#888888'\n"
                          "plot 'p.dat' using 1:4:5 with filledcurves fc rgb '#dbe9f6' title "
                          "'95 % band', '' using 1:3 with lines lw 2 lc rgb '#1f5aa6' title "
                          "'fitted', '' using 1:2 with points pt 7 ps 0.8 lc rgb '#c0392b' "
                          "title 'actual'\n",
                      {{"p.dat", data}})};
}

}  // namespace

// The charts of a fit folder: for an export's fit, its table of estimates as the header and no
// chart; for cohorts, the table of the largest cohorts' fits and their retention charts.
std::vector<Chart> fit_charts(const fs::path& dir, std::string& header) {
  JsonDocument doc = read_json_file((dir / "fit.json").string());
  if (!JsonView(doc).has("cohorts")) return export_fit_report(doc, header);
  JsonView cohorts = JsonView(doc)["cohorts"];
  // A table of thousands of cohorts is unreadable and one chart each would run gnuplot for
  // minutes: the largest cohorts (by customers; ties in file order) are shown, and the report
  // says how many; fit.json and projection.csv hold them all.
  const std::vector<std::pair<double, std::size_t>> by_size = cohorts_by_size(cohorts);
  std::map<std::string, int> holdout;  // cohort → periods fitted (the band's start)
  header = cohort_table(cohorts, largest(by_size, kMaxCohortRows), holdout);
  std::set<std::string> charted;
  for (std::size_t i : largest(by_size, kMaxCohortCharts))
    charted.insert(cohorts[i]["cohort"].string());
  std::vector<std::string> order;
  std::map<std::string, std::string> data = projection_data(dir, charted, order);
  std::vector<Chart> charts;
  for (const std::string& name : order)
    charts.push_back(retention_chart(name, holdout.count(name) ? holdout[name] : 0, data[name]));
  if (charts.empty())
    charts.push_back({"Retention", "No cohort in projection.csv: no data to draw.", ""});
  else if (cohorts.size() > kMaxCohortCharts)
    charts.front().caption = "Charts of the " + std::to_string(charts.size()) + " largest of " +
                             std::to_string(cohorts.size()) + " cohorts (by customers). " +
                             charts.front().caption;
  return charts;
}

}  // namespace subsim
