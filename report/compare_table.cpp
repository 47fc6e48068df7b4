#include "report/compare_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
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

std::string percent(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  const double a = std::fabs(v);
  std::snprintf(buf, sizeof buf, "%s%.*f %%", v > 0 ? "+" : (v < 0 ? "−" : ""),
                a >= 10 ? 1 : 2, a);
  return buf;
}

}  // namespace

std::string compare_verdict_table(const CsvTable& rows) {
  const std::size_t c_metric = rows.column("metric"), c_policy = rows.column("policy"),
                    c_mean = rows.column("mean"), c_diff = rows.column("diff"),
                    c_low = rows.column("diff_ci_low"), c_high = rows.column("diff_ci_high"),
                    c_pct = rows.column("diff_pct"), c_pct_low = rows.column("diff_pct_ci_low"),
                    c_pct_high = rows.column("diff_pct_ci_high"), c_p = rows.column("p_holm");
  if (rows.rows() == 0) return "<p>compare.csv holds no metric.</p>\n";
  const std::string reference = rows.at(0, c_policy);
  std::vector<std::string> variants;
  std::map<std::pair<std::string, std::string>, Cell> cells;  // (metric, policy)
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const std::string& policy = rows.at(r, c_policy);
    if (policy != reference && std::find(variants.begin(), variants.end(), policy) == variants.end())
      variants.push_back(policy);
    cells[{rows.at(r, c_metric), policy}] =
        Cell{rows.number_or_na(r, c_mean),     rows.number_or_na(r, c_diff),
             rows.number_or_na(r, c_low),      rows.number_or_na(r, c_high),
             rows.number_or_na(r, c_pct),      rows.number_or_na(r, c_pct_low),
             rows.number_or_na(r, c_pct_high), rows.number_or_na(r, c_p)};
  }
  std::string h = "<table class=\"verdict\">\n<tr><th>figure</th><th>" + html_escape(reference) +
                  " (reference)</th>";
  for (const std::string& v : variants) h += "<th>" + html_escape(v) + "</th>";
  h += "</tr>\n";
  const std::size_t columns = 2 + variants.size();
  auto row = [&](const std::string& metric, const std::string& label, MetricUnit kind,
                 int better) {
    const Cell& ref = cells[{metric, reference}];
    h += "<tr><td>" + html_escape(label) + "</td><td>" + html_escape(display_text(ref.mean, kind)) +
         "</td>";
    // The row's own scale: every variant's interval and zero, in percent of the reference
    // (or in units where the reference is zero and a percentage has no meaning).
    const bool in_percent = std::isfinite(ref.mean) && ref.mean != 0;
    double from = 0, to = 0;
    for (const std::string& v : variants) {
      const Cell& c = cells[{metric, v}];
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
    const double pad = (to - from) * 0.08;
    for (const std::string& v : variants) {
      auto it = cells.find({metric, v});
      if (it == cells.end()) {
        h += "<td class=\"verdict same\">n/a</td>";
        continue;
      }
      const Cell& c = it->second;
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
      h += std::string("<td class=\"verdict ") + cls + "\">" + html_escape(text) + "<br>" +
           (in_percent ? dot(c.pct, c.pct_low, c.pct_high, from - pad, to + pad, colour)
                       : dot(c.diff, c.low, c.high, from - pad, to + pad, colour)) +
           html_escape(words) + "</td>";
    }
    h += "</tr>\n";
  };
  std::set<std::string> shown;
  for (const char* group : metric_groups()) {
    h += "<tr><th colspan=\"" + std::to_string(columns) + "\" class=\"group\">" + group +
         "</th></tr>\n";
    for (const MetricDef* m : metrics_of_group(group))
      if (cells.count({m->name, reference})) {
        row(m->name, m->label, m->unit, m->better);
        shown.insert(m->name);
      }
  }
  // Aliases (shown under their other name) and metrics the registry does not know.
  std::set<std::string> skip;
  for (const MetricDef& m : metric_registry())
    if (m.is_alias()) skip.insert(m.name);
  bool other = false;
  for (const auto& [key, cell] : cells)
    if (key.second == reference && !shown.count(key.first) && !skip.count(key.first)) {
      if (!other)
        h += "<tr><th colspan=\"" + std::to_string(columns) + "\" class=\"group\">Other</th></tr>\n";
      other = true;
      row(key.first, key.first, MetricUnit::count, 0);
    }
  h += "</table>\n<p class=\"note\">Each cell: the variant's difference to the reference in "
       "percent of the reference's mean (in units where the reference is zero), with its paired "
       "95 % interval (common random numbers), drawn on the row's own scale around zero (grey "
       "line). <span class=\"better\">Better</span> or <span class=\"worse\">worse</span> when "
       "the p-value, Holm-adjusted over the variants of the metric, is below 0.05 — named by "
       "which way the metric is good; otherwise no clear difference.</p>\n";
  return h;
}

}  // namespace subsim
