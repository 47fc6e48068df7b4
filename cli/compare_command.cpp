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

// What compare was asked, read from its options and checked before any run.
struct CompareRequest {
  std::string file;
  std::vector<std::string> names;                          // the variants, reference first
  std::map<std::string, std::vector<std::string>> built;   // --set-variant NAME → KEY=VALUE…
  std::string objective;
  std::vector<Constraint> constraints;
  LoadOptions lo;
  bool automatic = false;
  CompareRunOptions co;
};

// The variants of --policy/--variant, then those --set-variant builds; false (printed) if a
// --set-variant is malformed or changes 'default'.
bool read_variants(const po::variables_map& vm, CompareRequest& rq) {
  for (const char* opt : {"policy", "variant"})
    if (vm.count(opt))
      for (const std::string& n : vm[opt].as<std::vector<std::string>>()) rq.names.push_back(n);
  if (vm.count("set-variant"))
    for (const std::string& text : vm["set-variant"].as<std::vector<std::string>>()) {
      std::size_t colon = text.find(':');
      if (colon == std::string::npos || colon == 0 || text.find('=', colon) == std::string::npos) {
        std::fprintf(stderr, "subsim: --set-variant must be NAME:KEY=VALUE, not '%s'\n",
                     text.c_str());
        return false;
      }
      const std::string name = text.substr(0, colon);
      if (name == "default") {
        std::fprintf(stderr, "subsim: --set-variant cannot change 'default' (the scenario as "
                             "written); use --set for every variant\n");
        return false;
      }
      if (std::find(rq.names.begin(), rq.names.end(), name) == rq.names.end())
        rq.names.push_back(name);
      rq.built[name].push_back(text.substr(colon + 1));
    }
  return true;
}

// --objective and every --constraint; false (printed) if one is malformed.
bool read_objective(const po::variables_map& vm, CompareRequest& rq) {
  rq.objective = vm["objective"].as<std::string>();
  if (rq.objective != "max" && rq.objective != "min") {
    std::fprintf(stderr, "subsim: --objective must be max or min, not '%s'\n",
                 rq.objective.c_str());
    return false;
  }
  if (vm.count("constraint"))
    for (const std::string& text : vm["constraint"].as<std::vector<std::string>>()) {
      std::string error;
      auto c = parse_constraint(text, error);
      if (!c) {
        std::fprintf(stderr, "subsim: --constraint: %s\n", error.c_str());
        return false;
      }
      rq.constraints.push_back(*c);
    }
  return true;
}

// The metrics are known before any run: a typo in --metric or a constraint is refused up front.
bool check_metric_names(const po::variables_map& vm, const CompareRequest& rq) {
  std::vector<std::string> known;
  for (const MetricColumn& c : summary_metrics({})) known.push_back(c.name);
  std::vector<std::string> wanted;
  if (vm.count("metric")) wanted.push_back(vm["metric"].as<std::string>());
  for (const Constraint& c : rq.constraints) wanted.push_back(c.metric);
  for (const std::string& w : wanted)
    if (std::find(known.begin(), known.end(), w) == known.end()) {
      std::string list;
      for (const std::string& k : known) list += " " + k;
      std::fprintf(stderr, "subsim: unknown metric '%s'; the metrics are:%s\n", w.c_str(),
                   list.c_str());
      return false;
    }
  return true;
}

// "0.5%" (a share, 0.005) or "0.005" / "1200" (a number): the value and whether it was a %;
// nullopt unless positive and finite (a % below 100).
std::optional<std::pair<double, bool>> share_or_number(std::string text) {
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text.pop_back();
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v > 0) || !std::isfinite(v) || (percent && v >= 100))
    return std::nullopt;
  return std::make_pair(percent ? v / 100 : v, percent);
}

// --replications auto: its metric, --precision and --max-replications into the run options;
// false (printed) if one is missing or out of range.
bool read_automatic(const po::variables_map& vm, CompareRequest& rq) {
  if (!vm.count("metric")) {
    std::fprintf(stderr, "subsim: --replications auto needs --metric (whose interval to narrow)\n");
    return false;
  }
  if (vm.count("precision") && vm.count("min-effect")) {
    std::fprintf(stderr, "subsim: give --min-effect (select the best, KN) or --precision (narrow "
                         "an interval), not both\n");
    return false;
  }
  rq.co.automatic = true;
  if (vm.count("precision")) {
    // A share needs its unit ("0.5%"); a bare number is in the metric's unit (issue 31:
    // "--precision 0.5" was silently 50 %).
    const auto p = share_or_number(vm["precision"].as<std::string>());
    if (!p) {
      std::fprintf(stderr,
                   "subsim: --precision must be a share of the reference like 0.5%% or a "
                   "positive number in the metric's unit, not '%s'\n",
                   printable(vm["precision"].as<std::string>()).c_str());
      return false;
    }
    std::tie(rq.co.precision, rq.co.precision_share) = *p;
    if (!rq.co.precision_share && rq.co.precision < 1)
      std::fprintf(stderr,
                   "subsim: note: --precision %s is in %s's own unit (currency units for money); "
                   "a share of the reference is written with %% (%s%%)\n",
                   printable(vm["precision"].as<std::string>()).c_str(),
                   vm["metric"].as<std::string>().c_str(),
                   printable(vm["precision"].as<std::string>()).c_str());
  } else {
    rq.co.select = true;
    rq.co.constraints = rq.constraints;
    if (vm.count("min-effect")) {
      const auto m = share_or_number(vm["min-effect"].as<std::string>());
      if (!m) {
        std::fprintf(stderr,
                     "subsim: --min-effect must be a share like 0.5%% or a positive number in the "
                     "metric's unit, not '%s'\n",
                     printable(vm["min-effect"].as<std::string>()).c_str());
        return false;
      }
      std::tie(rq.co.min_effect, rq.co.min_effect_share) = *m;
    }
  }
  rq.co.max_replications = vm["max-replications"].as<int>();
  if (rq.co.max_replications < 2 || rq.co.max_replications > 100000) {
    std::fprintf(stderr, "subsim: --max-replications must be between 2 and 100000\n");
    return false;
  }
  rq.co.metric = vm["metric"].as<std::string>();
  rq.co.maximize = rq.objective == "max";
  return true;
}

// Every option of compare read and checked, in the order their errors are reported; false
// (printed) on the first problem.
bool read_request(const po::variables_map& vm, CompareRequest& rq) {
  rq.file = vm["scenario"].as<std::string>();
  if (!read_variants(vm, rq) || !read_objective(vm, rq) || !check_metric_names(vm, rq))
    return false;
  if (rq.names.size() < 2) {
    std::fprintf(stderr, "subsim: compare needs at least two variants (--policy/--variant)\n");
    return false;
  }
  if (vm.count("set")) rq.lo.sets = vm["set"].as<std::vector<std::string>>();
  rq.automatic = vm.count("replications") && vm["replications"].as<std::string>() == "auto";
  return !rq.automatic || read_automatic(vm, rq);
}

// Every variant loaded and validated before any runs, and paired by common random numbers (one
// seed and one replication count for all); false (printed) on a problem.
bool load_variants(const CompareRequest& rq, const RunShape& shape,
                   std::vector<Scenario>& scenarios) {
  for (const std::string& name : rq.names) {
    LoadOptions one = rq.lo;
    if (name != "default") one.policy = name;
    if (rq.built.count(name)) one.variant_sets = rq.built.at(name);
    LoadResult r = load_for_run(rq.file, one, shape);
    if (!r.ok()) {
      for (const Diagnostic& d : r.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
      return false;
    }
    scenarios.push_back(std::move(*r.scenario));
  }
  const Scenario& base = scenarios[0];
  for (std::size_t i = 1; i < scenarios.size(); ++i)
    for (auto [differs, what] : {std::pair{scenarios[i].seed != base.seed, "seed"},
                                 std::pair{scenarios[i].replications != base.replications,
                                           "replications"}})
      if (differs) {
        std::fprintf(stderr,
                     "subsim: error: variant '%s' sets %s: compare runs every variant with the "
                     "same seed and replications (use --seed, --replications)\n",
                     rq.names[i].c_str(), what);
        return false;
      }
  return true;
}

// Each policy's monthly series, for charts: policy,month,metric,mean,ci_low,ci_high,n.
std::string compare_timeseries(const CompareRequest& rq, const std::vector<Scenario>& scenarios,
                               const std::vector<PolicyRun>& runs, std::uint64_t seed, int reps) {
  std::string series = "policy,month,metric,mean,ci_low,ci_high,n\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    // A variant may move the horizon (start, horizon): its months are its own.
    RunInfo info{scenarios[0].name, seed, reps, scenarios[i].start, scenarios[i].end,
                 rq.names[i]};
    std::string ts = timeseries_csv(info, runs[i].replications);
    std::istringstream in(ts);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      append_csv_field(series, rq.names[i]);
      series += "," + line + "\n";
    }
  }
  return series;
}

// compare's answer: the verdict on --metric (its line, why the replications stopped, its
// table), or the ranked headlines — what stdout shows and verdict.txt keeps.
std::string comparison_answer(const po::variables_map& vm, const CompareRequest& rq,
                              const std::string& scenario_name, const CompareRunResult& cr,
                              int reps) {
  char heading[512];
  std::snprintf(heading, sizeof heading, "%s: %zu variants, %d replications, %s (reference: %s)\n",
                scenario_name.c_str(), rq.names.size(), reps,
                rq.co.independent ? "independent streams" : "common random numbers",
                rq.names[0].c_str());
  if (!vm.count("metric")) return heading + ranked_headlines(cr.rows);
  Verdict v = verdict(cr.rows, vm["metric"].as<std::string>(), rq.objective == "max",
                      rq.constraints, false, rq.co.select ? &cr.selection : nullptr);
  return v.line + "\n" + (cr.stop.empty() ? "" : cr.stop + "\n") + "\n" + heading + v.table;
}

// What each variant changes from the reference, for verdict.txt and the report: the policy
// parameters that differ, the --set-variant overrides, or its scenario section.
std::string variant_definitions(const CompareRequest& rq, const std::vector<Scenario>& scenarios) {
  std::string out = "\nVariants (what each changes from the reference " + rq.names[0] + "):\n";
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    std::string what;
    const auto it = rq.built.find(rq.names[i]);
    if (it != rq.built.end())  // built on the command line: its overrides say it all
      for (const std::string& kv : it->second) what += (what.empty() ? "" : ", ") + kv;
    for (const PolicyParameter& p : policy_parameters()) {
      if (it != rq.built.end()) break;
      const std::string v = parameter_value_text(p, scenarios[i].policy);
      const std::string r = parameter_value_text(p, scenarios[0].policy);
      if (v != r) what += (what.empty() ? "" : ", ") + std::string(p.key) + " " + v + " (" + r + ")";
    }
    const auto& named = scenarios[0].variants;
    if (std::find(named.begin(), named.end(), rq.names[i]) != named.end())
      what += (what.empty() ? "" : "; ") + std::string("the scenario's variants: section");
    out += "  " + rq.names[i] + ": " + (what.empty() ? "the same policy as the reference" : what) + "\n";
  }
  return out;
}

// compare's files: compare.csv, the series and their differences to the reference, every
// replication and the manifest, committed.
void write_compare_outputs(OutputFolder& folder, const CompareRequest& rq,
                           const std::vector<Scenario>& scenarios, const CompareRunResult& cr,
                           std::uint64_t seed, int reps, int threads, const std::string& answer) {
  folder.write("compare.csv", compare_csv(cr.rows));
  folder.write("verdict.txt", answer + variant_definitions(rq, scenarios));
  folder.write("compare_timeseries.csv", compare_timeseries(rq, scenarios, cr.runs, seed, reps));
  std::vector<Date> starts;
  for (const Scenario& sc : scenarios) starts.push_back(sc.start);
  folder.write("compare_differences.csv",
               compare_differences_csv(cr.runs, starts, !rq.co.independent));
  std::vector<VariantReplications> per_variant;
  for (const PolicyRun& run : cr.runs) per_variant.push_back({run.name, &run.replications});
  folder.write("replications.csv", replications_csv(per_variant));
  Manifest manifest = simulation_manifest("compare", rq.file, other_inputs_of(scenarios),
                                          rq.lo.sets, seed, reps, threads);
  for (const std::string& name : rq.names) manifest.overrides.push_back("variant " + name);
  for (const auto& [name, sets] : rq.built)
    for (const std::string& kv : sets) manifest.overrides.push_back("--set-variant " + name + ":" + kv);
  if (rq.co.independent) manifest.overrides.push_back("--independent");
  // The number of replications was chosen from the data: by which procedure, and why it stopped.
  if (!cr.stop.empty()) manifest.overrides.push_back(cr.stop);
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
  std::vector<Scenario> scenarios;
  if (!load_variants(rq, shape, scenarios)) return 2;
  const Scenario& base = scenarios[0];
  std::uint64_t seed = seed_option(*vm, base.seed);
  int reps = vm->count("replications") && !rq.automatic ? replications_option(*vm)
                                                        : base.replications;
  if (rq.automatic) reps = std::max(2, std::min(10, co.max_replications));  // the first batch
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
  const std::string answer = comparison_answer(*vm, rq, base.name, cr, reps);
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
