// `subsim explain`: one account's events, dated, with the rule that decided each.
#include <cstdio>

#include "model/money.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "scenario/names.hpp"
#include "scenario/scenario_loader.hpp"
#include "analysis/explain_text.hpp"
#include "scenario/diagnostic.hpp"
#include "sim/account_trace.hpp"

namespace subsim::cli {

int explain_command(const std::vector<std::string>& args) {
  po::options_description o("explain options");
  o.add_options()("help,h", "show this help")("scenario", po::value<std::string>()->required(),
                                              "the scenario YAML")(
      "account", po::value<std::string>()->required(), "a scripted account id or c<number>")(
      "replication", po::value<int>()->default_value(0), "which replication (0-based)")(
      "seed", po::value<std::string>(), "override the scenario's seed (0 … 2^64-1)")(
      "set", po::value<std::vector<std::string>>(), "KEY=VALUE override, repeatable")(
      "variant", po::value<std::string>(), "a named variant from variants: or policies:")(
      "policy", po::value<std::string>(), "the same as --variant");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  bool help = false;
  auto vm = parse(args, o, pos,
                  "usage: subsim explain SCENARIO.yaml --account ID [--replication K]", help);
  if (!vm) return help ? 0 : 2;
  if (!check_common_options(*vm)) return 2;
  LoadOptions lo;
  if (vm->count("set")) lo.sets = (*vm)["set"].as<std::vector<std::string>>();
  if (!variant_option(*vm, lo.policy)) return 2;
  const std::string file = (*vm)["scenario"].as<std::string>();
  LoadResult loaded = load_scenario_file(file, lo);
  if (!loaded.ok()) {
    for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
    return 2;
  }
  const Scenario& sc = *loaded.scenario;
  std::uint64_t seed = seed_option(*vm, sc.seed);
  int rep = (*vm)["replication"].as<int>();
  const std::string name = (*vm)["account"].as<std::string>();
  if (rep < 0) {
    std::fprintf(stderr, "subsim: --replication must be 0 or more\n");
    return 2;
  }
  AccountTrace trace = trace_account(sc, sc.policy, seed, static_cast<std::uint32_t>(rep), name);
  if (!trace.customer) {
    std::fprintf(stderr, "subsim: no account '%s' in %s (replication %d has %u accounts)\n",
                 name.c_str(), file.c_str(), rep, trace.accounts);
    return 2;
  }
  const std::string title = sc.name + " — account " + name + ", replication " +
                            std::to_string(rep) + ", seed " + std::to_string(seed);
  // Names come from the scenario: control characters escaped, line breaks kept.
  std::fputs(
      printable_text(explain_text(title, sc, sc.policy, *trace.customer, trace.events)).c_str(),
      stdout);
  return 0;
}

}  // namespace subsim::cli
