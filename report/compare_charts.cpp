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

// The variants' series (`name` → "month value low high" lines, in `order`) as bands and
// lines: colours, dash types and markers differ, so a line drawn over another stays visible.
std::string bands_and_lines(const std::vector<std::string>& order,
                            const std::map<std::string, std::string>& data,
                            std::vector<std::pair<std::string, std::string>>& files) {
  static const char* colours[] = {"#1f4e9c", "#e08214", "#1b7a2f", "#b3261e", "#7b3294", "#555555"};
  std::string bands = "plot ", lines;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::string f = "p" + std::to_string(k) + ".dat";
    files.push_back({f, data.at(order[k])});
    const std::string colour = colours[k % 6];
    bands += (k ? ", " : "") + std::string("'") + f +
             "' using 1:3:4 with filledcurves fs transparent solid 0.15 noborder lc rgb '" +
             colour + "' title ''";
    lines += ", '" + f + "' using 1:2 with linespoints lw " + std::to_string(3 - k % 3) + " dt " +
             std::to_string(1 + k % 5) + " pt " + std::to_string(4 + 2 * static_cast<int>(k % 4)) +
             " ps 0.5 pi 6 lc rgb '" + colour + "' title " + gnuplot_quote(order[k]);
  }
  return bands + lines + "\n";
}

// Variants whose series are the same (a rule that never binds), as a caption's sentence ("" when
// none): their lines coincide.
std::string identical_series(const std::vector<std::string>& order,
                             const std::map<std::string, std::string>& means) {
  std::string identical;
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = i + 1; j < order.size(); ++j)
      if (means.at(order[i]) == means.at(order[j]))
        identical += (identical.empty() ? "" : "; ") + order[j] + " = " + order[i];
  return identical.empty() ? "" : " Identical MRR paths (the lines coincide): " + identical + ".";
}

// The MRR rows of a compare file (compare_differences.csv or compare_timeseries.csv): per
// variant, in the file's order, "month value low high" lines of column `value` and its
// interval, the values alone (to find identical paths), and their extent.
struct MrrSeries {
  std::vector<std::string> order;
  std::map<std::string, std::string> data, values;
  Extent range;
};
MrrSeries mrr_series(const CsvTable& t, const std::string& value) {
  const std::size_t c_policy = t.column("policy"), c_month = t.column("month"),
                    c_metric = t.column("metric"), c_value = t.column(value),
                    c_low = t.column("ci_low"), c_high = t.column("ci_high");
  MrrSeries m;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (t.at(r, c_metric) != "mrr") continue;
    const std::string& policy = t.at(r, c_policy);
    if (std::find(m.order.begin(), m.order.end(), policy) == m.order.end()) m.order.push_back(policy);
    m.data[policy] += t.at(r, c_month) + " " + gnuplot_value(t, r, c_value) + " " +
                      gnuplot_value(t, r, c_low) + " " + gnuplot_value(t, r, c_high) + "\n";
    m.values[policy] += gnuplot_value(t, r, c_value) + " ";
    for (std::size_t c : {c_value, c_low, c_high}) m.range.add(t.number_or_na(r, c));
  }
  return m;
}

// compare_differences.csv as a chart: each variant's MRR minus the reference's at each month
// end, with its paired 95 % interval, and the zero line. nullopt without the file.
std::optional<Chart> difference_chart(const fs::path& dir, const std::string& reference) {
  if (!fs::exists(dir / "compare_differences.csv")) return std::nullopt;
  const MrrSeries m = mrr_series(CsvTable::read_file((dir / "compare_differences.csv").string()), "diff");
  const std::vector<std::string>& order = m.order;
  if (order.empty()) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> files;
  const std::string plot = bands_and_lines(order, m.data, files);
  const std::string identical = identical_series(order, m.values);
  return Chart{"MRR against " + reference,
               "Each variant's MRR minus " + reference + "'s at each month end (currency units; "
               "above zero: more MRR than " + reference + "), with the 95 % interval of the "
               "difference shaded — paired by replication under common random numbers, so it is "
               "much narrower than the spread of either level. Where a band leaves zero the "
               "difference that month is significant on its own (not corrected for the number "
               "of months)." + identical,
               gnuplot_svg(month_chart("MRR difference (currency units)",
                                       // The key below the plot, one line a variant: the
                                       // chart grows with them so the plot keeps its height.
                                       "set terminal svg size 860," +
                                           std::to_string(380 + 19 * order.size()) +
                                           " dynamic font 'Helvetica,12' background '#ffffff'\n"
                                           "set termoption noenhanced\n"  // again: the terminal reset it
                                           "set xzeroaxis lt 1 lw 1.5 lc rgb '#333333'\n"
                                           "set key outside bottom center vertical Left reverse\n" +
                                           plot),
                           files)};
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
  // The differences to the reference: the answer to "how much more MRR, when?".
  if (std::optional<Chart> d = difference_chart(dir, reference)) {
    charts.push_back(std::move(*d));
    return charts;
  }
  // A folder from before compare_differences.csv: the levels, each with its own band.
  if (!fs::exists(dir / "compare_timeseries.csv")) return charts;
  // Policies as compare.csv lists them: the reference first.
  const MrrSeries m = mrr_series(CsvTable::read_file((dir / "compare_timeseries.csv").string()), "mean");
  const std::vector<std::string>& order = m.order;
  if (order.empty()) return charts;
  std::vector<std::pair<std::string, std::string>> files;
  const std::string plot = bands_and_lines(order, m.data, files);
  const std::string identical = identical_series(order, m.values);
  charts.push_back(
      {"MRR by policy",
       "MRR at each month end under each policy (currency units, means over replications) with "
       "each policy's 95 % interval shaded. The verdict table above gives the paired "
       "differences, which are much narrower than these bands." + identical,
       gnuplot_svg(month_chart("MRR (currency units)",
                               level_y_axis(m.range) + "set key top left\n" + plot),
                   files)});
  return charts;
}

}  // namespace subsim
