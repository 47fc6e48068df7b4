#include <cstdio>
#include <sstream>

#include "model/lifecycle_graph.hpp"
#include "report/process.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace subsim::cli {

int graph_command(const std::vector<std::string>& args) {
  po::options_description o("graph options");
  o.add_options()("help,h", "show this help")(
      "format", po::value<std::string>()->default_value("dot"), "dot | svg (svg needs Graphviz)");
  auto [vm, code] = parse_command(args, o, nullptr, 0, "usage: subsim graph [--format dot|svg]");
  if (!vm) return code;
  std::ostringstream dot;
  write_lifecycle_dot(dot);
  std::string format = (*vm)["format"].as<std::string>();
  if (format == "dot") {
    std::cout << dot.str();
    return 0;
  }
  if (format != "svg") {
    std::cerr << "subsim: --format must be dot or svg\n";
    return 2;
  }
  // Render through Graphviz when it is installed; the DOT text otherwise.
  if (!tool_available("dot")) {
    std::cerr << "subsim: Graphviz 'dot' is not installed; printing DOT instead\n";
    std::cout << dot.str();
    return 0;
  }
  ProcessResult r = run_tool({"dot", "-Tsvg"}, dot.str());
  std::cout << r.out;
  std::cerr << r.err;
  return r.ok() ? 0 : 1;
}

}  // namespace subsim::cli
