#include "report/compare_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "report/html.hpp"
#include "model/metric.hpp"
#include "model/number_format.hpp"

namespace subsim {

namespace {

struct Cell {
  double mean = NAN, diff = NAN, low = NAN, high = NAN, pct = NAN, pct_low = NAN,
         pct_high = NAN, p = NAN;
};

// A number for an SVG attribute.
std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The difference and its interval on [from, to] (the row's scale, zero marked).
std::string dot(double v, double low, double high, double from, double to, const char* colour) {
  const double w = 150, h = 14, pad = 4;
  auto x = [&](double t) { return pad + (w - 2 * pad) * (t - from) / (to - from); };
  std::string s = "<svg width=\"150\" height=\"14\" viewBox=\"0 0 150 14\" role=\"img\">";
  s += "<line x1=\"" + px(x(0)) + "\" y1=\"0\" x2=\"" + px(x(0)) + "\" y2=\"" + px(h) +
       "\" stroke=\"#999\" stroke-width=\"1\"/>";
  if (std::isfinite(low) && std::isfinite(high))
    s += "<line x1=\"" + px(x(low)) + "\" y1=\"7\" x2=\"" + px(x(high)) +
         "\" y2=\"7\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
  if (std::isfinite(v))
    s += "<circle cx=\"" + px(x(v)) + "\" cy=\"7\" r=\"4\" fill=\"" + colour + "\"/>";
  return s + "</svg>";
}

std::string percent(double v) { return std::isfinite(v) ? percent_text(v) : "n/a"; }

// compare.csv as cells by (metric, policy), with the reference (the first row's policy) and the
// other variants in order of appearance.
struct VerdictCells {
  std::string reference;
  std::vector<std::string> variants;
  std::map<std::pair<std::string, std::string>, Cell> cells;  // (metric, policy)
};

// The cells of compare.csv; nullopt if it has no row (its columns checked first).
std::optional<VerdictCells> read_cells(const CsvTable& rows) {
  const std::size_t c_metric = rows.column("metric"), c_policy = rows.column("policy"),
                    c_mean = rows.column("mean"), c_diff = rows.column("diff"),
                    c_low = rows.column("diff_ci_low"), c_high = rows.column("diff_ci_high"),
                    c_pct = rows.column("diff_pct"), c_pct_low = rows.column("diff_pct_ci_low"),
                    c_pct_high = rows.column("diff_pct_ci_high"), c_p = rows.column("p_holm");
  if (rows.rows() == 0) return std::nullopt;
  VerdictCells vc;
  vc.reference = rows.at(0, c_policy);
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const std::string& policy = rows.at(r, c_policy);
    if (policy != vc.reference &&
        std::find(vc.variants.begin(), vc.variants.end(), policy) == vc.variants.end())
      vc.variants.push_back(policy);
    vc.cells[{rows.at(r, c_metric), policy}] =
        Cell{rows.number_or_na(r, c_mean),     rows.number_or_na(r, c_diff),
             rows.number_or_na(r, c_low),      rows.number_or_na(r, c_high),
             rows.number_or_na(r, c_pct),      rows.number_or_na(r, c_pct_low),
             rows.number_or_na(r, c_pct_high), rows.number_or_na(r, c_p)};
  }
  return vc;
}

// A row's own scale [from, to]: every variant's interval and zero, in percent of the reference
// (or in units). A variant without the metric gets an empty cell.
std::pair<double, double> row_scale(VerdictCells& vc, const std::vector<std::string>& all,
                                    const std::string& metric, bool in_percent) {
  double from = 0, to = 0;
  for (const std::string& v : all) {
    const Cell& c = vc.cells[{metric, v}];
    const double values[3] = {in_percent ? c.pct : c.diff, in_percent ? c.pct_low : c.low,
                              in_percent ? c.pct_high : c.high};
    for (double x : values)
      if (std::isfinite(x)) {
        from = std::min(from, x);
        to = std::max(to, x);
      }
  }
  if (to - from <= 0) {
    from -= 1;
    to += 1;
  }
  return {from, to};
}

// One variant's cell: its difference and interval as text and drawn on [from, to], coloured
// and named by whether it is clear (Holm p < 0.05) and which way the metric is good.
std::string verdict_cell(const Cell& c, MetricUnit kind, int better, bool in_percent,
                         double from, double to) {
  const bool clear = std::isfinite(c.p) && c.p < 0.05 && std::isfinite(c.diff) && c.diff != 0;
  const int sign = c.diff > 0 ? 1 : -1;
  const char* cls = !clear ? "same" : better == 0 ? "" : sign == better ? "better" : "worse";
  const char* colour = !clear ? "#9a9a9a" : better == 0 ? "#1f4e9c"
                                          : sign == better ? "#1b7a2f" : "#b3261e";
  const bool same = c.diff == 0 && c.low == 0 && c.high == 0;
  std::string words = same     ? "the same in every replication"
                      : !clear ? "no clear difference"
                             : std::string(sign > 0 ? "higher" : "lower") +
                                   (better == 0 ? "" : sign == better ? " (better)" : " (worse)");
  const std::string text =
      in_percent ? percent(c.pct) + " [" + percent(c.pct_low) + ", " + percent(c.pct_high) + "]"
                 : display_text(c.diff, kind, true) + " [" + display_text(c.low, kind, true) +
                       ", " + display_text(c.high, kind, true) + "]";
  return std::string("<td class=\"verdict ") + cls + "\">" + html_escape(text) + "<br>" +
         (in_percent ? dot(c.pct, c.pct_low, c.pct_high, from, to, colour)
                     : dot(c.diff, c.low, c.high, from, to, colour)) +
         html_escape(words) + "</td>";
}

// One metric's row: its label, the reference's mean, and each variant's cell on the row's scale.
void append_verdict_row(std::string& h, VerdictCells& vc, const std::vector<std::string>& all,
                        const std::string& metric, const std::string& label, MetricUnit kind,
                        int better) {
  const Cell& ref = vc.cells[{metric, vc.reference}];
  h += "<tr><td>" + html_escape(label) + "</td><td>" + html_escape(display_text(ref.mean, kind)) +
       "</td>";
  // The row's own scale: every variant's interval and zero, in percent of the reference
  // (or in units where the reference is zero and a percentage has no meaning).
  const bool in_percent = std::isfinite(ref.mean) && ref.mean != 0;
  const auto [from, to] = row_scale(vc, all, metric, in_percent);
  const double pad = (to - from) * 0.08;
  for (const std::string& v : vc.variants) {
    auto it = vc.cells.find({metric, v});
    if (it == vc.cells.end()) {
      h += "<td class=\"verdict same\">n/a</td>";
      continue;
    }
    h += verdict_cell(it->second, kind, better, in_percent, from - pad, to + pad);
  }
  h += "</tr>\n";
}

// One table of the verdict: the figures' rows for `vc.variants` (a part of `all`, whose
// intervals set each row's scale).
std::string verdict_table_part(VerdictCells& vc, const std::vector<std::string>& all) {
  std::string h = "<table class=\"verdict\">\n<tr><th>figure</th><th>" +
                  html_escape(vc.reference) + " (reference)</th>";
  for (const std::string& v : vc.variants) h += "<th class=\"variant\">" + html_escape(v) + "</th>";
  h += "</tr>\n";
  const std::size_t columns = 2 + vc.variants.size();
  std::set<std::string> shown;
  for (const char* group : metric_groups()) {
    h += "<tr><th colspan=\"" + std::to_string(columns) + "\" class=\"group\">" + group +
         "</th></tr>\n";
    for (const MetricDef* m : metrics_of_group(group))
      if (vc.cells.count({m->name, vc.reference})) {
        append_verdict_row(h, vc, all, m->name, m->label, m->unit, m->better);
        shown.insert(m->name);
      }
  }
  // Aliases (shown under their other name) and metrics the registry does not know.
  std::set<std::string> skip;
  for (const MetricDef& m : metric_registry())
    if (m.is_alias()) skip.insert(m.name);
  bool other = false;
  for (const auto& [key, cell] : vc.cells)
    if (key.second == vc.reference && !shown.count(key.first) && !skip.count(key.first)) {
      if (!other)
        h += "<tr><th colspan=\"" + std::to_string(columns) + "\" class=\"group\">Other</th></tr>\n";
      other = true;
      append_verdict_row(h, vc, all, key.first, key.first, MetricUnit::count, 0);
    }
  return h + "</table>\n";
}

}  // namespace

// The verdict table of compare.csv: a row per metric, grouped as the registry groups them, then
// the metrics it does not know; each variant's difference to the reference, drawn.
std::string compare_verdict_table(const CsvTable& rows) {
  std::optional<VerdictCells> read = read_cells(rows);
  if (!read) return "<p>compare.csv holds no metric.</p>\n";
  VerdictCells& vc = *read;
  // At most four variants a table, so that eight (and long names) stay on the page; every
  // table repeats the figures and the reference, and each row keeps one scale across tables.
  const std::vector<std::string> all = vc.variants;
  const std::size_t per_table = 4;
  std::string h;
  for (std::size_t first = 0; first < all.size(); first += per_table) {
    const std::size_t last = std::min(all.size(), first + per_table);
    vc.variants.assign(all.begin() + static_cast<std::ptrdiff_t>(first),
                       all.begin() + static_cast<std::ptrdiff_t>(last));
    if (all.size() > per_table)
      h += "<p class=\"note\">" +
           (last == first + 1 ? "Variant " + std::to_string(last)
                              : "Variants " + std::to_string(first + 1) + "–" + std::to_string(last)) +
           " of " + std::to_string(all.size()) + ":</p>\n";
    h += verdict_table_part(vc, all);
  }
  vc.variants = all;
  h += "<p class=\"note\">Each cell: the variant's difference to the reference in "
       "percent of the reference's mean (in units where the reference is zero), with its paired "
       "95 % interval (common random numbers), drawn on the row's own scale around zero (grey "
       "line). <span class=\"better\">Better</span> or <span class=\"worse\">worse</span> when "
       "the p-value, Holm-adjusted over the variants of the metric, is below 0.05 — named by "
       "which way the metric is good; otherwise no clear difference.</p>\n";
  return h;
}

}  // namespace subsim
