// The charts of a run folder: summary.json, timeseries.csv, cohorts.csv, survival.csv.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "io/csv.hpp"
#include "io/json.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"
#include "report/headline.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

// metric → month → (mean, low, high) of a timeseries.csv.
using Pivot = std::map<std::string, std::map<std::string, std::array<double, 3>>>;
Pivot pivot(const CsvTable& t) {
  Pivot m;
  std::size_t month = t.column("month"), metric = t.column("metric"), mean = t.column("mean"),
              low = t.column("ci_low"), high = t.column("ci_high");
  for (std::size_t r = 0; r < t.rows(); ++r)
    m[t.at(r, metric)][t.at(r, month)] = {t.number_or_na(r, mean), t.number_or_na(r, low),
                                            t.number_or_na(r, high)};
  return m;
}

// The scenario line and the table of every metric's mean and interval, as summary.json has them.
std::string summary_header(const JsonDocument& doc) {
  JsonView s(doc);
  std::string h = "<p>Scenario <b>" + html_escape(s["scenario"].string()) + "</b>, policy <b>" +
                  html_escape(s["policy"].string()) + "</b>, seed " +
                  html_escape(s["seed"].number_text()) + ", " +
                  html_escape(s["replications"].number_text()) + " replication(s), " +
                  html_escape(s["start"].string()) + " to " + html_escape(s["end"].string()) +
                  ".</p>\n";
  return h + headline_table(s["metrics"]);
}

// Adds the values of columns of a series to `e`.
Extent& add(Extent& e, const std::map<std::string, std::array<double, 3>>& series,
            std::initializer_list<int> columns) {
  for (const auto& [month, v] : series)
    for (int c : columns) e.add(v[c]);
  return e;
}

Chart no_data(const std::string& title, const std::string& why) {
  return {title, "No data: " + why, ""};
}

Chart mrr_chart(Pivot& ts) {
  std::string mrr;
  bool intervals = false;  // none with one replication: no shading, and the caption says so
  for (const auto& [month, v] : ts["mrr"]) {
    mrr += month + " " + gnuplot_number(v[0]) + " " + gnuplot_number(v[1]) + " " +
           gnuplot_number(v[2]) + "\n";
    intervals = intervals || !std::isnan(v[1]);
  }
  Extent range;
  add(range, ts["mrr"], {0, 1, 2});
  if (std::isnan(range.hi) || range.hi <= 0) return no_data("MRR", "no subscription earned MRR in these runs.");
  const std::string line = "using 1:2 with lines lw 2 lc rgb '#1f4e9c' title 'MRR'\n";
  return {"MRR",
          intervals ? "Monthly recurring revenue at each month end (currency units), mean over "
                      "replications with its 95 % interval (shaded)."
                    : "Monthly recurring revenue at each month end (currency units). One "
                      "replication: no interval (run two or more for one).",
          gnuplot_svg(month_chart("MRR (currency units)",
                                  level_y_axis(range) +
                                  (intervals ? "plot 'mrr.dat' using 1:3:4 with filledcurves fc "
                                              "rgb '#c6d9f0' title '95 % interval', '' " + line
                                            : "plot 'mrr.dat' " + line)),
                      {{"mrr.dat", mrr}})};
}

// Did a price change move any MRR in these runs (P1)? Only then do the charts show price moves:
// a folder without them (or from before them) draws as it always did.
bool has_price_moves(Pivot& ts) {
  for (const char* m : {"price_expansion_mrr", "price_contraction_mrr"})
    for (const auto& [month, v] : ts[m])
      if (std::isfinite(v[0]) && v[0] != 0) return true;
  return false;
}

// One MRR movement of the charts: its timeseries metric, its name and its colour.
struct Move {
  const char* metric;
  const char* name;
  const char* colour;  // 0xRRGGBB
};
std::vector<Move> gains(bool price) {
  std::vector<Move> g = {{"new_mrr", "new", "0x1b5e20"}, {"expansion_mrr", "expansion", "0x3c8d40"}};
  if (price) g.push_back({"price_expansion_mrr", "price rises", "0x9ccc65"});
  g.push_back({"reactivation_mrr", "reactivation", "0x7fb77e"});
  return g;
}
std::vector<Move> losses(bool price) {
  std::vector<Move> l = {{"contraction_mrr", "contraction", "0xef9a9a"}};
  if (price) l.push_back({"price_contraction_mrr", "price cuts", "0xf8bbd0"});
  l.push_back({"churned_mrr", "churned", "0xc62828"});
  return l;
}

Chart movements_chart(Pivot& ts) {
  const bool price = has_price_moves(ts);
  const std::vector<Move> up = gains(price), down = losses(price);
  std::string mov;
  for (const auto& [month, v] : ts["new_mrr"]) {
    mov += month;
    double level = 0;  // stacked: each column the sum of the movements up to it
    for (const Move& m : up) mov += " " + gnuplot_number(level += ts[m.metric][month][0]);
    level = 0;
    for (const Move& m : down) mov += " " + gnuplot_number(level -= ts[m.metric][month][0]);
    mov += "\n";
  }
  if (mov.empty()) return no_data("MRR movements", "no month with MRR in these runs.");
  // Drawn from the tallest stack down, so each movement shows as its own band.
  std::string plot = "plot ";
  auto boxes = [&](std::size_t column, const Move& m) {
    plot += std::string(plot.size() > 5 ? ", " : "") + (plot.size() > 5 ? "''" : "'mov.dat'") +
            " using 1:" + std::to_string(column) + " with boxes lc rgb '#" +
            std::string(m.colour + 2) + "' title '" + m.name + "'";
  };
  for (std::size_t i = up.size(); i-- > 0;) boxes(2 + i, up[i]);
  for (std::size_t i = down.size(); i-- > 0;) boxes(2 + up.size() + i, down[i]);
  return {"MRR movements",
          std::string("Per month: new, expansion") + (up.size() > 3 ? ", price rises" : "") +
              " and reactivation MRR upwards; contraction" + (down.size() > 2 ? ", price cuts" : "") +
              " and churned MRR downwards (currency units, means over replications, ChartMogul "
              "convention).",
          gnuplot_svg(month_chart("MRR movement (currency units)",
                                  "set style fill solid 0.9 noborder\nset boxwidth 0.8*30*86400 "
                                  "absolute\nset key outside right\n" + plot + "\n"),
                      {{"mov.dat", mov}})};
}

// A year of the MRR bridge: MRR at its start, each movement summed, MRR at its end.
struct BridgeYear {
  double start = NAN, end = NAN;
  std::vector<double> gained, lost;
};
std::map<std::string, BridgeYear> bridge_years(Pivot& ts, const std::vector<Move>& up,
                                               const std::vector<Move>& down, double& previous) {
  std::map<std::string, BridgeYear> years;
  auto mean = [&](const char* metric, const std::string& month) {
    const double v = ts[metric][month][0];
    return std::isfinite(v) ? v : 0.0;
  };
  for (const auto& [month, v] : ts["mrr"]) {
    BridgeYear& y = years[month.substr(0, 4)];
    y.gained.resize(up.size());
    y.lost.resize(down.size());
    double net = 0;
    for (std::size_t i = 0; i < up.size(); ++i) net += mean(up[i].metric, month);
    for (std::size_t i = 0; i < down.size(); ++i) net -= mean(down[i].metric, month);
    if (std::isnan(y.start))  // the month before the first is the run's opening MRR
      y.start = std::isfinite(previous) ? previous : v[0] - net;
    for (std::size_t i = 0; i < up.size(); ++i) y.gained[i] += mean(up[i].metric, month);
    for (std::size_t i = 0; i < down.size(); ++i) y.lost[i] += mean(down[i].metric, month);
    y.end = v[0];
    previous = v[0];
  }
  return years;
}

// The MRR bridge of each calendar year as a waterfall: MRR at the year's start, each movement
// as a floating bar (gains up, losses down), MRR at its end — on an axis from zero.
Chart bridge_chart(Pivot& ts) {
  const bool price = has_price_moves(ts);
  const std::vector<Move> up = gains(price), down = losses(price);
  double previous = NAN;
  const std::map<std::string, BridgeYear> years = bridge_years(ts, up, down, previous);
  if (years.empty() || !std::isfinite(previous))
    return no_data("MRR bridge by year", "no MRR in these runs.");
  std::string data;
  int x = 0;
  auto bar = [&](double from, double to, const char* colour, const std::string& label) {
    data += std::to_string(x++) + " " + gnuplot_number((from + to) / 2) + " " +
            gnuplot_number(std::fabs(to - from) / 2) + " " + colour + " " +
            gnuplot_data_label(label) + "\n";
  };
  for (const auto& [year, y] : years) {
    double level = y.start;
    bar(0, level, "0x8fa8c8", year + " start");
    for (std::size_t i = 0; i < up.size(); ++i) {
      bar(level, level + y.gained[i], up[i].colour, std::string("+ ") + up[i].name);
      level += y.gained[i];
    }
    for (std::size_t i = 0; i < down.size(); ++i) {
      bar(level, level - y.lost[i], down[i].colour, std::string("− ") + down[i].name);
      level -= y.lost[i];
    }
    bar(0, y.end, "0x1f4e9c", year + " end");
    ++x;  // a gap between years
  }
  return {"MRR bridge by year",
          std::string("Each calendar year: MRR at its start (light blue), the MRR gained from new "
                      "customers, expansion") + (price ? ", price rises" : "") +
              " and reactivation (greens, upwards), lost to contraction" +
              (price ? ", price cuts" : "") +
              " and churn (reds, downwards), and MRR at its end (dark blue); currency units, "
              "means over replications. Start + gains − losses = end.",
          gnuplot_svg(std::string(kChartStyle) +
                          "set ylabel 'MRR (currency units)'\nset yrange [0:*]\nset format y '%.0f'\nset xtics "
                          "rotate by -45 font ',10'\nset xrange [-1:" + std::to_string(x) +
                          "]\nunset key\n"
                          "plot 'bridge.dat' using 1:2:(0.4):3:4:xtic(5) with boxxyerror fs "
                          "solid 0.9 noborder lc rgb variable\n",
                      {{"bridge.dat", data}})};
}

Chart customers_chart(Pivot& ts) {
  std::string act;
  bool same = true;  // one subscription per customer: the two lines coincide
  for (const auto& [month, v] : ts["active_customers"]) {
    const double subs = ts["active_subscriptions"][month][0];
    act += month + " " + gnuplot_number(v[0]) + " " + gnuplot_number(subs) + "\n";
    same = same && v[0] == subs;
  }
  Extent range;
  if (std::isnan(add(range, ts["active_customers"], {0}).hi) || range.hi <= 0)
    return no_data("Customers and subscriptions", "no paying customer in these runs.");
  return {"Customers and subscriptions",
          std::string("Paying customers and subscriptions earning MRR at each month end (means "
                      "over replications).") +
              (same ? " The two lines coincide: every paying customer holds one subscription "
                      "(subscriptions drawn dashed with points on top)."
                    : ""),
          gnuplot_svg(month_chart("count", level_y_axis(add(range, ts["active_subscriptions"], {0})) +
                                               "plot 'act.dat' using 1:2 with lines lw 3 lc rgb "
                                               "'#1f4e9c' title 'active customers', "
                                               "'' using 1:3 with linespoints lw 1.5 dt 2 pt 6 "
                                               "ps 0.6 pi 3 lc rgb '#e08214' title 'active "
                                               "subscriptions'\n"),
                      {{"act.dat", act}})};
}

Chart churn_chart(Pivot& ts) {
  std::string churn;
  double prev = -1;
  for (const auto& [month, v] : ts["active_customers"]) {
    if (prev > 0)
      churn +=
          month + " " + std::to_string(100.0 * ts["churned_customers"][month][0] / prev) + "\n";
    prev = v[0];
  }
  if (churn.empty())
    return no_data("Monthly logo churn rate", "fewer than two months with paying customers.");
  return {"Monthly logo churn rate",
          "Customers lost in a month as a share of the paying customers at the start of "
          "the month (%).",
          gnuplot_svg(month_chart("logo churn (% per month)",
                                  "set yrange [0:*]\n"
                                  "plot 'churn.dat' using 1:2 with linespoints pt 7 ps 0.5 lw 2 "
                                  "title 'logo churn rate'\n"),
                      {{"churn.dat", churn}})};
}

Chart cohort_chart(const CsvTable& cohorts) {
  std::size_t c_cohort = cohorts.column("cohort"), c_age = cohorts.column("months_since_start"),
              c_share = cohorts.column("retained_share");
  std::map<std::string, int> cohort_index;
  for (std::size_t r = 0; r < cohorts.rows(); ++r) cohort_index.emplace(cohorts.at(r, c_cohort), 0);
  int ci = 0;
  std::string ytics;
  for (auto& [name, idx] : cohort_index) {
    idx = ci++;
    if (idx % 3 == 0)
      ytics += std::string(ytics.empty() ? "" : ", ") + gnuplot_quote(name) + " " +
               std::to_string(idx);
  }
  // `with image` needs a full grid: cells a cohort has not reached yet are NaN (blank).
  std::map<std::pair<int, int>, std::string> cell;
  int max_age = 0;
  double lowest = 1;  // the colour scale is fitted to the data (5 % steps), not 0 … 1
  for (std::size_t r = 0; r < cohorts.rows(); ++r) {
    int age = static_cast<int>(cohorts.integer(r, c_age, 0, 100 * 12));
    cell[{cohort_index[cohorts.at(r, c_cohort)], age}] = gnuplot_value(cohorts, r, c_share);
    max_age = std::max(max_age, age);
    const double share = cohorts.number_or_na(r, c_share);
    if (!std::isnan(share)) lowest = std::min(lowest, share);
  }
  const double floor = std::clamp(std::floor(lowest * 20) / 20, 0.0, 0.95);
  char range[64];
  std::snprintf(range, sizeof range, "set cbrange [%.2f:1]\nset xrange [-0.5:%d.5]\n", floor,
                max_age);
  std::string heat;
  for (int c = 0; c < ci; ++c) {
    for (int age = 0; age <= max_age; ++age) {
      auto it = cell.find({c, age});
      heat += std::to_string(age) + " " + std::to_string(c) + " " +
              (it == cell.end() ? "NaN" : it->second) + "\n";
    }
    heat += "\n";
  }
  if (ci == 0) return no_data("Cohort retention", "no cohort started paying in these runs.");
  return {"Cohort retention",
          "Share of each monthly cohort (first paid start) still paying, by months since its "
          "start. The colour scale runs from " + std::to_string(static_cast<int>(std::lround(floor * 100))) +
              " % (lightest) to 100 % (darkest), fitted to the data (legend on the right).",
          gnuplot_svg(std::string(kChartStyle) +
                          "set xlabel 'months since start'\nset ylabel 'cohort'\n"
                          "set ytics (" +
                          (ytics.empty() ? std::string("'' 0") : ytics) +
                          ")\nset cblabel 'retained share'\n" + range +
                          "set palette defined (0 '#fff5eb', 0.5 '#fd8d3c', 1 '#7f2704')\nunset "
                          "grid\n"
                          "plot 'heat.dat' using 1:2:3 with image title ''\n",
                      {{"heat.dat", heat}})};
}

Chart survival_chart(const CsvTable& t) {
  std::size_t day = t.column("day"), s = t.column("survival"), lo = t.column("ci_low"),
              hi = t.column("ci_high");
  std::string km;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t c : {day, s, lo, hi}) t.number(r, c);
    km += t.at(r, day) + " " + t.at(r, s) + " " + t.at(r, lo) + " " + t.at(r, hi) + "\n";
  }
  if (t.rows() == 0)
    return no_data("Customer survival (Kaplan–Meier)", "no customer started paying in these runs.");
  return {"Customer survival (Kaplan–Meier)",
          "Probability that a customer is still paying after a number of days since its first "
          "paid start, with Greenwood's 95 % interval (shaded); censored at the end of the period.",
          gnuplot_svg(std::string(kChartStyle) +
                          "set xlabel 'days since first paid start'\nset ylabel 'survival'\nset "
                          "yrange [0:1.02]\nset key bottom left\n"
                          "plot 'km.dat' using 1:3:4 with filledcurves fc rgb '#d9ead3' title "
                          "'95 % interval', "
                          "'' using 1:2 with steps lw 2 lc rgb '#2e7d32' title 'Kaplan–Meier'\n",
                      {{"km.dat", km}})};
}

Chart rejections_chart(const JsonDocument& doc) {
  JsonView rules = JsonView(doc)["metrics"]["rejected_by_rule"];
  std::string rej;
  int ri = 0;
  for (const std::string& rule : rules.keys())
    rej += std::to_string(ri++) + " " + rules[rule]["mean"].number_text() + " " +
           gnuplot_data_label(rule) + "\n";
  if (rej.empty())
    return {"Rejected orders by rule",
            "No data: no order or action was refused by a rule in these runs.", ""};
  return {"Rejected orders by rule",
          "Orders and actions refused, by the id of the refusing rule (mean per replication).",
          gnuplot_svg(std::string(kChartStyle) +
                          "set ylabel 'rejections per replication'\nset xlabel 'rule id'\n"
                          "set style fill solid 0.8\nset boxwidth 0.6\nset yrange [0:*]\n"
                          // Room around the bars: one rule is one bar, not a filled plot.
                          "set xrange [-1:" + std::to_string(std::max(ri, 3)) + "]\n"
                          "plot 'rej.dat' using 1:2:xtic(3) with boxes lc rgb '#8e5ea2' title "
                          "'rejected'\n",
                      {{"rej.dat", rej}})};
}

}  // namespace

std::vector<Chart> run_charts(const fs::path& dir, std::string& header) {
  JsonDocument summary = read_json_file((dir / "summary.json").string());
  header = summary_header(summary);
  Pivot ts = pivot(CsvTable::read_file((dir / "timeseries.csv").string()));
  return {mrr_chart(ts),
          bridge_chart(ts),
          movements_chart(ts),
          customers_chart(ts),
          churn_chart(ts),
          cohort_chart(CsvTable::read_file((dir / "cohorts.csv").string())),
          survival_chart(CsvTable::read_file((dir / "survival.csv").string())),
          rejections_chart(summary)};
}

}  // namespace subsim
