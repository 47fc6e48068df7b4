// subsim sweep: parameter sweeps, resumable, on threads, MPI ranks or job-array shards (merged
// by subsim merge). The work is experiment/sweep_runner and sweep_mpi; this file reads the
// options, sets the folder up and prints.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "experiment/provenance.hpp"
#include "experiment/sweep_folder.hpp"
#include "experiment/sweep_mpi.hpp"
#ifdef SUBSIM_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/environment.hpp>
#include <optional>
#endif
#include "experiment/sweep_runner.hpp"
#include "io/diagnostic.hpp"

namespace subsim::cli {

namespace {

bool parse_shard(const std::string& s, int& shard, int& shards) {
  char tail = 0;
  return std::sscanf(s.c_str(), "%d/%d%c", &shard, &shards, &tail) == 2 && shards >= 1 &&
         shard >= 0 && shard < shards;
}

// sweep's options.
po::options_description sweep_options() {
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
  return o;
}

// The sweep file read, the command line's overrides applied (part of the sweep's identity, its
// fingerprint, like the file), --shard read and every point of the shard prepared; false
// (printed) on a problem.
bool prepare_from_options(const po::variables_map& vm, const std::string& sweep_file,
                          int& shard, int& shards, SweepPrepared& prepared) {
  SweepLoad sl = load_sweep_file(sweep_file);
  if (!sl.spec) {
    for (const Diagnostic& d : sl.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
    return false;
  }
  if (vm.count("set"))
    for (const std::string& kv : vm["set"].as<std::vector<std::string>>()) {
      if (sets_sweep_replications(kv)) {
        std::fprintf(stderr, "subsim: a sweep's replications are --replications N, not --set\n");
        return false;
      }
      sl.spec->sets.push_back(kv);
    }
  if (vm.count("replications")) sl.spec->replications = replications_option(vm);
  if (vm.count("seed")) sl.spec->scenario_seed = seed_option(vm, 0);
  if (vm.count("shard") && !parse_shard(vm["shard"].as<std::string>(), shard, shards)) {
    std::fprintf(stderr, "subsim: --shard must be I/N with 0 <= I < N, not '%s'\n",
                 vm["shard"].as<std::string>().c_str());
    return false;
  }
  prepared = prepare_sweep(*sl.spec, sweep_file, shard, shards);
  if (!prepared.plan) {
    for (const std::string& e : prepared.errors) std::fprintf(stderr, "%s\n", e.c_str());
    return false;
  }
  return true;
}

// The journal opened (or resumed) in `out` and the files written before the runs (sweep.meta,
// points.csv); false (printed) on a problem.
bool open_journal(const std::filesystem::path& out, const SweepPlan& plan, bool resume,
                  std::unique_ptr<SweepJournal>& journal) {
  try {
    journal = open_sweep_folder(out, plan, resume);
    for (const JournalProblem& p : journal->problems())
      std::fprintf(stderr, "%s:%d: warning: %s; its run is redone\n",
                   (out / "journal.txt").c_str(), p.line, printable(p.reason).c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return false;
  }
  return true;
}

// Where the sweep runs: in one process, or on MPI ranks whose root writes the folder.
struct SweepRanks {
#ifdef SUBSIM_MPI
  std::optional<boost::mpi::communicator> comm;
#endif
  bool mpi = false, is_root = true;
  int ranks = 1;
};

// This process's place in the sweep: MPI ranks if MPI is initialised with more than one.
SweepRanks sweep_ranks() {
  SweepRanks rk;
#ifdef SUBSIM_MPI
  if (boost::mpi::environment::initialized()) rk.comm.emplace();
  rk.mpi = rk.comm && rk.comm->size() > 1;
  rk.is_root = !rk.comm || rk.comm->rank() == 0;
  rk.ranks = rk.mpi ? rk.comm->size() : 1;
#endif
  return rk;
}

// The folder created and its journal opened by the root rank, the outcome shared with every
// rank; false (printed) if either fails.
bool set_up_folder(const SweepRanks& rk, const std::filesystem::path& out, const SweepPlan& plan,
                   bool resume, std::unique_ptr<SweepJournal>& journal) {
  int journal_ok = 1;
  if (rk.is_root && !open_journal(out, plan, resume, journal)) journal_ok = 0;
#ifdef SUBSIM_MPI
  if (rk.mpi) boost::mpi::broadcast(*rk.comm, journal_ok, 0);
#endif
  return journal_ok != 0;
}

// Runs `tasks` on MPI ranks or on `threads` threads, journaling each record; false on a worker
// rank once its part is done (only the root goes on).
bool run_missing(const SweepRanks& rk, const SweepPlan& plan, const std::vector<SweepTask>& tasks,
                 SweepJournal* journal, int threads, const SweepProgress& report,
                 SweepRunStats& stats) {
#ifdef SUBSIM_MPI
  if (rk.mpi) {
    stats = run_sweep_mpi(*rk.comm, plan, tasks, journal, report);
    if (!rk.is_root) return false;
  }
#endif
  if (!rk.mpi) stats = run_sweep_tasks(plan, tasks, *journal, threads, report);
  return true;
}

}  // namespace

// subsim sweep: reads the options and the sweep, sets the folder and its journal up, runs what
// is missing (threads or MPI ranks), writes the outputs and the manifest and prints a summary.
int sweep_command(const std::vector<std::string>& args) {
  const po::options_description o = sweep_options();
  auto [vm, code] = parse_command(
      args, o, "sweep", 1,
      "usage: subsim sweep SWEEP.yaml --out DIR [--threads N] [--resume] [--shard I/N] "
      "[--set K=V]… [--replications R] [--seed N] [--dry-run]");
  if (!vm) return code;
  const std::string sweep_file = (*vm)["sweep"].as<std::string>();
  const SweepRanks rk = sweep_ranks();
  int shard = 0, shards = 1;
  SweepPrepared prepared;
  if (!prepare_from_options(*vm, sweep_file, shard, shards, prepared)) return 2;
  const SweepPlan& plan = *prepared.plan;
  const int threads = (*vm)["threads"].as<int>();
  if (vm->count("dry-run")) {
    std::fputs(sweep_dry_run_text(plan, threads).c_str(), stdout);
    return 0;
  }

  const std::filesystem::path out = (*vm)["out"].as<std::string>();
  std::unique_ptr<SweepJournal> journal;
  if (!set_up_folder(rk, out, plan, vm->count("resume") > 0, journal)) return 2;
  std::vector<SweepTask> tasks;
  if (rk.is_root) tasks = pending_tasks(plan, *journal);
  const std::size_t already = rk.is_root ? journal->records().size() : 0;
  Progress progress(vm->count("quiet") == 0 && rk.is_root, "runs");
  const SweepProgress report = [&](std::size_t done, std::size_t total, std::uint64_t events) {
    progress.update(done, total, events);
  };
  auto t0 = std::chrono::steady_clock::now();
  SweepRunStats stats;
  if (!run_missing(rk, plan, tasks, journal.get(), threads, report, stats)) return 0;
  progress.finish();
  journal->sync();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<ManifestFile> written;
  if (shards == 1)
    written = write_sweep_outputs(journal->folder(), plan.points, plan.meta, journal->records());
  write_sweep_manifest(journal->folder(), start_manifest("sweep"), input_file(sweep_file), plan,
                       written, shard, shards, threads, rk.ranks);
  std::printf(
      "sweep %s: %zu points × %d replications (%s), %zu runs now, %zu from before; "
      "%llu events, wall %.2f s, simulation %.2f s on %d thread(s)%s\n",
      sweep_file.c_str(), plan.points.values.size(), plan.spec.replications,
      plan.meta.design.c_str(), tasks.size(), already,
      static_cast<unsigned long long>(stats.events), wall, stats.sim_seconds, stats.threads,
      rk.mpi        ? " (the worker ranks)"
      : shards > 1  ? "; merge the shards with subsim merge"
                    : "");
  journal.reset();  // synced, and the folder's lock released for the report
  if (vm->count("report") && shards == 1) return make_report(out.string());
  return 0;
}

}  // namespace subsim::cli
