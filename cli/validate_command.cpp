#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "sim/memory_estimate.hpp"

namespace subsim::cli {

int validate_command(const std::vector<std::string>& args) {
  po::options_description o("validate options");
  o.add_options()("help,h", "show this help")(
      "file", po::value<std::vector<std::string>>()->required(), "scenario files")(
      "set", po::value<std::vector<std::string>>(), "KEY=VALUE override, repeatable");
  po::positional_options_description pos;
  pos.add("file", -1);
  bool help = false;
  auto vm = parse(args, o, pos, "usage: subsim validate FILE... [--set KEY=VALUE]...", help);
  if (!vm) return help ? 0 : 2;
  LoadOptions lo;
  if (vm->count("set")) lo.sets = (*vm)["set"].as<std::vector<std::string>>();
  int rc = 0;
  for (const std::string& f : (*vm)["file"].as<std::vector<std::string>>()) {
    LoadResult r = load_for_run(f, lo, RunShape{});
    if (r.ok()) {
      std::cout << f << ": ok\n";
      continue;
    }
    for (const Diagnostic& d : r.errors) std::cout << d.format() << "\n";
    rc = 2;
  }
  return rc;
}

}  // namespace subsim::cli
