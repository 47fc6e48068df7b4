#include <algorithm>
#include <map>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "io/csv.hpp"
#include "io/output_folder.hpp"
#include "analysis/compare.hpp"
#include "analysis/compare_runs.hpp"
#include "analysis/simulate.hpp"
#include "analysis/verdict.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/provenance.hpp"
#include "sim/memory_estimate.hpp"

namespace subsim::cli {


int compare_command(const std::vector<std::string>& args) {
  po::options_description o("compare options");
  add_simulation_options(o);
  o.add_options()("policy", po::value<std::vector<std::string>>(),
                  "a variant of the scenario's policies: or variants: (repeat; the first is the "
                  "reference; 'default' is the scenario as written)")(
      "variant", po::value<std::vector<std::string>>(), "the same as --policy (after them)")(
      "set-variant", po::value<std::vector<std::string>>(),
      "NAME:KEY=VALUE builds or extends variant NAME on the command line (repeatable; a name "
      "not given by --variant is compared after them)")(
      "independent", "independent streams per policy instead of common random numbers")(
      "metric", po::value<std::string>(), "answer first: the best policy on this metric")(
      "objective", po::value<std::string>()->default_value("max"), "max or min (with --metric)")(
      "constraint", po::value<std::vector<std::string>>(),
      "METRIC<=ref*1.02 or METRIC>=NUMBER: a policy must meet it to win (repeatable)")(
      "precision", po::value<std::string>(),
      "with --replications auto: add replications until the verdict's interval is within "
      "±this share of the reference (e.g. 0.5%)")(
      "max-replications", po::value<int>()->default_value(1000),
      "with --replications auto: the cap");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  bool help = false;
  auto vm =
      parse(args, o, pos,
            "usage: subsim compare SCENARIO.yaml --variant A --variant B [--variant …] "
            "[--set-variant NAME:KEY=VALUE]… --out DIR "
            "[--replications R] [--independent] [--metric M [--objective max|min] "
            "[--constraint 'M2<=ref*1.02']…]",
            help);
  if (help) std::cout << "\n" << policy_parameters_help();
  if (!vm) return help ? 0 : 2;
  if (!check_common_options(*vm)) return 2;
  const std::string file = (*vm)["scenario"].as<std::string>();
  std::vector<std::string> names;
  for (const char* opt : {"policy", "variant"})
    if (vm->count(opt))
      for (const std::string& n : (*vm)[opt].as<std::vector<std::string>>()) names.push_back(n);
  std::map<std::string, std::vector<std::string>> built;  // --set-variant NAME → KEY=VALUE…
  if (vm->count("set-variant"))
    for (const std::string& text : (*vm)["set-variant"].as<std::vector<std::string>>()) {
      std::size_t colon = text.find(':');
      if (colon == std::string::npos || colon == 0 || text.find('=', colon) == std::string::npos) {
        std::fprintf(stderr, "subsim: --set-variant must be NAME:KEY=VALUE, not '%s'\n",
                     text.c_str());
        return 2;
      }
      const std::string name = text.substr(0, colon);
      if (name == "default") {
        std::fprintf(stderr, "subsim: --set-variant cannot change 'default' (the scenario as "
                             "written); use --set for every variant\n");
        return 2;
      }
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      built[name].push_back(text.substr(colon + 1));
    }
  const std::string objective = (*vm)["objective"].as<std::string>();
  if (objective != "max" && objective != "min") {
    std::fprintf(stderr, "subsim: --objective must be max or min, not '%s'\n", objective.c_str());
    return 2;
  }
  std::vector<Constraint> constraints;
  if (vm->count("constraint"))
    for (const std::string& text : (*vm)["constraint"].as<std::vector<std::string>>()) {
      std::string error;
      auto c = parse_constraint(text, error);
      if (!c) {
        std::fprintf(stderr, "subsim: --constraint: %s\n", error.c_str());
        return 2;
      }
      constraints.push_back(*c);
    }
  // The metrics are known before any run: a typo is refused up front.
  {
    std::vector<std::string> known;
    for (const MetricColumn& c : summary_metrics({})) known.push_back(c.name);
    std::vector<std::string> wanted;
    if (vm->count("metric")) wanted.push_back((*vm)["metric"].as<std::string>());
    for (const Constraint& c : constraints) wanted.push_back(c.metric);
    for (const std::string& w : wanted)
      if (std::find(known.begin(), known.end(), w) == known.end()) {
        std::string list;
        for (const std::string& k : known) list += " " + k;
        std::fprintf(stderr, "subsim: unknown metric '%s'; the metrics are:%s\n", w.c_str(),
                     list.c_str());
        return 2;
      }
  }
  if (names.size() < 2) {
    std::fprintf(stderr, "subsim: compare needs at least two variants (--policy/--variant)\n");
    return 2;
  }
  LoadOptions lo;
  if (vm->count("set")) lo.sets = (*vm)["set"].as<std::vector<std::string>>();
  const bool automatic = vm->count("replications") &&
                         (*vm)["replications"].as<std::string>() == "auto";
  CompareRunOptions co;
  if (automatic) {
    if (!vm->count("metric")) {
      std::fprintf(stderr, "subsim: --replications auto needs --metric (whose interval to narrow)\n");
      return 2;
    }
    std::string p = (*vm)["precision"].as<std::string>();
    const bool percent = !p.empty() && p.back() == '%';
    if (percent) p.pop_back();
    char* end = nullptr;
    double v = std::strtod(p.c_str(), &end);
    if (p.empty() || *end != '\0' || !(v > 0) || (percent ? v >= 100 : v >= 1)) {
      std::fprintf(stderr, "subsim: --precision must be a share like 0.5%% or 0.005, not '%s'\n",
                   (*vm)["precision"].as<std::string>().c_str());
      return 2;
    }
    co.automatic = true;
    co.precision = percent ? v / 100 : v;
    co.max_replications = (*vm)["max-replications"].as<int>();
    if (co.max_replications < 2 || co.max_replications > 100000) {
      std::fprintf(stderr, "subsim: --max-replications must be between 2 and 100000\n");
      return 2;
    }
    co.metric = (*vm)["metric"].as<std::string>();
    co.maximize = objective == "max";
  }
  // The memory check assumes the most replications the comparison may run.
  RunShape shape{(*vm)["threads"].as<int>(), false,
                 automatic ? co.max_replications : replications_option(*vm)};
  // Validate every policy before running any.
  std::vector<Scenario> scenarios;
  for (const std::string& name : names) {
    LoadOptions one = lo;
    if (name != "default") one.policy = name;
    if (built.count(name)) one.variant_sets = built[name];
    LoadResult r = load_for_run(file, one, shape);
    if (!r.ok()) {
      for (const Diagnostic& d : r.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
      return 2;
    }
    scenarios.push_back(std::move(*r.scenario));
  }
  const Scenario& base = scenarios[0];
  // Variants are paired by common random numbers: one seed and one replication count for all.
  for (std::size_t i = 1; i < scenarios.size(); ++i)
    for (auto [differs, what] : {std::pair{scenarios[i].seed != base.seed, "seed"},
                                 std::pair{scenarios[i].replications != base.replications,
                                           "replications"}})
      if (differs) {
        std::fprintf(stderr,
                     "subsim: error: variant '%s' sets %s: compare runs every variant with the "
                     "same seed and replications (use --seed, --replications)\n",
                     names[i].c_str(), what);
        return 2;
      }
  std::uint64_t seed = seed_option(*vm, base.seed);
  int reps = vm->count("replications") && !automatic ? replications_option(*vm) : base.replications;
  if (automatic) reps = std::max(2, std::min(10, co.max_replications));  // the first batch
  if (reps < 2) {
    std::fprintf(stderr, "subsim: compare needs at least 2 replications for its intervals\n");
    return 2;
  }
  OutputFolder folder((*vm)["out"].as<std::string>());  // checked and locked before the runs
  const std::filesystem::path& out = folder.dir();
  bool independent = vm->count("independent") > 0;
  Progress progress(vm->count("quiet") == 0, "policies");
  co.threads = shape.threads;
  co.independent = independent;
  co.replications = reps;
  co.progress = [&](std::size_t done, std::size_t total, std::uint64_t ev) {
    progress.update(done, total, ev);
  };
  CompareRunResult cr = run_comparison(scenarios, names, seed, co);
  progress.finish();
  std::vector<PolicyRun>& runs = cr.runs;
  reps = static_cast<int>(runs[0].replications.size());
  const double wall = cr.wall_seconds;
  const std::uint64_t events = cr.events;
  const auto& rows = cr.rows;
  folder.write("compare.csv", compare_csv(rows));
  // Each policy's monthly series, for charts: policy,month,metric,mean,ci_low,ci_high,n.
  std::string series = "policy,month,metric,mean,ci_low,ci_high,n\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    // A variant may move the horizon (start, horizon): its months are its own.
    RunInfo info{base.name, seed, reps, scenarios[i].start, scenarios[i].end, names[i]};
    std::string ts = timeseries_csv(info, runs[i].replications);
    std::istringstream in(ts);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      append_csv_field(series, names[i]);
      series += "," + line + "\n";
    }
  }
  folder.write("compare_timeseries.csv", series);
  std::vector<VariantReplications> per_variant;
  for (const PolicyRun& run : runs) per_variant.push_back({run.name, &run.replications});
  folder.write("replications.csv", replications_csv(per_variant));
  Manifest manifest = simulation_manifest("compare", file, other_inputs_of(scenarios), lo.sets,
                                          seed, reps, shape.threads);
  for (const std::string& name : names) manifest.overrides.push_back("variant " + name);
  for (const auto& [name, sets] : built)
    for (const std::string& kv : sets) manifest.overrides.push_back("--set-variant " + name + ":" + kv);
  if (independent) manifest.overrides.push_back("--independent");
  write_manifest(manifest, folder);
  folder.commit();
  if (vm->count("metric")) {
    Verdict v = verdict(rows, (*vm)["metric"].as<std::string>(), objective == "max", constraints);
    std::printf("%s\n", v.line.c_str());
    if (!cr.stop.empty()) std::printf("%s\n", cr.stop.c_str());
    std::printf("\n");
    std::printf("%s: %zu variants, %d replications, %s (reference: %s)\n", base.name.c_str(),
                names.size(), reps, independent ? "independent streams" : "common random numbers",
                names[0].c_str());
    std::fputs(v.table.c_str(), stdout);
    std::printf("every metric: %s\n", (out / "compare.csv").c_str());
  } else {
    std::printf("%s: %zu variants, %d replications, %s (reference: %s)\n", base.name.c_str(),
                names.size(), reps, independent ? "independent streams" : "common random numbers",
                names[0].c_str());
    std::fputs(ranked_headlines(rows).c_str(), stdout);
    std::printf("every metric, with intervals and p-values: %s\n", (out / "compare.csv").c_str());
  }
  std::printf("events fired: %llu, wall %.3f s; wrote %s\n",
              static_cast<unsigned long long>(events), wall, (out / "compare.csv").c_str());
  if (vm->count("report")) return make_report(out.string());
  return 0;
}

}  // namespace subsim::cli
