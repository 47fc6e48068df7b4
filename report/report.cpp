#include "report/report.hpp"

#include <stdexcept>

#include "io/atomic_file.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace subsim {

namespace fs = std::filesystem;

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
