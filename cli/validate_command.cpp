#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "experiment/sweep_runner.hpp"
#include "scenario/sweep_spec.hpp"
#include "sim/memory_estimate.hpp"

namespace subsim::cli {

int validate_command(const std::vector<std::string>& args) {
  po::options_description o("validate options");
  o.add_options()("help,h", "show this help")(
      "file", po::value<std::vector<std::string>>()->required(), "scenario or sweep files")(
      "set", po::value<std::vector<std::string>>(), "KEY=VALUE override, repeatable");
  auto [vm, code] =
      parse_command(args, o, "file", -1, "usage: subsim validate FILE... [--set KEY=VALUE]...");
  if (!vm) return code;
  LoadOptions lo;
  if (vm->count("set")) lo.sets = (*vm)["set"].as<std::vector<std::string>>();
  int rc = 0;
  for (const std::string& f : (*vm)["file"].as<std::vector<std::string>>()) {
    if (is_sweep_file(f)) {  // a sweep file: the file, its scenario and every point
      SweepLoad sl = load_sweep_file(f);
      if (!sl.spec) {
        for (const Diagnostic& d : sl.errors) std::cout << d.format() << "\n";
        rc = 2;
        continue;
      }
      SweepPrepared prepared = prepare_sweep(*sl.spec, f, 0, 1);
      if (!prepared.plan) {
        for (const std::string& e : prepared.errors) std::cout << e << "\n";
        rc = 2;
        continue;
      }
      std::cout << f << ": ok (a sweep of " << prepared.plan->points.values.size()
                << " points, each validated)\n";
      continue;
    }
    LoadResult r = load_for_run(f, lo, RunShape{});
    if (!r.ok()) {
      for (const Diagnostic& d : r.errors) std::cout << d.format() << "\n";
      rc = 2;
      continue;
    }
    // Every variant is validated like the file: its overrides applied, then the whole scenario.
    const VariantsChecked variants = check_variants(ScenarioInput{f, std::nullopt}, lo, *r.scenario);
    const std::vector<std::string>& names = variants.names;
    for (const Diagnostic& d : variants.problems) std::cout << d.format() << "\n";
    if (!variants.problems.empty()) {
      rc = 2;
      continue;
    }
    std::cout << f << ": ok";
    if (!names.empty()) std::cout << " (and " << names.size() << " variant(s))";
    std::cout << "\n";
  }
  return rc;
}

}  // namespace subsim::cli
