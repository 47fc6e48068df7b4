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

}  // namespace subsim::cli
