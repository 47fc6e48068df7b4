// The charts of a finished sweep folder: points.csv, summary.csv, sensitivity.csv.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "io/csv.hpp"
#include "model/estimate.hpp"
#include "model/metric.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

// A metric as a reader names it: the registry's label and the unit its values are drawn in
// (shares and rates in percent, money in currency units); `scale` turns the file's values into
// them. A metric the registry lacks keeps its name.
struct MetricAxis {
  std::string title, axis;
  double scale = 1;
};
MetricAxis metric_axis(const std::string& metric) {
  const MetricDef* m = find_metric(metric);
  if (!m) return {metric, metric, 1};
  const std::string label = m->label;
  switch (m->unit) {
    case MetricUnit::share:
    case MetricUnit::rate:
      return {label, label + " (%)", 100};
    case MetricUnit::money:
      return {label, label + " (currency units)", 1};
    default:
      return {label, label, 1};
  }
}

// A chart title's name of a metric: its label, the file's name beside it when they differ.
std::string metric_title(const std::string& metric) {
  const std::string label = metric_axis(metric).title;
  return label == metric ? label : label + " (" + metric + ")";
}

// Sobol indices per metric, with a warning in the caption when the base sample is small
// (N = points / (k + 2) base samples) or an interval leaves [0, 1] (an index is a share of
// the variance: outside it the estimate is noise).
// With second-order indices (sensitivity_second_order.csv beside it) a base sample is 2k + 2
// points, else k + 2.
std::vector<Chart> sobol_charts(const fs::path& file, std::size_t points, bool second_order) {
  const CsvTable sens = CsvTable::read_file(file.string());
  std::size_t parameters = 0;  // k: the parameters of one metric's rows
  for (std::size_t r = 0; r < sens.rows(); ++r)
    parameters += sens.at(r, sens.column("metric")) == sens.at(0, sens.column("metric"));
  const std::size_t base =
      parameters > 0 ? points / ((second_order ? 2 : 1) * parameters + 2) : 0;
  std::map<std::string, std::string> per_metric;
  std::map<std::string, int> count;
  std::map<std::string, bool> outside;
  std::size_t metric = sens.column("metric"), parameter = sens.column("parameter");
  const char* cols[] = {"first_order", "first_order_ci_low", "first_order_ci_high",
                        "total",       "total_ci_low",       "total_ci_high"};
  for (std::size_t r = 0; r < sens.rows(); ++r) {
    const std::string& m = sens.at(r, metric);
    std::string line = std::to_string(count[m]++);
    for (const char* c : cols) {
      line += " " + gnuplot_value(sens, r, sens.column(c));
      const double v = sens.number_or_na(r, sens.column(c));
      outside[m] = outside[m] || (std::isfinite(v) && (v < -0.05 || v > 1.05));
    }
    per_metric[m] += line + " " + gnuplot_data_label(sens.at(r, parameter)) + "\n";
  }
  std::vector<Chart> charts;
  for (const auto& [m, data] : per_metric)
    charts.push_back(
        {"Sobol indices: " + metric_title(m),
         "First-order (dark) and total (light) Sobol indices of " + metric_axis(m).title +
             " for each parameter, with 95 % bootstrap intervals." +
             (base > 0 && base < 256
                  ? " Warning: " + std::to_string(base) +
                        " base samples — Sobol indices are rough below a few hundred; raise "
                        "the sweep's samples."
                  : std::string()) +
             (outside[m] ? " Warning: some intervals leave [0, 1], where an index (a share of "
                           "the variance) cannot be: the estimates are mostly noise at this "
                           "sample size."
                         : std::string()),
         gnuplot_svg(std::string(kChartStyle) +
                         "set ylabel 'Sobol index'\nset xlabel 'parameter'\n"
                         "set xtics rotate by -25 font ',10'\nset bmargin 7\nset style fill solid "
                         "0.8\nset boxwidth 0.35\nset yrange [*:*]\nset xzeroaxis\n"
                         "plot 's.dat' using ($1-0.18):2 with boxes lc rgb '#1f4e9c' title 'first "
                         "order', "
                         "'' using ($1-0.18):2:3:4 with yerrorbars pt 0 lc rgb '#000000' title '', "
                         "'' using ($1+0.18):5:xtic(8) with boxes lc rgb '#9ecae1' title 'total', "
                         "'' using ($1+0.18):5:6:7 with yerrorbars pt 0 lc rgb '#000000' title ''\n",
                     {{"s.dat", data}})});
  return charts;
}

// Second-order Sobol indices per metric: a bar per pair of parameters with its 95 % bootstrap
// interval — the share of the variance their interaction alone explains.
std::vector<Chart> second_order_charts(const fs::path& file) {
  const CsvTable t = CsvTable::read_file(file.string());
  const std::size_t metric = t.column("metric"), p1 = t.column("parameter_1"),
                    p2 = t.column("parameter_2"), v = t.column("second_order"),
                    lo = t.column("ci_low"), hi = t.column("ci_high");
  std::map<std::string, std::string> per_metric;
  std::map<std::string, int> count;
  std::map<std::string, bool> outside;
  std::vector<std::string> order;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string& m = t.at(r, metric);
    if (!count.count(m)) order.push_back(m);
    for (std::size_t c : {v, lo, hi}) {
      const double x = t.number_or_na(r, c);
      outside[m] = outside[m] || (std::isfinite(x) && (x < -0.05 || x > 1.05));
    }
    per_metric[m] += std::to_string(count[m]++) + " " + gnuplot_value(t, r, v) + " " +
                     gnuplot_value(t, r, lo) + " " + gnuplot_value(t, r, hi) + " " +
                     gnuplot_data_label(t.at(r, p1) + " × " + t.at(r, p2)) + "\n";
  }
  std::vector<Chart> charts;
  for (const std::string& m : order)
    charts.push_back(
        {"Second-order Sobol indices: " + metric_title(m),
         "The share of the variance of " + metric_axis(m).title +
             " that each pair's interaction explains beyond the two parameters' own effects "
             "(Saltelli 2002), with 95 % bootstrap intervals. Near zero: the parameters act "
             "additively." +
             (outside[m] ? " Warning: some intervals leave [0, 1], where an index cannot be: "
                           "at this sample size the estimates are mostly noise (raise the "
                           "sweep's samples)."
                         : std::string()),
         gnuplot_svg(std::string(kChartStyle) +
                         "set ylabel 'second-order index'\nset xlabel 'pair of parameters'\n"
                         "set xtics rotate by -25 font ',10'\nset bmargin 8\nset style fill "
                         "solid 0.8\nset boxwidth 0.5\nset yrange [*:*]\nset xzeroaxis\n"
                         "set xrange [-0.75:" + std::to_string(count[m]) + "-0.25]\n"
                         "plot 's.dat' using 1:2:xtic(5) with boxes lc rgb '#1f4e9c' title '', "
                         "'' using 1:2:3:4 with yerrorbars pt 0 lc rgb '#000000' title ''\n",
                     {{"s.dat", per_metric[m]}})});
  return charts;
}

// A parameter's value as a short label ("0.025", "30").
std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The swept parameters: their names and, for a categorical one (`variant: [a, b]`), the names
// of its values, drawn at 0, 1, … in the order they first appear in points.csv.
struct Parameters {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> categories;  // empty for a numeric parameter
  std::string label(std::size_t p, double v) const {
    const auto& c = categories[p];
    const auto i = static_cast<std::size_t>(v);
    return c.empty() || v < 0 || i >= c.size() ? short_number(v) : c[i];
  }
};

// "0.05" → 0.05; nullopt for anything that is not a finite number (a variant's name).
std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// points.csv's parameters as numbers (a categorical one's values as their index).
std::vector<std::vector<double>> read_points(const CsvTable& points, Parameters& ps) {
  ps.names.assign(points.header().begin() + 1, points.header().end());
  ps.categories.assign(ps.names.size(), {});
  std::vector<std::vector<double>> x(points.rows(), std::vector<double>(ps.names.size()));
  for (std::size_t p = 0; p < ps.names.size(); ++p) {
    bool numeric = true;
    for (std::size_t r = 0; r < points.rows() && numeric; ++r)
      numeric = parse_number(points.at(r, p + 1)).has_value();
    for (std::size_t r = 0; r < points.rows(); ++r) {
      const std::string& v = points.at(r, p + 1);
      if (numeric) {
        x[r][p] = *parse_number(v);
        continue;
      }
      auto& c = ps.categories[p];
      auto it = std::find(c.begin(), c.end(), v);
      if (it == c.end()) it = c.insert(c.end(), v);
      x[r][p] = static_cast<double>(it - c.begin());
    }
  }
  return x;
}

// Axis settings of a panel: x from a little before the first value to a little after the last
// (a grid's values, or a categorical parameter's names, as its ticks), y numbers short (5.40M
// rather than 5.4e+06).
std::string panel_axes(const std::vector<double>& xs, bool ticks_at_values, double y_high,
                       const Parameters& ps, std::size_t p) {
  ticks_at_values = ticks_at_values || !ps.categories[p].empty();
  std::string s = std::fabs(y_high) >= 1e4 ? "set format y '%.2s%c'\n" : "set format y '%g'\n";
  if (xs.empty()) return s + "set xrange [*:*]\nset xtics autofreq\n";
  const double lo = *std::min_element(xs.begin(), xs.end()),
               hi = *std::max_element(xs.begin(), xs.end());
  const double pad = hi > lo ? (hi - lo) * 0.06 : 1;
  s += "set xrange [" + gnuplot_number(lo - pad) + ":" + gnuplot_number(hi + pad) + "]\n";
  if (!ticks_at_values) return s + "set xtics autofreq\nset format x '%g'\n";
  std::set<double> values(xs.begin(), xs.end());
  std::string t = "set xtics (";
  for (double v : values) t += (t.size() > 11 ? ", " : "") + gnuplot_quote(ps.label(p, v)) + " " + gnuplot_number(v);
  return s + t + ")\n";
}

constexpr const char* kColours[] = {"#1f4e9c", "#e08214", "#1b7a2f", "#b3261e",
                                    "#7b3294", "#00838f", "#6d4c41", "#555555"};

// A grid panel's row at one value of its parameter: the mean of the points' means (those not
// n/a); its interval from theirs, as if independent (a point without an interval, one
// replication, adds none). Empty if n/a at every point there; `range` takes the interval.
std::string grid_row(double pv, const std::vector<Estimate>& ests, Extent& range) {
  double m = 0, var = 0;
  std::size_t used = 0;
  for (const Estimate& e : ests) {
    if (!std::isfinite(e.value)) continue;
    m += e.value;
    ++used;
    const double hw = (e.high - e.low) / 2;
    var += std::isfinite(hw) ? hw * hw : 0;
  }
  if (used == 0) return "";  // n/a at every point here: no row
  m /= used;
  const double hw = std::sqrt(var) / used;
  range.add(m - hw);
  range.add(m + hw);
  return gnuplot_number(pv) + " " + gnuplot_number(m) + " " + gnuplot_number(m - hw) + " " +
         gnuplot_number(m + hw) + "\n";
}

// A panel's y-range: its own data's (`own`, measured while the panel is drawn), or one shared by
// every panel of a response, so that they can be read against each other.
struct PanelY {
  Extent own;
  const Extent* shared = nullptr;
  Extent y() const { return shared ? *shared : own; }
  // The y-axis: from zero or zoomed (level_y_axis); shared, its top fixed too, a little above
  // the highest value of every panel, so that all panels show the same range.
  std::string axis() const {
    std::string s = level_y_axis(y());
    if (!shared || !std::isfinite(shared->hi) || !std::isfinite(shared->lo)) return s;
    const double span = shared->hi - shared->lo;
    const double margin = span > 0 ? 0.05 * span : 0.05 * std::fabs(shared->hi) + 1;
    return s + "set yrange [:" + gnuplot_number(shared->hi + margin) + "]\n";
  }
};

// A grid design's panel: each value of the next parameter (`q`) a coloured line through the
// values of `p` (averaged over any other parameters), so interactions show as lines that are
// not parallel.
std::string grid_panel(const std::vector<std::vector<double>>& x, std::size_t p,
                       const std::vector<Estimate>& y,
                       std::vector<std::pair<std::string, std::string>>& files,
                       const Parameters& ps, const std::string& tag,
                       const std::vector<double>& xs, PanelY& py) {
  const std::size_t n = y.size(), q = (p + 1) % ps.names.size();
  Extent& range = py.own;
  // (value of q) → (value of p) → the points' estimates there.
  std::map<double, std::map<double, std::vector<Estimate>>> groups;
  for (std::size_t i = 0; i < n; ++i) groups[x[i][q]][x[i][p]].push_back(y[i]);
  // Lines with the very same data (a parameter that changes nothing here) are drawn once,
  // named by every value they stand for, so that no line hides another.
  std::vector<std::pair<std::string, std::string>> lines;  // data, its values' names
  for (const auto& [qv, line] : groups) {
    std::string data;
    for (const auto& [pv, ests] : line) data += grid_row(pv, ests, range);
    if (data.empty()) continue;  // a line with no data: gnuplot refuses an empty plot
    auto same = std::find_if(lines.begin(), lines.end(),
                             [&](const auto& l) { return l.first == data; });
    if (same != lines.end())
      same->second += " = " + ps.label(q, qv);
    else
      lines.push_back({data, ps.label(q, qv)});
  }
  std::string plot;
  for (std::size_t g = 0; g < lines.size(); ++g) {
    const std::string f = tag + "g" + std::to_string(g) + ".dat";
    files.push_back({f, lines[g].first});
    plot += std::string(g ? ", " : "") + "'" + f +
            "' using 1:2:3:4 with yerrorlines lw 2 dt " + std::to_string(1 + g % 5) + " pt " +
            std::to_string(5 + 2 * static_cast<int>(g % 4)) + " ps 0.6 lc rgb '" +
            kColours[g % 8] + "' title " + gnuplot_quote(ps.names[q] + " = " + lines[g].second);
    // (dash types and markers differ too: lines that nearly coincide stay visible)
  }
  return py.axis() + panel_axes(xs, true, py.y().hi, ps, p) +
         "set key bmargin center horizontal font ',9'\nplot " + plot + "\n";
}

// Many points binned in ten equal bins of the parameter (`xs`): each bin's centre, mean and
// 95 % interval over the points' means in it, as gnuplot data.
std::string binned_means(const std::vector<double>& xs, const std::vector<Estimate>& y) {
  const double xmin = *std::min_element(xs.begin(), xs.end()),
               xmax = *std::max_element(xs.begin(), xs.end());
  constexpr int kBins = 10;
  std::vector<std::vector<double>> bins(kBins);
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i].value)) continue;
    int b = xmax > xmin ? static_cast<int>((xs[i] - xmin) / (xmax - xmin) * kBins) : 0;
    bins[std::clamp(b, 0, kBins - 1)].push_back(y[i].value);
  }
  std::string binned;
  for (int b = 0; b < kBins; ++b) {
    const auto& v = bins[b];
    if (v.empty()) continue;
    double m = 0, ss = 0;
    for (double e : v) m += e / v.size();
    for (double e : v) ss += (e - m) * (e - m);
    const double hw = v.size() > 1 ? 1.96 * std::sqrt(ss / (v.size() - 1) / v.size()) : NAN;
    binned += gnuplot_number(xmin + (b + 0.5) * (xmax - xmin) / kBins) + " " + gnuplot_number(m) +
              " " + gnuplot_number(m - hw) + " " + gnuplot_number(m + hw) + "\n";
  }
  return binned;
}

// The panel of `metric` against parameter `p`, in one of three forms:
// - a grid design: each value of the next parameter (`q`) a coloured line through the values
//   of `p` (averaged over any other parameters), so interactions show as lines that are not
//   parallel;
// - many points (over 60): binned in ten equal bins of `p`, each bin's mean with its 95 %
//   interval over the points in it, the points themselves faint behind;
// - otherwise each point's mean with its 95 % interval.
std::string response_panel(const std::vector<std::vector<double>>& x, std::size_t p,
                           const std::vector<Estimate>& y, bool grid,
                           std::vector<std::pair<std::string, std::string>>& files,
                           const Parameters& ps, const std::string& tag, PanelY& py) {
  const std::size_t n = y.size(), k = ps.names.size();
  std::vector<double> xs;  // the panel's parameter at each point
  for (std::size_t i = 0; i < n; ++i) xs.push_back(x[i][p]);
  if (grid && k >= 2) return grid_panel(x, p, y, files, ps, tag, xs, py);
  Extent& range = py.own;
  std::string raw;
  for (std::size_t i = 0; i < n; ++i) {
    // Without an interval (one replication) the point is drawn without a bar.
    const bool bar = std::isfinite(y[i].low) && std::isfinite(y[i].high);
    raw += gnuplot_number(x[i][p]) + " " + gnuplot_number(y[i].value) + " " +
           gnuplot_number(bar ? y[i].low : y[i].value) + " " +
           gnuplot_number(bar ? y[i].high : y[i].value) + "\n";
    range.add(y[i].value);
  }
  const std::string f = tag + "r.dat";
  files.push_back({f, raw});
  if (n <= 60) {
    for (const Estimate& e : y) {
      range.add(e.low);
      range.add(e.high);
    }
    return py.axis() + panel_axes(xs, false, py.y().hi, ps, p) + "set key off\nplot '" + f +
           "' using 1:2:3:4 with yerrorbars pt 7 ps 0.5 lc rgb '#1f4e9c' title ''\n";
  }
  const std::string fb = tag + "b.dat";
  files.push_back({fb, binned_means(xs, y)});
  return py.axis() + panel_axes(xs, false, py.y().hi, ps, p) +
         "set key bmargin center horizontal font ',9'\nplot '" + f +
         "' using 1:2 with points pt 7 ps 0.3 lc rgb '#c8c8c8' title 'points (means)', '" + fb +
         "' using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.7 lc rgb '#1f4e9c' title 'binned mean "
         "and 95 % interval'\n";
}

// A grid: every parameter takes few values and the points are every combination of them.
bool is_grid(const std::vector<std::vector<double>>& x, std::size_t k) {
  if (x.empty() || k == 0) return false;
  double combinations = 1;
  for (std::size_t p = 0; p < k; ++p) {
    std::set<double> values;
    for (const auto& row : x) values.insert(row[p]);
    if (values.size() > 12) return false;
    combinations *= static_cast<double>(values.size());
  }
  return combinations == static_cast<double>(x.size());
}

// A response's multiplot: a panel per parameter, every panel on one y-range (measured on a
// first pass over the panels).
std::string response_script(const std::vector<std::vector<double>>& x,
                            const std::vector<Estimate>& ys, bool grid, const Parameters& ps,
                            const std::string& metric,
                            std::vector<std::pair<std::string, std::string>>& files) {
  const std::vector<std::string>& params = ps.names;
  const std::size_t rows = (params.size() + 1) / 2;
  std::string script = "set terminal svg size 860," + std::to_string(320 * rows) +
                       " dynamic font 'Helvetica,11' background '#ffffff'\n"
                       "set termoption noenhanced\nset border 3\nset tics nomirror\n"
                       "set grid ytics lc rgb '#dddddd'\nset multiplot layout " +
                       std::to_string(rows) + ",2\n";
  Extent shared;
  for (std::size_t p = 0; p < params.size(); ++p) {
    std::vector<std::pair<std::string, std::string>> scratch;
    PanelY py;
    response_panel(x, p, ys, grid, scratch, ps, "p", py);
    shared.add(py.own.lo);
    shared.add(py.own.hi);
  }
  for (std::size_t p = 0; p < params.size(); ++p) {
    PanelY py;
    py.shared = &shared;
    script += "set xlabel " + gnuplot_quote(params[p]) + "\nset ylabel " + gnuplot_quote(metric) +
              "\nunset label 99\nset tmargin\n" +
              response_panel(x, p, ys, grid, files, ps, "p" + std::to_string(p), py);
  }
  return script + "unset multiplot\n";
}

// How to read a response's panels.
std::string response_how(const std::vector<Estimate>& ys, bool grid, bool binned) {
  // One replication per point (or none defined): no interval to draw, and the caption says so.
  const bool intervals = std::any_of(ys.begin(), ys.end(), [](const Estimate& e) {
    return std::isfinite(e.low) && std::isfinite(e.high);
  });
  return grid ? std::string("Each line: one value of the next parameter (legend), through the "
                            "values of the panel's parameter, averaged over any other parameters") +
                    (intervals ? ", with 95 % intervals (combined as if the points were "
                                 "independent)"
                               : " (one replication per point: no intervals)") +
                    "; lines that are not parallel show an interaction."
         : binned ? "The points' means (grey) and, in ten equal bins of the parameter, the mean "
                    "of the points in each bin with its 95 % interval (blue): with many points "
                    "the trend, not a wall of whiskers."
         : intervals ? "Each point's mean with its 95 % interval over replications."
                     : "Each point's value (one replication per point: no intervals).";
}

}  // namespace

std::vector<Chart> sweep_charts(const fs::path& dir, std::string& header) {
  CsvTable points = CsvTable::read_file((dir / "points.csv").string());
  Parameters ps;
  const std::vector<std::vector<double>> x = read_points(points, ps);
  const std::vector<std::string>& params = ps.names;
  CsvTable summary = CsvTable::read_file((dir / "summary.csv").string());
  std::size_t s_point = summary.column("point"), s_metric = summary.column("metric"),
              s_mean = summary.column("mean"), s_low = summary.column("ci_low"),
              s_high = summary.column("ci_high");
  std::vector<std::string> metrics;
  std::map<std::string, std::vector<Estimate>> estimates;  // metric → per point
  for (std::size_t r = 0; r < summary.rows(); ++r) {
    const std::string& m = summary.at(r, s_metric);
    if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
    auto& per_point = estimates[m];
    per_point.resize(points.rows());
    auto pt = static_cast<std::size_t>(
        summary.integer(r, s_point, 0, static_cast<std::int64_t>(points.rows()) - 1));
    per_point[pt] = {summary.number_or_na(r, s_mean), summary.number_or_na(r, s_low),
                     summary.number_or_na(r, s_high)};
  }
  const bool grid = is_grid(x, params.size());
  const bool binned = !grid && points.rows() > 60;
  header = "<p>Sweep of " + std::to_string(points.rows()) + " points over " +
           std::to_string(params.size()) + " parameters" +
           (grid ? " (a full grid)" : "") + "; each metric against each parameter.</p>\n";
  std::vector<Chart> charts;
  for (const std::string& metric : metrics) {
    const MetricAxis axis = metric_axis(metric);
    std::vector<Estimate> ys = estimates[metric];
    for (Estimate& e : ys) e = {e.value * axis.scale, e.low * axis.scale, e.high * axis.scale};
    const std::string title = "Response: " + metric_title(metric);
    if (std::none_of(ys.begin(), ys.end(), [](const Estimate& e) { return std::isfinite(e.value); })) {
      // n/a at every point (a rate of nothing, say, in small runs): nothing to draw.
      charts.push_back({title, "No data: " + metric + " is n/a at every point of this sweep.", ""});
      continue;
    }
    std::vector<std::pair<std::string, std::string>> files;
    const std::string script = response_script(x, ys, grid, ps, axis.axis, files);
    const std::string how = response_how(ys, grid, binned);
    charts.push_back({title,
                      "Mean " + axis.axis + " against each swept parameter, every panel on one "
                      "y-range. " + how,
                      gnuplot_svg(script, files)});
  }
  if (fs::exists(dir / "sensitivity.csv")) {
    const bool second = fs::exists(dir / "sensitivity_second_order.csv");
    auto sobol = sobol_charts(dir / "sensitivity.csv", x.size(), second);
    charts.insert(charts.end(), sobol.begin(), sobol.end());
    if (second) {
      auto pairs = second_order_charts(dir / "sensitivity_second_order.csv");
      charts.insert(charts.end(), pairs.begin(), pairs.end());
    }
  }
  return charts;
}

}  // namespace subsim
