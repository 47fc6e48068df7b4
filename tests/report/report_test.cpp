// report.html: self-contained, every chart present and non-empty, for run, compare and sweep.
#include "report/gnuplot.hpp"
#include "report/compare_table.hpp"
#include "report/headline.hpp"
#include "io/csv.hpp"

#include <doctest/doctest.h>

#include "tests/test_files.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {
using test_files::slurp;
int sh(const std::string& c) {
  return std::system(c.c_str());
}

struct Figure {
  std::string title, svg, caption;
};

// The figures of a report; each holds a drawn SVG, or says "No data: …" instead of an empty
// frame.
std::vector<Figure> figures(const std::string& html) {
  std::vector<Figure> out;
  const std::string open = "<figure class=\"chart\"><h2>";
  for (std::size_t pos = html.find(open); pos != std::string::npos;
       pos = html.find(open, pos + 1)) {
    std::size_t t0 = pos + open.size(), t1 = html.find("</h2>", t0);
    std::size_t end = html.find("</figure>", t1);
    REQUIRE(end != std::string::npos);
    Figure f{html.substr(t0, t1 - t0), "", ""};
    const std::string body = html.substr(t1, end - t1);
    std::size_t c0 = body.find("<figcaption>"), c1 = body.find("</figcaption>");
    REQUIRE(c0 != std::string::npos);
    f.caption = body.substr(c0 + 12, c1 - c0 - 12);
    std::size_t s0 = body.find("<svg"), s1 = body.find("</svg>");
    if (s0 == std::string::npos) {
      CHECK_MESSAGE(body.find("<p class=\"nodata\">No data.</p>") != std::string::npos, f.title);
      CHECK_MESSAGE(f.caption.rfind("No data: ", 0) == 0, f.title);
    } else {
      f.svg = body.substr(s0, s1 - s0);
      bool drawn = f.svg.find("<path") != std::string::npos ||
                   f.svg.find("<polygon") != std::string::npos ||
                   f.svg.find("<image") != std::string::npos;
      CHECK_MESSAGE(drawn, f.title);
      CHECK_MESSAGE(f.svg.size() > 2000, f.title);
    }
    out.push_back(f);
  }
  return out;
}

std::vector<std::string> charts(const std::string& html) {
  std::vector<std::string> titles;
  for (const Figure& f : figures(html)) titles.push_back(f.title);
  return titles;
}

// A chart of levels starts its y-axis at zero (a "0" tick) or says on the chart it does not.
void zero_or_note(const std::string& html, const std::string& title) {
  for (const Figure& f : figures(html))
    if (f.title == title) {
      const bool zero = f.svg.find(">0</text>") != std::string::npos ||
                        f.svg.find("> 0</text>") != std::string::npos;
      const bool note = f.svg.find(", not at zero</text>") != std::string::npos;
      CHECK_MESSAGE((zero || note), title);
      return;
    }
  FAIL("no chart " << title);
}

void self_contained(const std::string& html) {
  // No URL to fetch: no http(s) anywhere, no external src/href, no <link>, no @import.
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  for (const std::string attr : {"src=\"", "href=\""})
    for (std::size_t pos = html.find(attr); pos != std::string::npos;
         pos = html.find(attr, pos + 1)) {
      std::string value = html.substr(pos + attr.size(), 5);
      CHECK_MESSAGE((value[0] == '#' || value == "data:"), html.substr(pos, 60));
    }
}
}  // namespace

TEST_CASE("report of a run, a compare and a sweep: every chart, nothing outside the file") {
  fs::path root = fs::temp_directory_path() / "subsim-report-test";
  fs::remove_all(root);
  std::string bin = SUBSIM_BINARY;
  std::string src = SUBSIM_SOURCE_DIR;
  std::string small =
      " --set population.initial=800 --set population.monthly_arrivals.poisson.mean=10";
  REQUIRE(sh(bin + " run " + src + "/scenarios/baseline.yaml --out " + (root / "run").string() +
             " --replications 3 -q --report" + small + " > /dev/null") == 0);
  std::string run = slurp(root / "run" / "report.html");
  auto run_titles = charts(run);
  for (const char* t :
       {"MRR", "MRR bridge by year", "MRR movements", "Customers and subscriptions",
        "Monthly logo churn rate",
        "Cohort retention", "Customer survival (Kaplan–Meier)", "Rejected orders by rule"})
    CHECK_MESSAGE(std::find(run_titles.begin(), run_titles.end(), t) != run_titles.end(), t);
  CHECK(run.find("baseline") != std::string::npos);  // the scenario name in the header
  // The headline table: readable names, grouped, thousands separated, rates in percent.
  CHECK(run.find("<td>Bookings (invoiced in the period)</td>") != std::string::npos);
  CHECK(run.find("<th colspan=\"3\" class=\"group\">Rates</th>") != std::string::npos);
  CHECK(run.find("<td>Paying customers at the start</td><td>800</td><td>the same in every "
                 "replication</td>") != std::string::npos);
  CHECK(run.find(" %</td>") != std::string::npos);
  for (const char* t : {"MRR", "MRR bridge by year", "Customers and subscriptions",
                        "Monthly logo churn rate"})
    zero_or_note(run, t);
  // The cohort heat map's colour scale is fitted to the data, and says so.
  CHECK(run.find("fitted to the data (legend on the right)") != std::string::npos);
  self_contained(run);

  REQUIRE(sh(bin + " compare " + src +
             "/scenarios/baseline.yaml --policy default --policy notice_60 --policy notice_0 "
             "--out " + (root / "cmp").string() + " --replications 3 -q --report" + small +
             " > /dev/null") == 0);
  std::string cmp = slurp(root / "cmp" / "report.html");
  auto cmp_titles = charts(cmp);
  // MRR as differences to the reference, paired, with the zero line.
  CHECK(std::find(cmp_titles.begin(), cmp_titles.end(), "MRR against default") != cmp_titles.end());
  zero_or_note(cmp, "MRR against default");
  CHECK(cmp.find("the 95 % interval of the difference shaded") != std::string::npos);
  const std::string diffs = slurp(root / "cmp" / "compare_differences.csv");
  CHECK(diffs.rfind("policy,month,metric,diff,ci_low,ci_high,n\n", 0) == 0);
  CHECK(diffs.find("\nnotice_60,2027-01,mrr,") != std::string::npos);
  CHECK(diffs.find("\nnotice_0,") != std::string::npos);
  CHECK(diffs.find("\ndefault,") == std::string::npos);  // the reference has no difference
  // A folder from before compare_differences.csv still gets the levels.
  std::filesystem::remove(root / "cmp" / "compare_differences.csv");
  REQUIRE(sh(bin + " report " + (root / "cmp").string() + " > /dev/null") == 0);
  const std::string old_cmp = slurp(root / "cmp" / "report.html");
  const auto old_titles = charts(old_cmp);
  CHECK(std::find(old_titles.begin(), old_titles.end(), "MRR by policy") != old_titles.end());
  zero_or_note(old_cmp, "MRR by policy");
  // The verdict: a table with a row per metric, the variant's column, words and dots.
  CHECK(cmp.find("<table class=\"verdict\">") != std::string::npos);
  CHECK(cmp.find("<th class=\"variant\">notice_60</th>") != std::string::npos);
  CHECK(cmp.find("<td>Recognised revenue</td>") != std::string::npos);
  CHECK((cmp.find("(better)") != std::string::npos || cmp.find("(worse)") != std::string::npos));
  // The answer first: verdict.txt (the ranked headlines without --metric, then what each
  // variant changes from the reference).
  CHECK(cmp.find("<div class=\"answer\">") < cmp.find("<table class=\"verdict\">"));
  CHECK(cmp.find("notice_0: notice_days 0 (30)") != std::string::npos);
  CHECK(cmp.find("<circle cx=") != std::string::npos);
  // Literal labels: a name with '_' is one text in the SVG, not split into a subscript.
  // In the chart of differences too, whose taller terminal is set again (and enhanced text
  // with it, unless switched off once more).
  bool literal = false;
  for (const Figure& f : figures(cmp))
    if (f.title == "MRR against default")
      literal = f.svg.find(">notice_60</text>") != std::string::npos;
  CHECK(literal);
  self_contained(cmp);

  fs::create_directories(root);
  std::ofstream(root / "sweep.yaml")
      << "scenario: " << src << "/scenarios/baseline.yaml\n"
      << "set: [population.initial=300, population.monthly_arrivals.poisson.mean=5, horizon=1y]\n"
      << "design: sobol\nsamples: 8\nreplications: 2\nsecond_order: true\n"
      << "metrics: [bookings, mrr_end, logo_churn_rate_monthly]\n"
      << "parameters:\n  policy.notice_days: {range: [0, 60]}\n"
      << "  behaviour.cancel.monthly: {range: [0.01, 0.05]}\n";
  REQUIRE(sh(bin + " sweep " + (root / "sweep.yaml").string() + " --out " + (root / "sw").string() +
             " -q --report > /dev/null") == 0);
  std::string sw = slurp(root / "sw" / "report.html");
  auto sw_titles = charts(sw);
  // Readable names (the registry's labels, the file's name beside them), shares in percent.
  for (const char* t :
       {"Response: Bookings (invoiced in the period) (bookings)", "Response: MRR at the end (mrr_end)",
        "Sobol indices: Bookings (invoiced in the period) (bookings)",
        "Sobol indices: MRR at the end (mrr_end)",
        "Response: Customer churn per month (logo_churn_rate_monthly)"})
    CHECK_MESSAGE(std::find(sw_titles.begin(), sw_titles.end(), t) != sw_titles.end(), t);
  CHECK(sw.find(">Customer churn per month (%)</text>") != std::string::npos);
  // second_order: true — the BA rows (8 × (2·2 + 2) points), the pairs' indices and their chart.
  CHECK(slurp(root / "sw" / "points.csv").find("\n47,") != std::string::npos);
  CHECK(slurp(root / "sw" / "points.csv").find("\n48,") == std::string::npos);
  const std::string pairs = slurp(root / "sw" / "sensitivity_second_order.csv");
  CHECK(pairs.rfind("metric,parameter_1,parameter_2,second_order,ci_low,ci_high\n"
                    "bookings,policy.notice_days,behaviour.cancel.monthly,", 0) == 0);
  CHECK(std::find(sw_titles.begin(), sw_titles.end(),
                  "Second-order Sobol indices: MRR at the end (mrr_end)") != sw_titles.end());
  CHECK(slurp(root / "sw" / "sweep.meta").find("\nsecond_order 1\n") != std::string::npos);
  CHECK(sw.find(">MRR at the end (currency units)</text>") != std::string::npos);
  // 8 base samples: the Sobol captions say the indices are rough.
  CHECK(sw.find("Warning: 8 base samples") != std::string::npos);
  self_contained(sw);
}

TEST_CASE("inline SVG loses its XML declaration and namespace URLs") {
  std::string svg =
      "<?xml version=\"1.0\"?>\n<svg \n width=\"1\"\n xmlns=\"http://www.w3.org/2000/svg\"\n"
      " xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n><path d=\"M0 0\"/></svg>";
  std::string clean = subsim::clean_svg(svg);
  CHECK(clean.rfind("<svg", 0) == 0);
  CHECK(clean.find("http") == std::string::npos);
  CHECK(clean.find("<path") != std::string::npos);
}

TEST_CASE("progress goes to stderr only and never changes the results") {
  fs::path root = fs::temp_directory_path() / "subsim-progress-test";
  fs::remove_all(root);
  fs::create_directories(root);
  std::string bin = SUBSIM_BINARY;
  std::string cmd = bin + " run " + SUBSIM_SOURCE_DIR +
                    "/scenarios/baseline.yaml --set population.initial=600 --replications 4 --out ";
  REQUIRE(sh(cmd + (root / "a").string() + " > " + (root / "a.out").string() + " 2> " +
             (root / "a.err").string()) == 0);
  REQUIRE(sh(cmd + (root / "b").string() + " -q > " + (root / "b.out").string() + " 2> " +
             (root / "b.err").string()) == 0);
  std::string err = slurp(root / "a.err");
  CHECK(err.find("progress: 100% shards") != std::string::npos);  // plain lines: not a terminal
  CHECK(slurp(root / "b.err").empty());
  CHECK(slurp(root / "a.out").find("progress:") == std::string::npos);
  for (const char* f : {"summary.json", "timeseries.csv", "cohorts.csv", "survival.csv"})
    CHECK_MESSAGE(slurp(root / "a" / f) == slurp(root / "b" / f), f);
}

TEST_CASE("names from scenarios and result folders reach gnuplot as data, never as commands") {
  fs::path marker = fs::temp_directory_path() / "subsim-gnuplot-injection-marker";
  fs::remove(marker);
  const std::vector<std::string> hostile = {
      "x'; system 'touch " + marker.string() + "'; #",
      "x'\nsystem 'touch " + marker.string() + "'\n#",
      "`touch " + marker.string() + "`",
      "a_b^c @x \"q\" \\"};
  for (const std::string& name : hostile) {
    CAPTURE(name);
    std::string script = std::string(subsim::kChartStyle) + "set xlabel " +
                         subsim::gnuplot_quote(name) + " noenhanced\nplot 'd.dat' using 1:2:xtic(3) title " +
                         subsim::gnuplot_quote(name) + " noenhanced\n";
    std::string svg;
    CHECK_NOTHROW(svg = subsim::gnuplot_svg(
                      script, {{"d.dat", "0 1 " + subsim::gnuplot_data_label(name) + "\n1 2 b\n"}}));
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK_FALSE(fs::exists(marker));
  }

  // End to end: a compare folder whose policy name is hostile, and a sweep folder whose parameter
  // (points.csv header, sensitivity.csv) is — as a hand-edited or foreign folder may have them.
  fs::path root = fs::temp_directory_path() / "subsim-report-hostile";
  fs::remove_all(root);
  fs::create_directories(root / "cmp");
  std::string bin = SUBSIM_BINARY;
  std::string src = SUBSIM_SOURCE_DIR;
  REQUIRE(sh(bin + " compare " + src + "/scenarios/baseline.yaml --policy default --policy notice_60" +
             " --out " + (root / "cmp").string() + " --replications 2 -q" +
             " --set population.initial=300 > /dev/null") == 0);
  const std::string evil = "n'; system 'touch " + marker.string() + "'; #";
  for (const char* f : {"compare.csv", "compare_timeseries.csv"}) {
    fs::path p = root / "cmp" / f;
    if (!fs::exists(p)) continue;
    std::string text = slurp(p);
    for (std::size_t pos; (pos = text.find("notice_60")) != std::string::npos;)
      text.replace(pos, 9, evil);
    std::ofstream(p, std::ios::trunc) << text;
  }
  CHECK(sh(bin + " report " + (root / "cmp").string() + " > /dev/null 2>&1") == 0);
  CHECK_FALSE(fs::exists(marker));
  CHECK(slurp(root / "cmp" / "report.html").find("system") != std::string::npos);  // shown as text
}

TEST_CASE("report of a fit: the fits' table and each cohort's retention with its band") {
  fs::path root = fs::temp_directory_path() / "subsim-report-fit-test";
  fs::remove_all(root);
  std::string bin = SUBSIM_BINARY;
  std::string src = SUBSIM_SOURCE_DIR;
  REQUIRE(sh(bin + " fit " + src + "/scenarios/cohorts/fader_hardie.csv --holdout 5 --out " +
             (root / "fit").string() + " > /dev/null") == 0);
  REQUIRE(sh(bin + " report " + (root / "fit").string() + " > /dev/null") == 0);
  std::string html = slurp(root / "fit" / "report.html");
  auto titles = charts(html);
  CHECK(titles == std::vector<std::string>{"Retention of cohort regular",
                                           "Retention of cohort high end"});
  CHECK(html.find("<td>regular</td>") != std::string::npos);
  CHECK(html.find("0.7041 [0.5894, 0.8504]") != std::string::npos);  // α and its interval
  CHECK(html.find("Subscription lifecycle") == std::string::npos);    // not about the rules
  self_contained(html);
  fs::remove_all(root);
}

TEST_CASE("headline numbers: thousands separated, decimals that fit, a true minus sign") {
  CHECK(subsim::group_thousands(1234567.891, 2) == "1,234,567.89");
  CHECK(subsim::group_thousands(999.5, 0) == "1,000");
  CHECK(subsim::group_thousands(12, 0) == "12");
  CHECK(subsim::group_thousands(-4321.5, 1) == "−4,321.5");
  CHECK(subsim::group_thousands(-0.001, 2) == "0.00");  // no "−0.00"
  CHECK(subsim::group_thousands(100000, 0) == "100,000");
}

TEST_CASE("a chart of levels starts at zero unless that squeezes the data, and then says so") {
  using subsim::level_y_axis;
  const std::string zoomed = level_y_axis(735000, 812000);
  CHECK(zoomed.find("set yrange [730000:*]") != std::string::npos);
  CHECK(zoomed.find("'Note: the y-axis starts at 730,000, not at zero'") != std::string::npos);
  CHECK(level_y_axis(100, 900) == "set yrange [0:*]\n");  // zero costs little room
  CHECK(level_y_axis(0, 10) == "set yrange [0:*]\n");
  CHECK(level_y_axis(-5, 10) == "set yrange [0:*]\n");
  CHECK(level_y_axis(NAN, NAN) == "set yrange [0:*]\n");
  CHECK(level_y_axis(7050, 8040).find("starts at 7,000, not at zero") != std::string::npos);
}

TEST_CASE("the compare report's verdict table: four variants a table, one scale a row") {
  // compare.csv by hand: a reference and five variants on one metric.
  std::string csv =
      "metric,policy,mean,ci_low,ci_high,diff,diff_ci_low,diff_ci_high,diff_pct,diff_pct_ci_low,"
      "diff_pct_ci_high,p_value,p_holm,n\n"
      "bookings,ref,100000,99000,101000,0,0,0,0,0,0,1,1,5\n";
  for (int v = 1; v <= 5; ++v)
    csv += "bookings,variant_with_a_long_name_" + std::to_string(v) + ",1" +
           std::to_string(v) + "0000,0,0," + std::to_string(v) + "0000,1,2," +
           std::to_string(10 * v) + ",1,2,0.001,0.001,5\n";
  const std::string h = subsim::compare_verdict_table(subsim::CsvTable::parse(csv, "compare.csv"));
  CHECK(h.find("Variants 1–4 of 5:") != std::string::npos);
  CHECK(h.find("Variant 5 of 5:") != std::string::npos);
  std::size_t tables = 0;
  for (std::size_t at = h.find("<table"); at != std::string::npos; at = h.find("<table", at + 1)) ++tables;
  CHECK(tables == 2);
  // Each table repeats the reference; variant 5 is only in the second.
  CHECK(h.find("variant_with_a_long_name_5") > h.find("</table>"));
}
