// subsim sweep: parameter sweeps, resumable, on threads, MPI ranks or job-array shards (merged
// by subsim merge). The work is experiment/sweep_runner and sweep_mpi; this file reads the
// options, sets the folder up and prints.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/provenance.hpp"
#include "experiment/sweep_mpi.hpp"
#ifdef SUBSIM_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/environment.hpp>
#include <optional>
#endif
#include "experiment/sweep_runner.hpp"
#include "io/atomic_file.hpp"
#include "scenario/diagnostic.hpp"

namespace subsim::cli {

namespace {

bool parse_shard(const std::string& s, int& shard, int& shards) {
  char tail = 0;
  return std::sscanf(s.c_str(), "%d/%d%c", &shard, &shards, &tail) == 2 && shards >= 1 &&
         shard >= 0 && shard < shards;
}

}  // namespace

int sweep_command(const std::vector<std::string>& args) {
  po::options_description o("sweep options");
  o.add_options()("help,h", "show this help")("sweep", po::value<std::string>()->required(),
                                              "the sweep YAML")(
      "out", po::value<std::string>()->required(), "output directory")(
      "threads", po::value<int>()->default_value(0), "parallel runs (0 = all cores)")(
      "resume", "finish an interrupted sweep in --out, running only what is missing")(
      "shard", po::value<std::string>(), "I/N: run every N-th point (I = 0 … N-1), for job arrays")(
      "quiet,q", "no progress on stderr")("report", "also write DIR/report.html")(
      "set", po::value<std::vector<std::string>>(),
      "KEY=VALUE applied to every point, after the sweep file's set: (repeatable)")(
      "replications", po::value<std::string>(), "replications per point (overrides the file)")(
      "seed", po::value<std::string>(), "the simulation seed of every point (scenario_seed)")(
      "dry-run", "print the design and an estimate of time and memory; run nothing");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  bool help = false;
  auto vm = parse(args, o, pos,
                  "usage: subsim sweep SWEEP.yaml --out DIR [--threads N] [--resume] [--shard I/N] "
                  "[--set K=V]… [--replications R] [--seed N] [--dry-run]",
                  help);
  if (!vm) return help ? 0 : 2;
  if (!check_common_options(*vm)) return 2;
  const std::string sweep_file = (*vm)["sweep"].as<std::string>();
#ifdef SUBSIM_MPI
  std::optional<boost::mpi::communicator> comm;
  if (boost::mpi::environment::initialized()) comm.emplace();
  const bool mpi = comm && comm->size() > 1;
  const bool is_root = !comm || comm->rank() == 0;
#else
  const bool mpi = false, is_root = true;
#endif
  SweepLoad sl = load_sweep_file(sweep_file);
  if (!sl.spec) {
    for (const Diagnostic& d : sl.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
    return 2;
  }
  // Command-line overrides: part of the sweep's identity (its fingerprint), like the file.
  if (vm->count("set"))
    for (const std::string& kv : (*vm)["set"].as<std::vector<std::string>>()) {
      if (sets_sweep_replications(kv)) {
        std::fprintf(stderr, "subsim: a sweep's replications are --replications N, not --set\n");
        return 2;
      }
      sl.spec->sets.push_back(kv);
    }
  if (vm->count("replications")) sl.spec->replications = replications_option(*vm);
  if (vm->count("seed")) sl.spec->scenario_seed = seed_option(*vm, 0);
  int shard = 0, shards = 1;
  if (vm->count("shard") && !parse_shard((*vm)["shard"].as<std::string>(), shard, shards)) {
    std::fprintf(stderr, "subsim: --shard must be I/N with 0 <= I < N, not '%s'\n",
                 (*vm)["shard"].as<std::string>().c_str());
    return 2;
  }
  SweepPrepared prepared = prepare_sweep(*sl.spec, sweep_file, shard, shards);
  if (!prepared.plan) {
    for (const std::string& e : prepared.errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
  }
  const SweepPlan& plan = *prepared.plan;
  if (vm->count("dry-run")) {
    std::fputs(sweep_dry_run_text(plan, (*vm)["threads"].as<int>()).c_str(), stdout);
    return 0;
  }

  const std::filesystem::path out = (*vm)["out"].as<std::string>();
  std::unique_ptr<SweepJournal> journal;
  int journal_ok = 1;
  std::error_code ec;
  if (is_root) std::filesystem::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "%s: error: %s\n", out.c_str(), ec.message().c_str());
    return 2;
  }
  if (is_root) {
    try {
      journal = std::make_unique<SweepJournal>(out / "journal.txt", plan.meta,
                                               vm->count("resume") > 0);
      for (const JournalProblem& p : journal->problems())
        std::fprintf(stderr, "%s:%d: warning: %s; its run is redone\n",
                     (out / "journal.txt").c_str(), p.line, printable(p.reason).c_str());
      write_file_atomically(out / "sweep.meta", sweep_meta_text(plan.meta));
      write_file_atomically(out / "points.csv", points_csv(plan.points));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
      journal_ok = 0;
    }
  }
#ifdef SUBSIM_MPI
  if (mpi) boost::mpi::broadcast(*comm, journal_ok, 0);
#endif
  if (!journal_ok) return 2;

  std::vector<SweepTask> tasks;
  if (is_root) tasks = pending_tasks(plan, *journal);
  const std::size_t already = is_root ? journal->records().size() : 0;
  Progress progress(vm->count("quiet") == 0 && is_root, "runs");
  auto report = [&](std::size_t done, std::size_t total, std::uint64_t events) {
    progress.update(done, total, events);
  };
  auto t0 = std::chrono::steady_clock::now();
  SweepRunStats stats;
#ifdef SUBSIM_MPI
  if (mpi) {
    stats = run_sweep_mpi(*comm, plan, tasks, journal.get(), report);
    if (!is_root) return 0;
  }
#endif
  if (!mpi) stats = run_sweep_tasks(plan, tasks, *journal, (*vm)["threads"].as<int>(), report);
  progress.finish();
  journal->sync();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<ManifestFile> written;
  if (shards == 1) written = write_sweep_outputs(out, plan.points, plan.meta, journal->records());
  // manifest.json: how this folder was made (the journal is a working file, not listed).
  Manifest manifest = start_manifest("sweep");
  manifest.inputs = {input_file(sweep_file), input_file(plan.spec.scenario)};
  for (const std::string& f : other_inputs_of(plan.scenarios))
    manifest.inputs.push_back(input_file(f));
  manifest.overrides = plan.spec.sets;
  if (shards > 1) manifest.overrides.push_back("--shard " + std::to_string(shard) + "/" + std::to_string(shards));
  manifest.seed = plan.spec.seed;
  manifest.replications = plan.spec.replications;
  manifest.threads = (*vm)["threads"].as<int>();
#ifdef SUBSIM_MPI
  manifest.ranks = mpi ? comm->size() : 1;
#endif
  manifest.outputs = written;  // the final files, hashed as they were written
  for (const char* f : {"points.csv", "sweep.meta"})  // written before the runs
    if (shards > 1 || std::string(f) == "sweep.meta") {
      ManifestFile file = input_file((out / f).string());
      file.name = f;
      manifest.outputs.push_back(file);
    }
  manifest.finished = utc_now();
  write_file_atomically(out / "manifest.json", manifest_json(manifest));
  std::printf(
      "sweep %s: %zu points × %d replications (%s), %zu runs now, %zu from before; "
      "%llu events, wall %.2f s, simulation %.2f s on %d thread(s)%s\n",
      sweep_file.c_str(), plan.points.values.size(), plan.spec.replications,
      plan.meta.design.c_str(), tasks.size(), already,
      static_cast<unsigned long long>(stats.events), wall, stats.sim_seconds, stats.threads,
      mpi           ? " (the worker ranks)"
      : shards > 1  ? "; merge the shards with subsim merge"
                    : "");
  journal.reset();  // synced, and the folder's lock released for the report
  if (vm->count("report") && shards == 1) return make_report(out.string());
  return 0;
}

}  // namespace subsim::cli
