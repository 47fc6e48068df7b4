#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
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
#include "experiment/compare_job.hpp"
#include "experiment/provenance.hpp"
#include "model/number_format.hpp"
#include "sim/memory_estimate.hpp"

namespace subsim::cli {

namespace {

// compare's options: the simulation options, the variants, the verdict's metric and its
// constraints, and the automatic replications.
po::options_description compare_options() {
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
      "min-effect", po::value<std::string>(),
      "with --replications auto: the smallest difference on --metric that matters — a share of "
      "the reference's mean (0.5%, the default) or a number in the metric's unit; replications "
      "are added until Kim & Nelson's KN selects the best with 95 % confidence")(
      "precision", po::value<std::string>(),
      "with --replications auto, instead of --min-effect: add replications until the verdict's "
      "interval is within ±this: a share of the reference (0.5%) or a number in the metric's "
      "unit (currency units for money)")(
      "max-replications", po::value<int>()->default_value(1000),
      "with --replications auto: the cap");
  return o;
}

// Prints a problem of the request; false if there was one.
bool fine(const std::optional<std::string>& problem) {
  if (problem) std::fprintf(stderr, "subsim: %s\n", problem->c_str());
  return !problem;
}

// Every option of compare read into the request and checked, in the order their errors are
// reported; false (printed) on the first problem.
bool read_request(const po::variables_map& vm, CompareRequest& rq) {
  rq.source.path = vm["scenario"].as<std::string>();
  for (const char* opt : {"policy", "variant"})
    if (vm.count(opt))
      for (const std::string& n : vm[opt].as<std::vector<std::string>>()) rq.names.push_back(n);
  if (vm.count("set-variant"))
    for (const std::string& text : vm["set-variant"].as<std::vector<std::string>>())
      if (!fine(add_built_variant(rq, text))) return false;
  if (!fine(set_objective(rq, vm["objective"].as<std::string>()))) return false;
  if (vm.count("constraint"))
    for (const std::string& text : vm["constraint"].as<std::vector<std::string>>())
      if (!fine(add_constraint(rq, text))) return false;
  if (vm.count("metric")) rq.metric = vm["metric"].as<std::string>();
  if (!fine(check_request(rq))) return false;
  if (vm.count("set")) rq.lo.sets = vm["set"].as<std::vector<std::string>>();
  if (!vm.count("replications") || vm["replications"].as<std::string>() != "auto") return true;
  auto text = [&](const char* name) -> std::optional<std::string> {
    if (!vm.count(name)) return std::nullopt;
    return vm[name].as<std::string>();
  };
  if (!fine(set_automatic(rq, text("precision"), text("min-effect"),
                          vm["max-replications"].as<int>())))
    return false;
  if (text("precision") && !rq.co.precision_share && rq.co.precision < 1)
    std::fprintf(stderr,
                 "subsim: note: --precision %s is in %s's own unit (currency units for money); "
                 "a share of the reference is written with %% (%s%%)\n",
                 printable(*text("precision")).c_str(), rq.metric->c_str(),
                 printable(*text("precision")).c_str());
  return true;
}

// compare's files and the manifest, committed.
void write_compare_outputs(OutputFolder& folder, const CompareRequest& rq,
                           const std::vector<Scenario>& scenarios, const CompareRunResult& cr,
                           std::uint64_t seed, int reps, int threads, const std::string& answer) {
  for (const OutputText& f : compare_files(rq, scenarios, cr, seed, reps, answer))
    folder.write(f.name, f.text);
  Manifest manifest = simulation_manifest("compare", rq.source.path, other_inputs_of(scenarios),
                                          rq.lo.sets, seed, reps, threads);
  add_compare_overrides(manifest, rq, cr);
  write_manifest(manifest, folder);
  folder.commit();
}

}  // namespace

// subsim compare: reads and checks the options, loads every variant, runs them paired, writes
// the folder and prints the verdict.
int compare_command(const std::vector<std::string>& args) {
  const po::options_description o = compare_options();
  auto [vm, code] =
      parse_command(args, o, "scenario", 1,
                    "usage: subsim compare SCENARIO.yaml --variant A --variant B [--variant …] "
                    "[--set-variant NAME:KEY=VALUE]… --out DIR "
                    "[--replications R] [--independent] [--metric M [--objective max|min] "
                    "[--constraint 'M2<=ref*1.02']…]",
                    policy_parameters_help());
  if (!vm) return code;
  CompareRequest rq;
  if (!read_request(*vm, rq)) return 2;
  CompareRunOptions& co = rq.co;
  // The memory check assumes the most replications the comparison may run.
  RunShape shape{(*vm)["threads"].as<int>(), false,
                 rq.automatic ? co.max_replications : replications_option(*vm)};
  LoadedVariants loaded = load_variants(rq, shape);
  for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
  if (!loaded.error.empty()) std::fprintf(stderr, "subsim: error: %s\n", loaded.error.c_str());
  if (!loaded.ok()) return 2;
  const std::vector<Scenario>& scenarios = loaded.scenarios;
  const Scenario& base = scenarios[0];
  std::uint64_t seed = seed_option(*vm, base.seed);
  int reps = first_replications(rq, rq.automatic ? 0 : replications_option(*vm), base);
  if (reps < 2) {
    std::fprintf(stderr, "subsim: compare needs at least 2 replications for its intervals\n");
    return 2;
  }
  OutputFolder folder((*vm)["out"].as<std::string>());  // checked and locked before the runs
  const std::filesystem::path& out = folder.dir();
  Progress progress(vm->count("quiet") == 0, "policies");
  co.threads = shape.threads;
  co.independent = vm->count("independent") > 0;
  co.replications = reps;
  co.progress = [&](std::size_t done, std::size_t total, std::uint64_t ev) {
    progress.update(done, total, ev);
  };
  co.stage = [&](const std::string& text) { progress.stage(text); };
  CompareRunResult cr = run_comparison(scenarios, rq.names, seed, co);
  progress.finish();
  reps = static_cast<int>(cr.runs[0].replications.size());
  const std::string answer = comparison_answer(rq, base.name, cr, reps);
  write_compare_outputs(folder, rq, scenarios, cr, seed, reps, shape.threads, answer);
  std::fputs(answer.c_str(), stdout);
  std::printf("every metric%s: %s\n", vm->count("metric") ? "" : ", with intervals and p-values",
              (out / "compare.csv").c_str());
  std::printf("events fired: %s, wall %.3f s; wrote %s\n",
              group_thousands(static_cast<double>(cr.events), 0).c_str(), cr.wall_seconds,
              (out / "compare.csv").c_str());
  if (vm->count("report")) return make_report(out.string());
  return 0;
}

}  // namespace subsim::cli
