// The charts of a finished sweep folder: points.csv, summary.csv, sensitivity.csv.
#include <algorithm>
#include <map>

#include "io/csv.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

std::vector<Chart> sobol_charts(const CsvTable& sens) {
  std::map<std::string, std::string> per_metric;
  std::map<std::string, int> count;
  std::size_t metric = sens.column("metric"), parameter = sens.column("parameter");
  const char* cols[] = {"first_order", "first_order_ci_low", "first_order_ci_high",
                        "total",       "total_ci_low",       "total_ci_high"};
  for (std::size_t r = 0; r < sens.rows(); ++r) {
    const std::string& m = sens.at(r, metric);
    std::string line = std::to_string(count[m]++);
    for (const char* c : cols) line += " " + gnuplot_value(sens, r, sens.column(c));
    per_metric[m] += line + " " + gnuplot_data_label(sens.at(r, parameter)) + "\n";
  }
  std::vector<Chart> charts;
  for (const auto& [m, data] : per_metric)
    charts.push_back(
        {"Sobol indices: " + m,
         "First-order (dark) and total (light) Sobol indices of " + m +
             " for each parameter, with 95 % bootstrap intervals.",
         gnuplot_svg(std::string(kChartStyle) +
                         "set ylabel 'Sobol index'\nset xlabel 'parameter'\nset xtics noenhanced\nset style fill solid "
                         "0.8\nset boxwidth 0.35\nset yrange [*:*]\nset xzeroaxis\n"
                         "plot 's.dat' using ($1-0.18):2 with boxes lc rgb '#1f4e9c' title 'first "
                         "order', "
                         "'' using ($1-0.18):2:3:4 with yerrorbars pt 0 lc rgb '#000000' title '', "
                         "'' using ($1+0.18):5:xtic(8) with boxes lc rgb '#9ecae1' title 'total', "
                         "'' using ($1+0.18):5:6:7 with yerrorbars pt 0 lc rgb '#000000' title ''\n",
                     {{"s.dat", data}})});
  return charts;
}

}  // namespace

std::vector<Chart> sweep_charts(const fs::path& dir, std::string& header) {
  CsvTable points = CsvTable::read_file((dir / "points.csv").string());
  std::vector<std::string> params(points.header().begin() + 1, points.header().end());
  CsvTable summary = CsvTable::read_file((dir / "summary.csv").string());
  std::size_t s_point = summary.column("point"), s_metric = summary.column("metric"),
              s_mean = summary.column("mean"), s_low = summary.column("ci_low"),
              s_high = summary.column("ci_high");
  std::vector<std::string> metrics;
  for (std::size_t r = 0; r < summary.rows(); ++r)
    if (std::find(metrics.begin(), metrics.end(), summary.at(r, s_metric)) == metrics.end())
      metrics.push_back(summary.at(r, s_metric));
  header = "<p>Sweep of " + std::to_string(points.rows()) + " points over " +
           std::to_string(params.size()) +
           " parameters; each metric against each parameter (mean and 95 % interval over "
           "replications per point).</p>\n";
  std::vector<Chart> charts;
  for (const std::string& metric : metrics) {
    std::string script =
        "set terminal svg size 860," + std::to_string(300 * ((params.size() + 1) / 2)) +
        " dynamic font 'Helvetica,11' background '#ffffff'\nset border 3\nset tics nomirror\n"
        "set multiplot layout " +
        std::to_string((params.size() + 1) / 2) + ",2\n";
    std::vector<std::pair<std::string, std::string>> files;
    for (std::size_t p = 0; p < params.size(); ++p) {
      std::string data;
      for (std::size_t r = 0; r < summary.rows(); ++r)
        if (summary.at(r, s_metric) == metric) {
          auto pt = static_cast<std::size_t>(summary.integer(
              r, s_point, 0, static_cast<std::int64_t>(points.rows()) - 1));
          data += points.at(pt, p + 1) + " " + gnuplot_value(summary, r, s_mean) + " " +
                  gnuplot_value(summary, r, s_low) + " " + gnuplot_value(summary, r, s_high) +
                  "\n";
        }
      std::string f = "r" + std::to_string(p) + ".dat";
      files.push_back({f, data});
      script += "set xlabel " + gnuplot_quote(params[p]) + " noenhanced\nset ylabel " +
                gnuplot_quote(metric) + " noenhanced\nplot '" +
                f + "' using 1:2:3:4 with yerrorbars pt 7 ps 0.5 lc rgb '#1f4e9c' title ''\n";
    }
    script += "unset multiplot\n";
    charts.push_back(
        {"Response: " + metric,
         "Each point's mean " + metric +
             " with its 95 % interval over replications, against each swept parameter.",
         gnuplot_svg(script, files)});
  }
  if (fs::exists(dir / "sensitivity.csv")) {
    auto sobol = sobol_charts(CsvTable::read_file((dir / "sensitivity.csv").string()));
    charts.insert(charts.end(), sobol.begin(), sobol.end());
  }
  return charts;
}

}  // namespace subsim
