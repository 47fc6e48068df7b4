#include "analysis/report.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/text_file.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::string error;
  auto text = read_text_file(p.string(), error);
  if (!text) throw std::runtime_error(p.string() + ": " + error);
  return *text;
}

using Row = std::vector<std::string>;
std::vector<Row> read_csv(const fs::path& p) {
  std::vector<Row> rows;
  std::istringstream in(slurp(p));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    Row r;
    std::string cell;
    std::istringstream ls(line);
    while (std::getline(ls, cell, ',')) r.push_back(cell);
    rows.push_back(r);
  }
  return rows;
}

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else if (c == '"')
      o += "&quot;";
    else
      o += c;
  }
  return o;
}

const char* kStyle =
    "set terminal svg size 860,380 dynamic font 'Helvetica,12' background '#ffffff'\n"
    "set border 3\nset tics nomirror\nset grid ytics lc rgb '#dddddd'\nset key top left\n";

struct Chart {
  std::string title, caption, svg;
};

std::string html_page(const std::string& title, const std::string& header_html,
                      const std::vector<Chart>& charts) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
                  esc(title) +
                  "</title>\n<style>body{font-family:Helvetica,Arial,sans-serif;max-width:920px;"
                  "margin:2em auto;color:#222}figure{margin:2em 0;border-top:1px solid #ddd;"
                  "padding-top:1em}figcaption{color:#555;font-size:0.9em}table{border-collapse:"
                  "collapse}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee}"
                  "th:first-child,td:first-child{text-align:left}</style></head><body>\n<h1>" +
                  esc(title) + "</h1>\n" + header_html;
  for (const Chart& c : charts)
    h += "<figure class=\"chart\"><h2>" + esc(c.title) + "</h2>\n" + c.svg + "\n<figcaption>" +
         esc(c.caption) + "</figcaption></figure>\n";
  return h + "</body></html>\n";
}

// month → (mean, low, high) for one metric of a timeseries.csv (or one policy's).
std::map<std::string, std::map<std::string, std::array<double, 3>>> pivot(
    const std::vector<Row>& rows, int offset = 0) {
  std::map<std::string, std::map<std::string, std::array<double, 3>>> m;
  for (const Row& r : rows)
    m[r[offset + 1]][r[offset]] = {std::stod(r[offset + 2]), std::stod(r[offset + 3]),
                                   std::stod(r[offset + 4])};
  return m;
}

// Month labels on a time axis, with a little room at both ends.
const char* kMonthAxis =
    "set xdata time\nset timefmt '%Y-%m'\nset format x '%b %Y'\nset xtics rotate by -30\n"
    "set autoscale xfix\nset offsets 20*86400, 20*86400, 0, 0\n";

// The gnuplot script of a chart over months: the common style, the month axis, the y label,
// then `body` (the plot itself and any settings of its own).
std::string month_chart(const std::string& ylabel, const std::string& body) {
  return std::string(kStyle) + kMonthAxis + "set ylabel '" + ylabel + "'\nset xlabel 'month'\n" +
         body;
}

// --------------------------------------------------------------------- run
std::vector<Chart> run_charts(const fs::path& dir, std::string& header) {
  std::string summary = slurp(dir / "summary.json");
  auto field = [&](const std::string& key) {
    std::smatch m;
    std::regex re("\"" + key + "\": \"?([^\",\n]*)\"?");
    return std::regex_search(summary, m, re) ? m[1].str() : std::string();
  };
  header = "<p>Scenario <b>" + esc(field("scenario")) + "</b>, policy <b>" + esc(field("policy")) +
           "</b>, seed " + esc(field("seed")) + ", " + esc(field("replications")) +
           " replication(s), " + esc(field("start")) + " to " + esc(field("end")) + ".</p>\n";
  header += "<table><tr><th>metric</th><th>mean</th><th>95 % interval</th></tr>\n";
  std::regex metric_re(
      "\"([a-z_]+)\": \\{\"mean\": ([-0-9.]+), \"sd\": [-0-9.]+, \"ci95\": \\[([-0-9.]+), "
      "([-0-9.]+)\\]\\}");
  std::string metrics_part = summary.substr(0, summary.find("\"rejected_by_rule\""));
  std::string rest = summary.substr(summary.find("\"rejected_by_rule\""));
  rest = rest.substr(rest.find('}') + 1);
  for (const std::string* part : {&metrics_part, &rest})
    for (std::sregex_iterator it(part->begin(), part->end(), metric_re), end; it != end; ++it)
      header += "<tr><td>" + esc((*it)[1]) + "</td><td>" + esc((*it)[2]) + "</td><td>[" +
                esc((*it)[3]) + ", " + esc((*it)[4]) + "]</td></tr>\n";
  header += "</table>\n";

  auto ts = pivot(read_csv(dir / "timeseries.csv"));
  std::vector<Chart> charts;
  std::string mrr;
  for (const auto& [month, v] : ts["mrr"])
    mrr += month + " " + std::to_string(v[0]) + " " + std::to_string(v[1]) + " " +
           std::to_string(v[2]) + "\n";
  charts.push_back(
      {"MRR",
       "Monthly recurring revenue at each month end (currency units), mean over "
       "replications with its 95 % interval (shaded).",
       gnuplot_svg(month_chart("MRR (currency units)",
                               "plot 'mrr.dat' using 1:3:4 with filledcurves fc rgb '#c6d9f0' "
                               "title '95 % interval', "
                               "'' using 1:2 with lines lw 2 lc rgb '#1f4e9c' title 'MRR'\n"),
                   {{"mrr.dat", mrr}})});
  std::string mov;
  for (const auto& [month, v] : ts["new_mrr"]) {
    double n = v[0], e = ts["expansion_mrr"][month][0], r = ts["reactivation_mrr"][month][0];
    double c = ts["contraction_mrr"][month][0], ch = ts["churned_mrr"][month][0];
    mov += month + " " + std::to_string(n) + " " + std::to_string(n + e) + " " +
           std::to_string(n + e + r) + " " + std::to_string(-c) + " " + std::to_string(-c - ch) +
           "\n";
  }
  charts.push_back(
      {"MRR movements",
       "Per month: new, expansion and reactivation MRR upwards; contraction and churned MRR "
       "downwards (currency units, means over replications, ChartMogul convention).",
       gnuplot_svg(
           month_chart("MRR movement (currency units)",
                       "set style fill solid 0.9 noborder\nset boxwidth 0.8*30*86400 absolute\nset "
                       "key outside right\n"
                       "plot 'mov.dat' using 1:4 with boxes lc rgb '#7fb77e' title 'reactivation', "
                       "'' using 1:3 with boxes lc rgb '#3c8d40' title 'expansion', "
                       "'' using 1:2 with boxes lc rgb '#1b5e20' title 'new', "
                       "'' using 1:6 with boxes lc rgb '#c62828' title 'churned', "
                       "'' using 1:5 with boxes lc rgb '#ef9a9a' title 'contraction'\n"),
           {{"mov.dat", mov}})});
  std::string act;
  for (const auto& [month, v] : ts["active_customers"])
    act += month + " " + std::to_string(v[0]) + " " +
           std::to_string(ts["active_subscriptions"][month][0]) + "\n";
  charts.push_back(
      {"Customers and subscriptions",
       "Paying customers and subscriptions earning MRR at each month end (means over "
       "replications).",
       gnuplot_svg(month_chart("count",
                               "plot 'act.dat' using 1:2 with lines lw 2 title 'active customers', "
                               "'' using 1:3 with lines lw 2 dt 2 title 'active subscriptions'\n"),
                   {{"act.dat", act}})});
  std::string churn;
  double prev = -1;
  for (const auto& [month, v] : ts["active_customers"]) {
    if (prev > 0)
      churn +=
          month + " " + std::to_string(100.0 * ts["churned_customers"][month][0] / prev) + "\n";
    prev = v[0];
  }
  if (churn.empty()) churn = "2000-01 0\n";
  charts.push_back(
      {"Monthly logo churn rate",
       "Customers lost in a month as a share of the paying customers at the start of "
       "the month (%).",
       gnuplot_svg(month_chart("logo churn (% per month)",
                               "plot 'churn.dat' using 1:2 with linespoints pt 7 ps 0.5 lw 2 "
                               "title 'logo churn rate'\n"),
                   {{"churn.dat", churn}})});
  auto cohorts = read_csv(dir / "cohorts.csv");
  std::map<std::string, int> cohort_index;
  for (const Row& r : cohorts) cohort_index.emplace(r[0], 0);
  int ci = 0;
  std::string ytics;
  for (auto& [name, idx] : cohort_index) {
    idx = ci++;
    if (idx % 3 == 0)
      ytics += std::string(ytics.empty() ? "" : ", ") + "'" + name + "' " + std::to_string(idx);
  }
  // `with image` needs a full grid: cells a cohort has not reached yet are NaN (blank).
  std::map<std::pair<int, int>, std::string> cell;
  int max_age = 0;
  for (const Row& r : cohorts) {
    cell[{cohort_index[r[0]], std::stoi(r[1])}] = r[3];
    max_age = std::max(max_age, std::stoi(r[1]));
  }
  std::string heat;
  for (int c = 0; c < ci; ++c) {
    for (int age = 0; age <= max_age; ++age) {
      auto it = cell.find({c, age});
      heat += std::to_string(age) + " " + std::to_string(c) + " " +
              (it == cell.end() ? "NaN" : it->second) + "\n";
    }
    heat += "\n";
  }
  if (heat.empty()) heat = "0 0 0\n";
  charts.push_back(
      {"Cohort retention",
       "Share of each monthly cohort (first paid start) still paying, by months since its start.",
       gnuplot_svg(std::string(kStyle) +
                       "set xlabel 'months since start'\nset ylabel 'cohort'\n"
                       "set ytics (" +
                       (ytics.empty() ? std::string("'' 0") : ytics) +
                       ")\nset cblabel 'retained share'\nset cbrange [0:1]\n"
                       "set palette defined (0 '#fff5eb', 0.5 '#fd8d3c', 1 '#7f2704')\nunset grid\n"
                       "plot 'heat.dat' using 1:2:3 with image title ''\n",
                   {{"heat.dat", heat}})});
  std::string km;
  for (const Row& r : read_csv(dir / "survival.csv"))
    km += r[0] + " " + r[3] + " " + r[4] + " " + r[5] + "\n";
  charts.push_back(
      {"Customer survival (Kaplan–Meier)",
       "Probability that a customer is still paying after a number of days since its first paid "
       "start, with Greenwood's 95 % interval (shaded); censored at the end of the period.",
       gnuplot_svg(std::string(kStyle) +
                       "set xlabel 'days since first paid start'\nset ylabel 'survival'\nset "
                       "yrange [0:1.02]\nset key bottom left\n"
                       "plot 'km.dat' using 1:3:4 with filledcurves fc rgb '#d9ead3' title '95 % "
                       "interval', "
                       "'' using 1:2 with steps lw 2 lc rgb '#2e7d32' title 'Kaplan–Meier'\n",
                   {{"km.dat", km}})});
  std::string rej;
  std::string rules = summary.substr(summary.find("\"rejected_by_rule\""));
  rules = rules.substr(0, rules.find("}\n") + 1);
  std::regex rule_re("\"([A-Z][0-9])\": \\{\"mean\": ([-0-9.]+)");
  int ri = 0;
  for (std::sregex_iterator it(rules.begin(), rules.end(), rule_re), end; it != end; ++it)
    rej += std::to_string(ri++) + " " + (*it)[2].str() + " " + (*it)[1].str() + "\n";
  if (rej.empty()) rej = "0 0 none\n";
  charts.push_back(
      {"Rejected orders by rule",
       "Orders and actions refused, by the id of the refusing rule (mean per replication).",
       gnuplot_svg(
           std::string(kStyle) +
               "set ylabel 'rejections per replication'\nset xlabel 'rule id'\n"
               "set style fill solid 0.8\nset boxwidth 0.6\nset yrange [0:*]\n"
               "plot 'rej.dat' using 1:2:xtic(3) with boxes lc rgb '#8e5ea2' title 'rejected'\n",
           {{"rej.dat", rej}})});
  return charts;
}

// --------------------------------------------------------------------- compare
std::vector<Chart> compare_charts(const fs::path& dir, std::string& header) {
  auto rows = read_csv(dir / "compare.csv");
  std::map<std::string, double> reference;
  std::string ref_policy = rows.empty() ? "" : rows[0][1];
  for (const Row& r : rows)
    if (r[1] == ref_policy) reference[r[0]] = std::stod(r[2]);
  std::string forest;
  int i = 0;
  header = "<p>Policies compared to the reference <b>" + esc(ref_policy) +
           "</b> on common random numbers (paired intervals), from compare.csv.</p>\n";
  for (const Row& r : rows) {
    if (r[1] == ref_policy) continue;
    double base = reference[r[0]];
    if (base == 0) continue;
    forest += std::to_string(100 * std::stod(r[5]) / std::fabs(base)) + " " + std::to_string(i++) +
              " " + std::to_string(100 * std::stod(r[6]) / std::fabs(base)) + " " +
              std::to_string(100 * std::stod(r[7]) / std::fabs(base)) + " \"" + r[0] + " (" + r[1] +
              ")\"\n";
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
                       "0\nset yrange [-1:*] reverse\n"
                       "set xzeroaxis\nset arrow from 0, graph 0 to 0, graph 1 nohead lc rgb "
                       "'#999999'\nset key bottom right\n"
                       "plot 'forest.dat' using 1:2:3:4:ytic(5) with xerrorbars pt 7 lc rgb "
                       "'#1f4e9c' title 'difference and 95 % interval'\n",
                   {{"forest.dat", forest}})});
  if (fs::exists(dir / "compare_timeseries.csv")) {
    auto ts = read_csv(dir / "compare_timeseries.csv");
    std::map<std::string, std::string> per_policy;
    for (const Row& r : ts)
      if (r[2] == "mrr") per_policy[r[0]] += r[1] + " " + r[3] + "\n";
    std::string plot = "plot ";
    std::vector<std::pair<std::string, std::string>> files;
    int k = 0;
    for (const auto& [policy, data] : per_policy) {
      std::string f = "p" + std::to_string(k++) + ".dat";
      files.push_back({f, data});
      plot += std::string(k > 1 ? ", " : "") + "'" + f + "' using 1:2 with lines lw 2 title '" +
              policy + "'";
    }
    charts.push_back(
        {"MRR by policy",
         "MRR at each month end under each policy (currency units, means over replications).",
         gnuplot_svg(month_chart("MRR (currency units)", plot + "\n"), files)});
  }
  return charts;
}

// --------------------------------------------------------------------- sweep
std::vector<Chart> sweep_charts(const fs::path& dir, std::string& header) {
  auto points = read_csv(dir / "points.csv");
  std::istringstream head(
      slurp(dir / "points.csv").substr(0, slurp(dir / "points.csv").find('\n')));
  std::vector<std::string> params;
  std::string cell;
  std::getline(head, cell, ',');
  while (std::getline(head, cell, ',')) params.push_back(cell);
  auto summary = read_csv(dir / "summary.csv");
  std::vector<std::string> metrics;
  for (const Row& r : summary)
    if (std::find(metrics.begin(), metrics.end(), r[1]) == metrics.end()) metrics.push_back(r[1]);
  header = "<p>Sweep of " + std::to_string(points.size()) + " points over " +
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
      for (const Row& r : summary)
        if (r[1] == metric) {
          const Row& pt = points[std::stoul(r[0])];
          data += pt[p + 1] + " " + r[2] + " " + r[3] + " " + r[4] + "\n";
        }
      std::string f = "r" + std::to_string(p) + ".dat";
      files.push_back({f, data});
      script += "set xlabel '" + params[p] + "'\nset ylabel '" + metric +
                "'\n"
                "plot '" +
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
    auto sens = read_csv(dir / "sensitivity.csv");
    std::map<std::string, std::string> per_metric;
    std::map<std::string, int> count;
    for (const Row& r : sens)
      per_metric[r[0]] += std::to_string(count[r[0]]++) + " " + r[2] + " " + r[3] + " " + r[4] +
                          " " + r[5] + " " + r[6] + " " + r[7] + " \"" + r[1] + "\"\n";
    for (const auto& [metric, data] : per_metric)
      charts.push_back(
          {"Sobol indices: " + metric,
           "First-order (dark) and total (light) Sobol indices of " + metric +
               " for each parameter, with 95 % bootstrap intervals.",
           gnuplot_svg(
               std::string(kStyle) +
                   "set ylabel 'Sobol index'\nset xlabel 'parameter'\nset style fill solid "
                   "0.8\nset boxwidth 0.35\nset yrange [*:*]\nset xzeroaxis\n"
                   "plot 's.dat' using ($1-0.18):2 with boxes lc rgb '#1f4e9c' title 'first "
                   "order', "
                   "'' using ($1-0.18):2:3:4 with yerrorbars pt 0 lc rgb '#000000' title '', "
                   "'' using ($1+0.18):5:xtic(8) with boxes lc rgb '#9ecae1' title 'total', "
                   "'' using ($1+0.18):5:6:7 with yerrorbars pt 0 lc rgb '#000000' title ''\n",
               {{"s.dat", data}})});
  }
  return charts;
}

}  // namespace

std::string clean_svg(const std::string& svg) {
  std::string s = svg;
  auto decl = s.find("<svg");
  if (decl != std::string::npos) s = s.substr(decl);
  s = std::regex_replace(s, std::regex(" ?\n? ?xmlns(:[a-z]+)?=\"[^\"]*\""), "");
  return s;
}

std::string gnuplot_svg(const std::string& script,
                        const std::vector<std::pair<std::string, std::string>>& data_files) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
    throw std::runtime_error("gnuplot is not installed (apt-get install gnuplot-nox)");
  char tmpl[] = "/tmp/subsim-report-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary directory");
  fs::path tmp = tmpl;
  for (const auto& [name, content] : data_files) std::ofstream(tmp / name) << content;
  std::ofstream(tmp / "chart.gp") << script;
  std::string cmd = "cd '" + tmp.string() + "' && gnuplot chart.gp > chart.svg 2> gnuplot.log";
  int rc = std::system(cmd.c_str());
  std::string svg = fs::exists(tmp / "chart.svg") ? slurp(tmp / "chart.svg") : "";
  std::string log = fs::exists(tmp / "gnuplot.log") ? slurp(tmp / "gnuplot.log") : "";
  fs::remove_all(tmp);
  if (rc != 0 || svg.find("<svg") == std::string::npos)
    throw std::runtime_error("gnuplot failed: " + log);
  return clean_svg(svg);
}

void write_report(const fs::path& dir, const std::string& state_machine_svg) {
  std::string header;
  std::vector<Chart> charts;
  std::string title;
  if (fs::exists(dir / "summary.json")) {
    charts = run_charts(dir, header);
    title = "subsim run report";
  } else if (fs::exists(dir / "compare.csv")) {
    charts = compare_charts(dir, header);
    title = "subsim policy comparison";
  } else if (fs::exists(dir / "sweep.meta") && fs::exists(dir / "summary.csv")) {
    charts = sweep_charts(dir, header);
    title = "subsim sweep report";
  } else {
    throw std::runtime_error(dir.string() + ": no summary.json, compare.csv or finished sweep");
  }
  if (!state_machine_svg.empty())
    charts.push_back({"Subscription lifecycle",
                      "The state machine every subscription follows; each edge is an event with "
                      "the id of the rule behind it.",
                      clean_svg(state_machine_svg)});
  write_file_atomically(dir / "report.html", html_page(title, header, charts));
}

}  // namespace subsim
