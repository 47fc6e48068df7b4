// Charts by gnuplot: a script and its data files in a private temporary folder, gnuplot run
// through run_tool() (no shell), the SVG read from its standard output.
#pragma once
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "io/csv.hpp"

namespace subsim {

// A number for a gnuplot data file: NaN (an undefined figure, "n/a") as gnuplot's NaN, which it
// leaves out of the plot.
std::string gnuplot_number(double v);
// A cell of a result file checked as a number (or "n/a") and written for a data file.
std::string gnuplot_value(const CsvTable& t, std::size_t row, std::size_t col);

// The common look of every chart (SVG terminal, borders, grid, literal text: no enhanced-text
// markup, so `_` in a name stays an underscore).
extern const char* const kChartStyle;
// Month labels on a time axis, with a little room at both ends.
extern const char* const kMonthAxis;

// The script of a chart over months: the common style, the month axis, the y label, then `body`
// (the plot itself and any settings of its own).
std::string month_chart(const std::string& ylabel, const std::string& body);

// The y-axis of a chart of levels (MRR, customers) whose data lie in [lowest, highest]: from
// zero when that costs little room (the data reach below a third of their top), otherwise
// zoomed in to a round number below the data with a note on the chart that it does not start
// at zero — never a 4 % dip drawn as a collapse without saying so.
std::string level_y_axis(double lowest, double highest);

// The lowest and highest finite value a chart's data reach (NaN, NaN while none): what
// level_y_axis() needs.
struct Extent {
  double lo = NAN, hi = NAN;
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::isnan(lo) ? v : std::min(lo, v);
    hi = std::isnan(hi) ? v : std::max(hi, v);
  }
};
inline std::string level_y_axis(const Extent& e) { return level_y_axis(e.lo, e.hi); }

// Renders one gnuplot script (which must `set output` nothing: the SVG goes to stdout) with the
// given data files available in its working directory. Returns cleaned inline SVG. Throws
// std::runtime_error when gnuplot is missing or fails.
std::string gnuplot_svg(const std::string& script,
                        const std::vector<std::pair<std::string, std::string>>& data_files);

// Text from a scenario or a result folder (a policy, parameter, metric or cohort name) as a
// gnuplot string literal: single-quoted, so no backquote or macro substitution happens inside;
// a quote doubled; control characters (a newline would end the command) replaced by spaces.
// Use with `noenhanced`, so `_` and `^` in names are not read as sub- and superscripts.
std::string gnuplot_quote(const std::string& text);
// The same text as a label inside a data file: double-quoted, with no `"` or line break left.
std::string gnuplot_data_label(const std::string& text);

// Inline-able SVG: no XML declaration, DOCTYPE or namespace attributes.
std::string clean_svg(const std::string& svg);

// The lifecycle state machine through Graphviz (empty if dot is not installed or fails).
std::string state_machine_svg();

}  // namespace subsim
