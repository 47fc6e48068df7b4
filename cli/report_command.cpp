#include <cstdio>

#include "report/gnuplot.hpp"
#include "report/report.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace subsim::cli {

int make_report(const std::string& dir) {
  write_report(dir, state_machine_svg());
  std::printf("wrote %s/report.html\n", dir.c_str());
  return 0;
}

int report_command(const std::vector<std::string>& args) {
  po::options_description o("report options");
  o.add_options()("help,h", "show this help")("dir", po::value<std::string>()->required(),
                                              "a result directory of run, compare or sweep");
  auto [vm, code] = parse_command(args, o, "dir", 1, "usage: subsim report DIR");
  if (!vm) return code;
  try {
    return make_report((*vm)["dir"].as<std::string>());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "subsim: %s\n", e.what());
    return 2;
  }
}

}  // namespace subsim::cli
