#include <cstdio>
#include <filesystem>

#include "io/output_folder.hpp"
#include "analysis/run_report.hpp"
#include "analysis/simulate.hpp"
#include "analysis/trace_filter.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "experiment/provenance.hpp"
#include "cli/trace_files.hpp"
#include "model/number_format.hpp"
#include "scenario/names.hpp"
#include "sim/memory_estimate.hpp"

namespace subsim::cli {

namespace {

// run's options: the simulation options, the variant, segments and the trace.
po::options_description run_options() {
  po::options_description o("run options");
  add_simulation_options(o);
  o.add_options()("variant", po::value<std::string>(),
                  "a named variant from the scenario's variants: or policies: (default: as written)")(
      "policy", po::value<std::string>(), "the same as --variant (policies: shorthand)")(
      "trace", "also write events.csv (one row per fired event) and subscriptions.csv")(
      "segments", "also write timeseries_by_segment.csv (every monthly series by edition, term "
                  "and reseller)")(
      "trace-compress", po::value<std::string>(),
      "zstd: write events.csv.zst and subscriptions.csv.zst (implies --trace)")(
      "trace-accounts", po::value<std::string>(),
      "trace only these accounts: ID,ID,… or @FILE (implies --trace)")(
      "trace-events", po::value<std::string>(),
      "events.csv rows of these events only: KIND,KIND,… (implies --trace)")(
      "trace-from", po::value<std::string>(), "events.csv rows from this date (implies --trace)")(
      "trace-to", po::value<std::string>(), "events.csv rows up to this date (implies --trace)")(
      "trace-sample", po::value<std::string>(),
      "trace this share of the customers, the same for any thread count (implies --trace)");
  return o;
}

// The simulation of `reps` replications, with progress on stderr unless quiet; the trace (if
// asked) streams into the folder as the run goes (bounded memory), before the other files.
SimulationResult simulate_traced(OutputFolder& folder, const TraceRequest& request,
                                 const TraceFilter& filter, const Scenario& sc, std::uint64_t seed,
                                 int reps, int threads, bool segments, bool show_progress) {
  TraceFiles trace(folder, request, sc, filter, threads);
  SimulateOptions so;
  so.threads = threads;
  so.stream = trace.stream();
  so.segments = segments;
  Progress progress(show_progress, "shards");
  so.progress = [&](std::size_t done, std::size_t total, std::uint64_t events) {
    progress.update(done, total, events);
  };
  SimulationResult result = simulate(sc, sc.policy, seed, reps, so);
  progress.finish();
  trace.close();  // synced and its compressor's threads gone before signals are held
  return result;
}

// run's files (the trace's are written already): the summary, every replication, the monthly
// series (by segment too with --segments), cohorts, survival and the manifest, committed.
void write_run_outputs(OutputFolder& folder, const RunInfo& info, const SimulationResult& result,
                       bool segments, const std::string& file, const LoadOptions& lo,
                       const Scenario& sc, const TraceRequest& request, int threads) {
  for (const OutputText& f : run_files(info, result.replications, segments ? &result.segments : nullptr))
    folder.write(f.name, f.text);
  std::vector<std::string> inputs = sc.other_inputs;
  if (request.filter.accounts.rfind('@', 0) == 0) inputs.push_back(request.filter.accounts.substr(1));
  Manifest manifest =
      simulation_manifest("run", file, inputs, lo.sets, info.seed, info.replications, threads);
  if (!lo.policy.empty()) manifest.overrides.push_back("policy " + lo.policy);
  write_manifest(manifest, folder);
  folder.commit();
}

}  // namespace

// subsim run: reads the options, loads the scenario, simulates it (streaming the trace into the
// folder), writes the folder and prints the summary.
int run_command(const std::vector<std::string>& args) {
  const po::options_description o = run_options();
  auto [vm, code] = parse_command(
      args, o, "scenario", 1,
      "usage: subsim run SCENARIO.yaml --out DIR [--seed N] [--replications R] "
      "[--threads T] [--set K=V]... [--variant NAME] [--segments] [--trace]\n"
      "       [--trace-compress zstd] [--trace-accounts ID,…|@FILE] [--trace-events KIND,…]\n"
      "       [--trace-from DATE] [--trace-to DATE] [--trace-sample FRACTION]",
      policy_parameters_help());
  if (!vm) return code;
  const std::string file = (*vm)["scenario"].as<std::string>();
  LoadOptions lo;
  if (vm->count("set")) lo.sets = (*vm)["set"].as<std::vector<std::string>>();
  if (!variant_option(*vm, lo.policy)) return 2;
  const TraceRequest request = trace_request(*vm);
  if (!request.ok) return 2;
  RunShape shape{(*vm)["threads"].as<int>(), request.on, replications_option(*vm)};
  LoadResult loaded = load_for_run(file, lo, shape);
  if (!loaded.ok()) {
    for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
    return 2;
  }
  Scenario& sc = *loaded.scenario;
  std::uint64_t seed = seed_option(*vm, sc.seed);
  int reps = vm->count("replications") ? replications_option(*vm) : sc.replications;
  // Checked and locked before the simulation: a bad --out costs nothing.
  OutputFolder folder((*vm)["out"].as<std::string>());
  const std::filesystem::path& out = folder.dir();

  std::vector<std::string> errors;
  auto filter = parse_trace_filter(sc, seed, static_cast<std::uint32_t>(reps), request.filter, errors);
  for (const std::string& e : errors) std::fprintf(stderr, "subsim: error: %s\n", e.c_str());
  if (!filter) return 2;
  const bool segments = vm->count("segments") > 0;
  SimulationResult result = simulate_traced(folder, request, *filter, sc, seed, reps,
                                            shape.threads, segments, vm->count("quiet") == 0);
  RunInfo info{sc.name, seed, reps, sc.start, sc.end, lo.policy.empty() ? "default" : lo.policy};
  write_run_outputs(folder, info, result, segments, file, lo, sc, request, shape.threads);
  std::fputs(summary_text(info, result.replications).c_str(), stdout);
  double rate = result.stats.wall_seconds > 0 ? result.stats.events / result.stats.wall_seconds : 0;
  std::printf("events fired: %s (%s million per second), wall %.3f s; wrote %s\n",
              group_thousands(static_cast<double>(result.stats.events), 0).c_str(),
              group_thousands(rate / 1e6, 1).c_str(), result.stats.wall_seconds, out.c_str());
  if (vm->count("report")) return make_report(out.string());
  return 0;
}

}  // namespace subsim::cli
