// The charts of a compare folder: compare.csv (differences to the reference policy) and
// compare_timeseries.csv (MRR per policy).
#include <cmath>
#include <map>

#include "io/csv.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace subsim {

namespace fs = std::filesystem;

std::vector<Chart> compare_charts(const fs::path& dir, std::string& header) {
  CsvTable rows = CsvTable::read_file((dir / "compare.csv").string());
  std::size_t c_metric = rows.column("metric"), c_policy = rows.column("policy"),
              c_mean = rows.column("mean"), c_diff = rows.column("diff"),
              c_low = rows.column("diff_ci_low"), c_high = rows.column("diff_ci_high");
  std::map<std::string, double> reference;
  std::string ref_policy = rows.rows() == 0 ? "" : rows.at(0, c_policy);
  for (std::size_t r = 0; r < rows.rows(); ++r)
    if (rows.at(r, c_policy) == ref_policy) reference[rows.at(r, c_metric)] = rows.number_or_na(r, c_mean);
  std::string forest;
  int i = 0;
  header = "<p>Policies compared to the reference <b>" + html_escape(ref_policy) +
           "</b> on common random numbers (paired intervals), from compare.csv.</p>\n";
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    if (rows.at(r, c_policy) == ref_policy) continue;
    double base = reference[rows.at(r, c_metric)];
    double diff = rows.number_or_na(r, c_diff), low = rows.number_or_na(r, c_low),
           high = rows.number_or_na(r, c_high);
    if (base == 0 || std::isnan(base) || std::isnan(diff)) continue;
    forest += gnuplot_number(100 * diff / std::fabs(base)) + " " + std::to_string(i++) + " " +
              gnuplot_number(100 * low / std::fabs(base)) + " " +
              gnuplot_number(100 * high / std::fabs(base)) + " " +
              gnuplot_data_label(rows.at(r, c_metric) + " (" + rows.at(r, c_policy) + ")") + "\n";
  }
  if (forest.empty()) forest = "0 0 0 0 \"none\"\n";
  std::vector<Chart> charts;
  charts.push_back(
      {"Differences to the reference (forest plot)",
       "Each metric's difference to the reference policy as a percentage of the reference mean, "
       "with its paired 95 % interval; intervals that exclude 0 mark real effects of the policy.",
       gnuplot_svg(std::string("set terminal svg size 860,") + std::to_string(120 + 16 * i) +
                       " dynamic font 'Helvetica,11' background '#ffffff'\nset border 3\nset tics "
                       "nomirror\n"
                       "set xlabel 'difference to the reference (% of its mean)'\nset ytics scale "
                       "0 noenhanced\nset yrange [-1:*] reverse\n"
                       "set xzeroaxis\nset arrow from 0, graph 0 to 0, graph 1 nohead lc rgb "
                       "'#999999'\nset key bottom right\n"
                       "plot 'forest.dat' using 1:2:3:4:ytic(5) with xerrorbars pt 7 lc rgb "
                       "'#1f4e9c' title 'difference and 95 % interval'\n",
                   {{"forest.dat", forest}})});
  if (fs::exists(dir / "compare_timeseries.csv")) {
    CsvTable ts = CsvTable::read_file((dir / "compare_timeseries.csv").string());
    std::size_t t_policy = ts.column("policy"), t_month = ts.column("month"),
                t_metric = ts.column("metric"), t_mean = ts.column("mean");
    std::map<std::string, std::string> per_policy;
    for (std::size_t r = 0; r < ts.rows(); ++r)
      if (ts.at(r, t_metric) == "mrr") {
        per_policy[ts.at(r, t_policy)] +=
            ts.at(r, t_month) + " " + gnuplot_value(ts, r, t_mean) + "\n";
      }
    std::string plot = "plot ";
    std::vector<std::pair<std::string, std::string>> files;
    int k = 0;
    for (const auto& [policy, data] : per_policy) {
      std::string f = "p" + std::to_string(k++) + ".dat";
      files.push_back({f, data});
      plot += std::string(k > 1 ? ", " : "") + "'" + f + "' using 1:2 with lines lw 2 title " +
              gnuplot_quote(policy) + " noenhanced";
    }
    charts.push_back(
        {"MRR by policy",
         "MRR at each month end under each policy (currency units, means over replications).",
         gnuplot_svg(month_chart("MRR (currency units)", plot + "\n"), files)});
  }
  return charts;
}

}  // namespace subsim
