#include "report/report.hpp"

#include <stdexcept>

#include "io/output_folder.hpp"
#include "io/json.hpp"
#include "report/html.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace subsim {

namespace fs = std::filesystem;

// The essentials of DIR/manifest.json, if there is one: who made the folder, when, from what.
std::string provenance_html(const fs::path& dir) {
  if (!fs::exists(dir / "manifest.json")) return "";
  JsonDocument doc = read_json_file((dir / "manifest.json").string());
  JsonView m(doc);
  std::string command;
  JsonView argv = m["command"];
  for (std::size_t i = 0; i < argv.size(); ++i) command += (i ? " " : "") + argv[i].string();
  std::string inputs;
  JsonView in = m["inputs"];
  for (std::size_t i = 0; i < in.size(); ++i)
    inputs += std::string(i ? "; " : "") + html_escape(in[i]["name"].string()) + " (sha256 " +
              html_escape(in[i]["sha256"].string().substr(0, 12)) + "…)";
  return "<p class=\"provenance\">Made by subsim " + html_escape(m["subsim_version"].string()) +
         " (commit " + html_escape(m["git_commit"].string()) + "), " +
         html_escape(m["started"].string()) + " to " + html_escape(m["finished"].string()) +
         ", seed " + html_escape(m["seed"].number_text()) + ": <code>" + html_escape(command) +
         "</code>" + (inputs.empty() ? "" : "<br>Inputs: " + inputs) +
         ". Every file of this folder is listed with its sha256 in manifest.json.</p>\n";
}

void write_report(const fs::path& dir, const std::string& state_machine_svg) {
  // Locked while it is read and the report added: a run cannot swap the folder meanwhile.
  LockedFolder folder(dir);
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
  } else if (fs::exists(dir / "backtest.csv")) {
    charts = backtest_charts(dir, header);
    title = "subsim back-test";
  } else if (fs::exists(dir / "fit.json")) {
    charts = fit_charts(dir, header);
    title = "subsim fit report";
  } else {
    throw std::runtime_error(dir.string() +
                             ": no summary.json, compare.csv, finished sweep, backtest.csv or fit.json");
  }
  header += provenance_html(dir);
  // About customers' data, not the rules: no state machine.
  const bool fit = title == "subsim fit report" || title == "subsim back-test";
  if (!state_machine_svg.empty() && !fit)
    charts.push_back({"Subscription lifecycle",
                      "The state machine every subscription follows; each edge is an event with "
                      "the id of the rule behind it.",
                      clean_svg(state_machine_svg)});
  folder.add("report.html", html_page(title, header, charts));
}

}  // namespace subsim
