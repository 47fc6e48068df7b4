#include "report/gnuplot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "model/lifecycle_graph.hpp"
#include "report/process.hpp"

namespace subsim {

namespace fs = std::filesystem;

const char* const kChartStyle =
    "set terminal svg size 860,380 dynamic font 'Helvetica,12' background '#ffffff'\n"
    "set termoption noenhanced\n"
    "set border 3\nset tics nomirror\nset grid ytics lc rgb '#dddddd'\nset key top left\n";

const char* const kMonthAxis =
    "set xdata time\nset timefmt '%Y-%m'\nset format x '%b %Y'\nset xtics rotate by -30\n"
    "set autoscale xfix\nset offsets 20*86400, 20*86400, 0, 0\n";

std::string month_chart(const std::string& ylabel, const std::string& body) {
  return std::string(kChartStyle) + kMonthAxis + "set ylabel " + gnuplot_quote(ylabel) +
         "\nset xlabel 'month'\n" + body;
}

std::string level_y_axis(double lowest, double highest) {
  if (!std::isfinite(lowest) || !std::isfinite(highest)) return "set yrange [0:*]\n";
  // From zero also when every value is the same (a zoomed axis would hold no range at all).
  if (lowest <= 0 || lowest < highest / 3 || !(lowest < highest)) return "set yrange [0:*]\n";
  // Zoomed in: the axis starts on a round number below the data, and the chart says so.
  const double span = std::max(highest - lowest, highest * 1e-6);
  const double step = std::pow(10.0, std::floor(std::log10(span)));
  const double from = std::floor(lowest / step) * step;
  char buf[160];
  std::snprintf(buf, sizeof buf, "set yrange [%.17g:*]\nset tmargin 3\n", from);
  std::string from_text = std::to_string(static_cast<long long>(std::llround(from)));
  for (int i = static_cast<int>(from_text.size()) - 3; i > 0 && from_text[i - 1] != '-'; i -= 3)
    from_text.insert(static_cast<std::size_t>(i), ",");
  return std::string(buf) + "set label 99 " +
         gnuplot_quote("Note: the y-axis starts at " + from_text + ", not at zero") +
         " at graph 0, graph 1.06 left tc rgb '#a0361e' font ',11'\n";
}

namespace {
// `text` between `quote`s: control characters (a line break would end a command or a data row)
// blanked, and `quote` itself replaced by `quote_as`.
std::string quoted(const std::string& text, char quote, const char* quote_as) {
  std::string out(1, quote);
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      out += ' ';
    else if (c == quote)
      out += quote_as;
    else
      out += c;
  }
  return out + quote;
}
}  // namespace

std::string gnuplot_number(double v) {
  return std::isnan(v) ? std::string("NaN") : std::to_string(v);
}

std::string gnuplot_value(const CsvTable& t, std::size_t row, std::size_t col) {
  return std::isnan(t.number_or_na(row, col)) ? std::string("NaN") : t.at(row, col);
}

std::string gnuplot_quote(const std::string& text) {
  return quoted(text, '\'', "''");
}

std::string gnuplot_data_label(const std::string& text) {
  return quoted(text, '"', "'");
}

std::string clean_svg(const std::string& svg) {
  std::string s = svg;
  auto decl = s.find("<svg");
  if (decl != std::string::npos) s = s.substr(decl);
  s = std::regex_replace(s, std::regex(" ?\n? ?xmlns(:[a-z]+)?=\"[^\"]*\""), "");
  return s;
}

std::string gnuplot_svg(const std::string& script,
                        const std::vector<std::pair<std::string, std::string>>& data_files) {
  if (!tool_available("gnuplot"))
    throw std::runtime_error("gnuplot is not installed (apt-get install gnuplot-nox)");
  char tmpl[] = "/tmp/subsim-report-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary directory");
  fs::path tmp = tmpl;
  for (const auto& [name, content] : data_files) std::ofstream(tmp / name) << content;
  std::ofstream(tmp / "chart.gp") << script;
  ProcessResult r = run_tool({"gnuplot", "chart.gp"}, "", tmp);
  fs::remove_all(tmp);
  if (!r.ok() || r.out.find("<svg") == std::string::npos)
    throw std::runtime_error("gnuplot failed: " + (r.error.empty() ? r.err : r.error));
  return clean_svg(r.out);
}

std::string state_machine_svg() {
  if (!tool_available("dot")) return "";
  std::ostringstream dot;
  write_lifecycle_dot(dot);
  ProcessResult r = run_tool({"dot", "-Tsvg"}, dot.str());
  return r.ok() ? r.out : "";
}

}  // namespace subsim
