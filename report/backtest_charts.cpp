// The report of a `subsim backtest` folder: the answer first (MRR at the horizon and how often
// the actual fell inside the band), a table of every figure, and per figure the forecast with
// its 90 % prediction band against the actual, month by month (backtest.csv); then the
// estimates the forecast was fitted with (fit.json).
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "io/csv.hpp"
#include "model/backtest_metric.hpp"
#include "model/number_format.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

// A figure's label for a title: its sentence label with a capital.
std::string title(const BacktestMetricInfo& f) {
  std::string t = f.label;
  if (!t.empty() && t[0] >= 'a' && t[0] <= 'z') t[0] = static_cast<char>(t[0] - 'a' + 'A');
  return t;
}

}  // namespace

std::vector<Chart> backtest_charts(const fs::path& dir, std::string& header) {
  CsvTable t = CsvTable::read_file((dir / "backtest.csv").string());
  const std::size_t c_month = t.column("month"), c_metric = t.column("metric"),
                    c_forecast = t.column("forecast"), c_pi_low = t.column("pi_low"),
                    c_pi_high = t.column("pi_high"), c_actual = t.column("actual"),
                    c_inside = t.column("inside");
  std::map<std::string, std::string> data;  // figure → gnuplot rows
  std::map<std::string, double> forecast_total, actual_total, last_forecast, last_actual;
  std::map<std::string, int> inside, months;
  int horizon = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string& m = t.at(r, c_metric);
    const int month = static_cast<int>(t.integer(r, c_month, 0, 1200));
    horizon = std::max(horizon, month);
    data[m] += std::to_string(month) + " " + gnuplot_value(t, r, c_forecast) + " " +
               gnuplot_value(t, r, c_pi_low) + " " + gnuplot_value(t, r, c_pi_high) + " " +
               gnuplot_value(t, r, c_actual) + "\n";
    if (month == 0) continue;
    const double f = t.number_or_na(r, c_forecast), a = t.number_or_na(r, c_actual);
    forecast_total[m] += f;
    actual_total[m] += a;
    last_forecast[m] = f;
    last_actual[m] = a;
    inside[m] += t.at(r, c_inside) == "true";
    ++months[m];
  }
  auto error_pct = [](double f, double a) { return a == 0 ? NAN : 100 * (f - a) / a; };
  const std::string h = std::to_string(horizon);
  header = "<p class=\"answer\">MRR at " + h + " months: forecast " +
           percent_text(error_pct(last_forecast["mrr"], last_actual["mrr"])) +
           " against the actual; the actual inside the 90 % prediction band in " +
           std::to_string(inside["mrr"]) + " of " + std::to_string(months["mrr"]) +
           " months.</p>\n<p>A back-test (docs/fitting.md): the export's behaviour fitted on "
           "what it showed before the cut, the fitted scenario run forward from the book in "
           "force at the cut, each replication with its parameters drawn from their sampling "
           "distribution, and compared month by month with what the export shows after the "
           "cut. Forecast and actual are measured alike, from subscription rows.</p>\n"
           "<table>\n<tr><th>figure</th><th>forecast</th><th>actual</th><th>error</th>"
           "<th>months inside the band</th></tr>\n";
  for (const BacktestMetricInfo& f : kBacktestMetricInfo) {
    if (!months.count(f.name)) continue;
    const double fc = f.level ? last_forecast[f.name] : forecast_total[f.name];
    const double ac = f.level ? last_actual[f.name] : actual_total[f.name];
    header += "<tr><td>" + html_escape(title(f)) + (f.level ? " at month " + h : " over " + h + " months") +
              "</td><td>" + display_text(fc, f.unit) + "</td><td>" + display_text(ac, f.unit) +
              "</td><td>" + percent_text(error_pct(fc, ac)) + "</td><td>" + std::to_string(inside[f.name]) +
              " of " + std::to_string(months[f.name]) + "</td></tr>\n";
  }
  header += "</table>\n";
  std::string fit_header;
  fit_charts(dir, fit_header);  // the estimates' table
  header += "<h2>The fit on the past</h2>\n" + fit_header;

  std::vector<Chart> charts;
  for (const BacktestMetricInfo& f : kBacktestMetricInfo) {
    if (!data.count(f.name)) continue;
    const bool money = f.unit == MetricUnit::money;
    charts.push_back(
        {title(f) + (f.level ? " at each month's end" : " in each month"),
         "Month 0 is the day before the cut" + std::string(f.level ? " (the book the forecast opens)" : "") +
             "; month k the k-th month after it. The forecast (line) is the mean over the "
             "replications, the shaded band the 90 % prediction interval of one month's value; "
             "the actual (points) is what the export shows." +
             std::string(money ? " In currency units at list prices." : ""),
         gnuplot_svg(std::string(kChartStyle) + "set xlabel 'months after the cut'\nset ylabel '" +
                         (money ? "currency units" : "customers") +
                         "'\nset key top right noenhanced\n"
                         "plot 'b.dat' using 1:3:4 with filledcurves fc rgb '#dbe9f6' title "
                         "'90 % prediction band', '' using 1:2 with lines lw 2 lc rgb '#1f5aa6' "
                         "title 'forecast', '' using 1:5 with linespoints pt 7 ps 0.8 lc rgb "
                         "'#c0392b' title 'actual'\n",
                     {{"b.dat", data[f.name]}})});
  }
  return charts;
}

}  // namespace subsim
