// subsim: a discrete-event simulator of subscription lifecycles.
#include "cli/commands.hpp"
#include "experiment/provenance.hpp"
#include "io/output_folder.hpp"
#include "model/money.hpp"
#include "io/diagnostic.hpp"

#ifdef SUBSIM_MPI
#include <boost/mpi/environment.hpp>
#endif

#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {
const char* kUsage =
    "usage: subsim COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml --out DIR   simulate and write summary.json, timeseries.csv, "
    "cohorts.csv,\n"
    "                                survival.csv (and events.csv, subscriptions.csv with\n"
    "                                --trace; --trace-compress zstd, --trace-accounts, …)\n"
    "  compare SCENARIO.yaml --policy A --policy B --out DIR\n"
    "                                policies side by side on common random numbers\n"
    "  sweep SWEEP.yaml --out DIR    parameter sweep (grid, lhs, sobol), resumable\n"
    "  merge DIR... --out DIR        combine the shards of a sweep (--shard I/N)\n"
    "  report DIR                    DIR/report.html with charts (gnuplot), self-contained\n"
    "  fit TABLE.csv --out DIR       retention by cohort: shifted-beta-geometric fit, fit.json,\n"
    "                                projection.csv ([--holdout K] checks the last K periods)\n"
    "  fit EXPORT.csv --as-of DATE --out DIR   a subscription export: behaviour with intervals,\n"
    "                                book.csv and scenario.yaml to run forward from it\n"
    "  backtest EXPORT.csv --as-of DATE --out DIR   fit on the export before DATE, forecast\n"
    "                                [--horizon 12m] and compare with what it shows after\n"
    "  validate FILE...              check scenarios without running them\n"
    "  explain SCENARIO.yaml --account ID   one account's life as a timeline\n"
    "  graph [--format dot|svg]      the subscription state machine\n"
    "  bench                         events per second of the engine (1M customers, 5 years)\n"
    "\n"
    "'subsim COMMAND --help' lists a command's options.\n";
}

int main(int argc, char** argv) {
  subsim::set_invocation(argc, argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--version") {
    std::cout << subsim::version_text() << "\n";
    return 0;
  }
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
#ifdef SUBSIM_MPI
  // Only a sweep talks MPI; under mpirun its ranks share the work (rank 0 coordinates).
  std::optional<boost::mpi::environment> mpi;
  // MPI starts only under a launcher (mpirun, srun): initialising it costs ~0.3 s otherwise.
  auto launched = [] {
    for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"})
      if (std::getenv(v)) return true;
    return false;
  };
  if (command == "sweep" && launched()) mpi.emplace(argc, argv);
#endif
  try {
    if (command == "run") return subsim::cli::run_command(args);
    if (command == "validate") return subsim::cli::validate_command(args);
    if (command == "graph") return subsim::cli::graph_command(args);
    if (command == "explain") return subsim::cli::explain_command(args);
    if (command == "bench") return subsim::cli::bench_command(args);
    if (command == "compare") return subsim::cli::compare_command(args);
    if (command == "sweep") return subsim::cli::sweep_command(args);
    if (command == "merge") return subsim::cli::merge_command(args);
    if (command == "report") return subsim::cli::report_command(args);
    if (command == "fit") return subsim::cli::fit_command(args);
    if (command == "backtest") return subsim::cli::backtest_command(args);
  } catch (const subsim::OutputFolderError& e) {
    std::cerr << "subsim: " << subsim::printable(e.what()) << "\n";
    return 2;
  } catch (const subsim::InputError& e) {  // a reader's first problem: the input's fault (exit 2)
    std::cerr << e.diagnostic().format() << "\n";
    return 2;
  } catch (const subsim::ExactnessError& e) {
    // Not a bug and not a bad file: a run whose sums leave the exact range (exit 1).
    std::cerr << "subsim: error: ";
    if (e.has_customer()) std::cerr << "customer #" << e.customer() << ": ";
    std::cerr << subsim::printable(e.what()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "subsim: internal error: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "subsim: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
