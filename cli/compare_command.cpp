#include <cstdio>
#include <filesystem>
#include <sstream>

#include "io/csv.hpp"
#include "io/output_folder.hpp"
#include "analysis/compare.hpp"
#include "analysis/simulate.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/provenance.hpp"
#include "sim/memory_estimate.hpp"

namespace subsim::cli {


int compare_command(const std::vector<std::string>& args) {
  po::options_description o("compare options");
  add_simulation_options(o);
  o.add_options()("policy", po::value<std::vector<std::string>>()->required(),
                  "a policy of the scenario's policies: (repeat; the first is the reference; "
                  "'default' is the scenario's policy:)")(
      "independent", "independent streams per policy instead of common random numbers");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  bool help = false;
  auto vm =
      parse(args, o, pos,
            "usage: subsim compare SCENARIO.yaml --policy A --policy B [--policy …] --out DIR "
            "[--replications R] [--independent]",
            help);
  if (!vm) return help ? 0 : 2;
  if (!check_common_options(*vm)) return 2;
  const std::string file = (*vm)["scenario"].as<std::string>();
  auto names = (*vm)["policy"].as<std::vector<std::string>>();
  if (names.size() < 2) {
    std::fprintf(stderr, "subsim: compare needs at least two --policy\n");
    return 2;
  }
  LoadOptions lo;
  if (vm->count("set")) lo.sets = (*vm)["set"].as<std::vector<std::string>>();
  RunShape shape{(*vm)["threads"].as<int>(), false,
                 vm->count("replications") ? (*vm)["replications"].as<int>() : 0};
  // Validate every policy before running any.
  std::vector<Scenario> scenarios;
  for (const std::string& name : names) {
    LoadOptions one = lo;
    if (name != "default") one.policy = name;
    LoadResult r = load_for_run(file, one, shape);
    if (!r.ok()) {
      for (const Diagnostic& d : r.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
      return 2;
    }
    scenarios.push_back(std::move(*r.scenario));
  }
  const Scenario& base = scenarios[0];
  std::uint64_t seed = seed_option(*vm, base.seed);
  int reps = vm->count("replications") ? (*vm)["replications"].as<int>() : base.replications;
  if (reps < 2) {
    std::fprintf(stderr, "subsim: compare needs at least 2 replications for its intervals\n");
    return 2;
  }
  OutputFolder folder((*vm)["out"].as<std::string>());  // checked and locked before the runs
  const std::filesystem::path& out = folder.dir();
  bool independent = vm->count("independent") > 0;
  Progress progress(vm->count("quiet") == 0, "policies");
  std::vector<PolicyRun> runs;
  double wall = 0;
  std::uint64_t events = 0;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    SimulateOptions so;
    so.threads = shape.threads;
    so.stream_offset = independent ? independent_stream_offset(i) : 0;
    SimulationResult res = simulate(scenarios[i], scenarios[i].policy, seed, reps, so);
    wall += res.stats.wall_seconds;
    events += res.stats.events;
    runs.push_back({names[i], std::move(res.replications)});
    progress.update(i + 1, scenarios.size(), events);
  }
  progress.finish();
  auto rows = compare_policies(runs, !independent);
  folder.write("compare.csv", compare_csv(rows));
  // Each policy's monthly series, for charts: policy,month,metric,mean,ci_low,ci_high,n.
  std::string series = "policy,month,metric,mean,ci_low,ci_high,n\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    RunInfo info{base.name, seed, reps, base.start, base.end, names[i]};
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
  Manifest manifest = start_manifest("compare");
  manifest.overrides = lo.sets;
  for (const std::string& name : names) manifest.overrides.push_back("policy " + name);
  if (independent) manifest.overrides.push_back("--independent");
  manifest.inputs.push_back(input_file(file));
  manifest.seed = seed;
  manifest.replications = reps;
  manifest.threads = shape.threads;
  write_manifest(manifest, folder);
  folder.commit();
  std::printf("%s: %zu policies, %d replications, %s (reference: %s)\n", base.name.c_str(),
              names.size(), reps, independent ? "independent streams" : "common random numbers",
              names[0].c_str());
  std::fputs(compare_text(rows).c_str(), stdout);
  std::printf("events fired: %llu, wall %.3f s; wrote %s\n",
              static_cast<unsigned long long>(events), wall, (out / "compare.csv").c_str());
  if (vm->count("report")) return make_report(out.string());
  return 0;
}

}  // namespace subsim::cli
