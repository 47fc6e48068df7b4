#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "analysis/report.hpp"
#include "model/lifecycle_graph.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"

namespace subsim::cli {

std::string state_machine_svg() {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) return "";
  char tmpl[] = "/tmp/subsim-graph-XXXXXX";
  int fd = ::mkstemp(tmpl);
  if (fd < 0) return "";
  ::close(fd);
  std::ostringstream dot;
  write_lifecycle_dot(dot);
  std::string cmd = std::string("dot -Tsvg > ") + tmpl;
  FILE* p = ::popen(cmd.c_str(), "w");
  if (!p) return "";
  std::fputs(dot.str().c_str(), p);
  int rc = ::pclose(p);
  std::ifstream in(tmpl);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(tmpl);
  return rc == 0 ? ss.str() : "";
}

int make_report(const std::string& dir) {
  write_report(dir, state_machine_svg());
  std::printf("wrote %s/report.html\n", dir.c_str());
  return 0;
}

int report_command(const std::vector<std::string>& args) {
  po::options_description o("report options");
  o.add_options()("help,h", "show this help")("dir", po::value<std::string>()->required(),
                                              "a result directory of run, compare or sweep");
  po::positional_options_description pos;
  pos.add("dir", 1);
  bool help = false;
  auto vm = parse(args, o, pos, "usage: subsim report DIR", help);
  if (!vm) return help ? 0 : 2;
  try {
    return make_report((*vm)["dir"].as<std::string>());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "subsim: %s\n", e.what());
    return 2;
  }
}

}  // namespace subsim::cli
