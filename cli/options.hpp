// Command-line parsing shared by the subcommands (Boost.Program_options).
#pragma once
#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace subsim::cli {

namespace po = boost::program_options;

// Parses `args`; prints the problem and returns nullopt on bad usage (exit 2), or prints help
// and returns nullopt with `help` set.
inline std::optional<po::variables_map> parse(const std::vector<std::string>& args,
                                              const po::options_description& options,
                                              const po::positional_options_description& positional,
                                              const std::string& usage, bool& help) {
  po::variables_map vm;
  help = false;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    if (vm.count("help")) {
      help = true;
      std::cout << usage << "\n" << options;
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "subsim: " << e.what() << "\n" << usage << "\n";
    return std::nullopt;
  }
  return vm;
}

// The options run and compare share: the scenario, where to write, seed, replications, threads,
// overrides, progress and the report.
inline void add_simulation_options(po::options_description& o) {
  o.add_options()("help,h", "show this help")("scenario", po::value<std::string>()->required(),
                                              "the scenario YAML")(
      "out", po::value<std::string>()->required(), "output directory (created if missing)")(
      "seed", po::value<std::uint64_t>(), "override the scenario's seed")(
      "replications", po::value<int>(), "override the number of replications")(
      "threads", po::value<int>()->default_value(0), "worker threads (0 = all cores)")(
      "set", po::value<std::vector<std::string>>(),
      "KEY=VALUE override by dotted path, repeatable")("quiet,q", "no progress on stderr")(
      "report", "also write DIR/report.html");
}

}  // namespace subsim::cli
