// The report of a compare folder: the verdict table of compare.csv (differences to the
// reference policy) and MRR per policy with bands from compare_timeseries.csv.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "io/csv.hpp"
#include "io/diagnostic.hpp"
#include "io/text_file.hpp"
#include "report/charts.hpp"
#include "report/compare_table.hpp"
#include "report/gnuplot.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

// verdict.txt (what compare printed: the verdict's line and why the replications stopped, then
// its table, then what each variant changes) as the report's first block; "" without the file.
std::string answer_block(const fs::path& dir) {
  const fs::path file = dir / "verdict.txt";
  if (!fs::exists(file)) return "";
  std::string error;
  const std::optional<std::string> text = read_text_file(file.string(), error);
  if (!text) throw InputError(file.string(), 0, error);
  std::string lines, rest;
  std::size_t at = 0;
  for (;;) {  // the lines before the first blank one: the answer, as paragraphs
    const std::size_t nl = text->find('\n', at);
    const std::string line = text->substr(at, nl == std::string::npos ? nl : nl - at);
    if (line.rfind("variant ", 0) == 0) {  // a table starts: the rest is preformatted
      rest = text->substr(at);
      break;
    }
    if (line.empty() || nl == std::string::npos) {
      rest = nl == std::string::npos ? "" : text->substr(nl + 1);
      if (!line.empty()) lines += "<p>" + html_escape(line) + "</p>";
      break;
    }
    lines += (lines.empty() ? "<p><b>" + html_escape(line) + "</b></p>" : "<p>" + html_escape(line) + "</p>");
    at = nl + 1;
  }
  return "<div class=\"answer\">" + lines + (rest.empty() ? "" : "<pre>" + html_escape(rest) + "</pre>") +
         "</div>\n";
}

}  // namespace

std::vector<Chart> compare_charts(const fs::path& dir, std::string& header) {
  CsvTable rows = CsvTable::read_file((dir / "compare.csv").string());
  const std::string reference = rows.rows() == 0 ? "" : rows.at(0, rows.column("policy"));
  header = answer_block(dir) + "<p>Policies compared to the reference <b>" +
           html_escape(reference) +
           "</b> on common random numbers (paired intervals), from compare.csv.</p>\n" +
           compare_verdict_table(rows);
  std::vector<Chart> charts;
  if (!fs::exists(dir / "compare_timeseries.csv")) return charts;
  CsvTable ts = CsvTable::read_file((dir / "compare_timeseries.csv").string());
  const std::size_t t_policy = ts.column("policy"), t_month = ts.column("month"),
                    t_metric = ts.column("metric"), t_mean = ts.column("mean"),
                    t_low = ts.column("ci_low"), t_high = ts.column("ci_high");
  std::vector<std::string> order;  // policies as compare.csv lists them: the reference first
  std::map<std::string, std::string> per_policy, means;
  Extent range;
  for (std::size_t r = 0; r < ts.rows(); ++r) {
    if (ts.at(r, t_metric) != "mrr") continue;
    const std::string& policy = ts.at(r, t_policy);
    if (std::find(order.begin(), order.end(), policy) == order.end()) order.push_back(policy);
    per_policy[policy] += ts.at(r, t_month) + " " + gnuplot_value(ts, r, t_mean) + " " +
                          gnuplot_value(ts, r, t_low) + " " + gnuplot_value(ts, r, t_high) + "\n";
    means[policy] += gnuplot_value(ts, r, t_mean) + " ";
    for (std::size_t c : {t_mean, t_low, t_high}) range.add(ts.number_or_na(r, c));
  }
  if (order.empty()) return charts;
  // Policies with the very same MRR path (a rule that never binds) are said so: their lines
  // would hide each other.
  std::string identical;
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = i + 1; j < order.size(); ++j)
      if (means[order[i]] == means[order[j]])
        identical += (identical.empty() ? "" : "; ") + order[j] + " = " + order[i];
  static const char* colours[] = {"#1f4e9c", "#e08214", "#1b7a2f", "#b3261e", "#7b3294", "#555555"};
  std::string bands = "plot ", lines;
  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::string f = "p" + std::to_string(k) + ".dat";
    files.push_back({f, per_policy[order[k]]});
    const std::string colour = colours[k % 6];
    bands += (k ? ", " : "") + std::string("'") + f +
             "' using 1:3:4 with filledcurves fs transparent solid 0.15 noborder lc rgb '" +
             colour + "' title ''";
    // Dash types and markers differ too, so a line drawn over another stays visible.
    lines += ", '" + f + "' using 1:2 with linespoints lw " + std::to_string(3 - k % 3) + " dt " +
             std::to_string(1 + k % 5) + " pt " + std::to_string(4 + 2 * static_cast<int>(k % 4)) +
             " ps 0.5 pi 6 lc rgb '" + colour + "' title " + gnuplot_quote(order[k]);
  }
  charts.push_back(
      {"MRR by policy",
       "MRR at each month end under each policy (currency units, means over replications) with "
       "each policy's 95 % interval shaded. The verdict table above gives the paired "
       "differences, which are much narrower than these bands." +
           (identical.empty() ? std::string()
                              : " Identical MRR paths (the lines coincide): " + identical + "."),
       gnuplot_svg(month_chart("MRR (currency units)",
                               level_y_axis(range) + "set key top left\n" + bands + lines + "\n"),
                   files)});
  return charts;
}

}  // namespace subsim
