// `subsim explain`: one account's events, dated, with the rule that decided each and why — as
// text, CSV or JSON, or two variants side by side; `--find` lists accounts worth explaining.
#include <cstdio>

#include "analysis/event_finder.hpp"
#include "analysis/explain_text.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "model/money.hpp"
#include "io/diagnostic.hpp"
#include "scenario/names.hpp"
#include "scenario/scenario_loader.hpp"
#include "sim/account_trace.hpp"

namespace subsim::cli {

namespace {

std::optional<Scenario> load(const std::string& file, const std::vector<std::string>& sets,
                             const std::string& variant) {
  LoadOptions lo;
  lo.sets = sets;
  lo.policy = variant;
  LoadResult loaded = load_scenario_file(file, lo);
  if (!loaded.ok()) {
    for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
    return std::nullopt;
  }
  return *loaded.scenario;
}

// --find EVENT[:RULE]: the accounts with such an event, the first `limit` of them.
int find(const std::string& file, const Scenario& sc, std::uint64_t seed, int rep, const std::string& what, int limit,
         int threads) {
  const auto colon = what.find(':');
  const std::string kind_text = what.substr(0, colon);
  auto kind = parse_event_kind(kind_text);
  if (!kind) {
    std::fprintf(stderr, "subsim: --find: no event '%s' (one of: %s)\n", kind_text.c_str(),
                 event_kind_names().c_str());
    return 2;
  }
  std::optional<RuleId> rule;
  if (colon != std::string::npos) {
    rule = parse_rule_id(what.substr(colon + 1));
    if (!rule) {
      std::fprintf(stderr, "subsim: --find: no rule '%s' (a rule id such as N2 or E3)\n",
                   what.substr(colon + 1).c_str());
      return 2;
    }
  }
  auto found = find_accounts(sc, sc.policy, seed, static_cast<std::uint32_t>(rep), *kind, rule,
                             threads);
  std::printf("%zu account(s) with %s in replication %d", found.size(), what.c_str(), rep);
  if (found.size() > static_cast<std::size_t>(limit))
    std::printf(" (the first %d by date; --limit shows more)", limit);
  std::printf(":\naccount,first,count\n");
  for (std::size_t i = 0; i < found.size() && i < static_cast<std::size_t>(limit); ++i)
    std::printf("%s,%s,%u\n", printable_text(account_name(sc, found[i].customer)).c_str(),
                format_iso(found[i].first).c_str(), found[i].count);
  if (!found.empty())
    std::printf("explain one: subsim explain %s --account %s%s\n", printable_text(file).c_str(),
                printable_text(account_name(sc, found[0].customer)).c_str(),
                rep ? (" --replication " + std::to_string(rep)).c_str() : "");
  return 0;
}

// explain's options.
po::options_description explain_options() {
  po::options_description o("explain options");
  o.add_options()("help,h", "show this help")("scenario", po::value<std::string>()->required(),
                                              "the scenario YAML")(
      "account", po::value<std::string>(), "a scripted account id or c<number>")(
      "replication", po::value<int>()->default_value(0), "which replication (0-based)")(
      "seed", po::value<std::string>(), "override the scenario's seed (0 … 2^64-1)")(
      "set", po::value<std::vector<std::string>>(), "KEY=VALUE override, repeatable")(
      "variant", po::value<std::vector<std::string>>(),
      "a named variant from variants: or policies:; twice: the two side by side")(
      "policy", po::value<std::vector<std::string>>(), "the same as --variant")(
      "full", "list every row (no collapsed runs of renewals)")(
      "format", po::value<std::string>()->default_value("text"), "text, csv or json")(
      "find", po::value<std::string>(), "EVENT[:RULE]: list the accounts with such an event")(
      "limit", po::value<int>()->default_value(20), "with --find: how many to list")(
      "threads", po::value<int>()->default_value(0), "with --find: worker threads");
  return o;
}

// --variant/--policy (at most two) and --format (text, csv or json; two variants side by side
// are text only); false (printed) on a problem.
bool read_variants_and_format(const po::variables_map& vm, std::vector<std::string>& variants,
                              std::string& format) {
  for (const char* key : {"variant", "policy"})
    if (vm.count(key))
      for (const auto& v : vm[key].as<std::vector<std::string>>()) variants.push_back(v);
  if (variants.size() > 2) {
    std::fprintf(stderr, "subsim: explain compares at most two variants\n");
    return false;
  }
  format = vm["format"].as<std::string>();
  if (format != "text" && format != "csv" && format != "json") {
    std::fprintf(stderr, "subsim: --format must be text, csv or json\n");
    return false;
  }
  if (variants.size() == 2 && format != "text") {
    std::fprintf(stderr, "subsim: two variants side by side are text only\n");
    return false;
  }
  return true;
}

// What explain is asked about one account: the scenario (under the first variant), its file
// and overrides, the variants, the format, the seed and the replication.
struct ExplainRequest {
  std::string file;
  std::vector<std::string> sets, variants;
  std::string format;
  std::uint64_t seed = 0;
  int rep = 0;
};

// --account explained as `format` asks (or under two variants side by side) and printed; the
// exit code.
int explain_account(const po::variables_map& vm, const ExplainRequest& rq, const Scenario& sc) {
  if (!vm.count("account")) {
    std::fprintf(stderr, "subsim: give --account ID (or --find EVENT to list accounts)\n");
    return 2;
  }
  const std::string name = vm["account"].as<std::string>();
  const auto rep = static_cast<std::uint32_t>(rq.rep);
  AccountTrace trace = trace_account(sc, sc.policy, rq.seed, rep, name);
  if (!trace.customer) {
    std::fprintf(stderr, "subsim: no account '%s' in %s (replication %d has %u accounts)\n",
                 name.c_str(), rq.file.c_str(), rq.rep, trace.accounts);
    return 2;
  }
  const std::string title = sc.name + " — account " + name + ", replication " +
                            std::to_string(rq.rep) + ", seed " + std::to_string(rq.seed);
  std::string out;
  if (rq.variants.size() == 2) {
    auto other = load(rq.file, rq.sets, rq.variants[1]);
    if (!other) return 2;
    AccountTrace b = trace_account(*other, other->policy, rq.seed, rep, name);
    if (!b.customer) {
      std::fprintf(stderr, "subsim: no account '%s' under variant %s\n", name.c_str(),
                   rq.variants[1].c_str());
      return 2;
    }
    out = explain_side_by_side(title, *trace.customer, {rq.variants[0], &sc, &trace.events},
                               {rq.variants[1], &*other, &b.events});
  } else if (rq.format == "csv") {
    out = explain_csv(sc, sc.policy, *trace.customer, trace.events);
  } else if (rq.format == "json") {
    out = explain_json(name, sc, sc.policy, *trace.customer, trace.events);
  } else {
    out = explain_text(title, sc, sc.policy, *trace.customer, trace.events, vm.count("full") > 0);
  }
  // Names come from the scenario: control characters escaped, line breaks kept (CSV and JSON
  // are escaped by their writers already).
  std::fputs(rq.format == "text" ? printable_text(out).c_str() : out.c_str(), stdout);
  return 0;
}

}  // namespace

// subsim explain: reads the options, loads the scenario, then lists the accounts --find asks
// for or explains --account.
int explain_command(const std::vector<std::string>& args) {
  const po::options_description o = explain_options();
  auto [vm, code] =
      parse_command(args, o, "scenario", 1,
                    "usage: subsim explain SCENARIO.yaml --account ID [--replication K] [--full]\n"
                    "          [--format text|csv|json] [--variant A [--variant B]]\n"
                    "       subsim explain SCENARIO.yaml --find EVENT[:RULE] [--limit N]");
  if (!vm) return code;
  ExplainRequest rq;
  if (!read_variants_and_format(*vm, rq.variants, rq.format)) return 2;
  if (vm->count("set")) rq.sets = (*vm)["set"].as<std::vector<std::string>>();
  rq.file = (*vm)["scenario"].as<std::string>();
  auto sc = load(rq.file, rq.sets, rq.variants.empty() ? "" : rq.variants[0]);
  if (!sc) return 2;
  rq.seed = seed_option(*vm, sc->seed);
  rq.rep = (*vm)["replication"].as<int>();
  if (rq.rep < 0) {
    std::fprintf(stderr, "subsim: --replication must be 0 or more\n");
    return 2;
  }
  if (vm->count("find")) {
    const int limit = (*vm)["limit"].as<int>();
    if (limit < 1) {
      std::fprintf(stderr, "subsim: --limit must be 1 or more\n");
      return 2;
    }
    return find(rq.file, *sc, rq.seed, rq.rep, (*vm)["find"].as<std::string>(), limit,
                (*vm)["threads"].as<int>());
  }
  return explain_account(*vm, rq, *sc);
}

}  // namespace subsim::cli
