// Command-line parsing shared by the subcommands (Boost.Program_options).
#pragma once
#include <boost/program_options.hpp>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "model/date.hpp"
#include "model/policy.hpp"
#include "io/diagnostic.hpp"

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
    // No guessing of abbreviated long options: `--replication 3` is an error, not --replications.
    const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(args)
                  .options(options)
                  .positional(positional)
                  .style(style)
                  .run(),
              vm);
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

// A command's options, parsed and checked; without them (`vm` empty) the command returns
// `exit`: 0 after --help, 2 after a usage error (already printed).
struct ParsedCommand {
  std::optional<po::variables_map> vm;
  int exit = 0;
};

bool check_common_options(const po::variables_map& vm);

// Parses a command's `args`: `positional` (if any) takes up to `count` bare arguments (-1: all),
// `more_help` follows the options in --help, and the options every command shares (--seed,
// --threads, --replications) are checked before any work.
inline ParsedCommand parse_command(const std::vector<std::string>& args,
                                   const po::options_description& options, const char* positional,
                                   int count, const std::string& usage,
                                   const std::string& more_help = "") {
  po::positional_options_description pos;
  if (positional) pos.add(positional, count);
  bool help = false;
  ParsedCommand out;
  out.vm = parse(args, options, pos, usage, help);
  if (help && !more_help.empty()) std::cout << "\n" << more_help;
  if (!out.vm) {
    out.exit = help ? 0 : 2;
  } else if (!check_common_options(*out.vm)) {
    out.vm.reset();
    out.exit = 2;
  }
  return out;
}

// The policy parameters, for run's and compare's --help (model/policy's table).
inline std::string policy_parameters_help() {
  std::string out = "policy parameters (policy: in a scenario, or --set policy.KEY=VALUE):\n";
  const Policy defaults;
  for (const PolicyParameter& p : policy_parameters()) {
    char line[320];
    std::snprintf(line, sizeof line, "  %-26s %s, default %s (%s)\n      %s\n",
                  std::string(p.key).c_str(), parameter_type_text(p).c_str(),
                  parameter_value_text(p, defaults).c_str(), std::string(p.rules).c_str(),
                  std::string(p.help).c_str());
    out += line;
  }
  return out;
}

// The options run and compare share: the scenario, where to write, seed, replications, threads,
// overrides, progress and the report.
inline void add_simulation_options(po::options_description& o) {
  o.add_options()("help,h", "show this help")("scenario", po::value<std::string>()->required(),
                                              "the scenario YAML")(
      "out", po::value<std::string>()->required(), "output directory (created if missing)")(
      "seed", po::value<std::string>(), "override the scenario's seed (0 … 2^64-1)")(
      "replications", po::value<std::string>(),
      "override the number of replications (compare: or auto, with --precision)")(
      "threads", po::value<int>()->default_value(0), "worker threads (0 = all cores)")(
      "set", po::value<std::vector<std::string>>(),
      "KEY=VALUE override by dotted path (a number indexes a list; VALUE any YAML, e.g. '[{date: 2027-07-01, factor: 1.05}]'), repeatable")("quiet,q", "no progress on stderr")(
      "report", "also write DIR/report.html");
}

// Checks the numeric options the commands share before any work, and prints what is wrong:
// --seed a whole number 0 … 2^64-1 written without a sign (program_options would turn -1 into
// 2^64-1), --threads 0 (all cores) or more, --replications 1 … 100000.
inline bool check_common_options(const po::variables_map& vm) {
  if (vm.count("seed")) {
    const std::string s = vm["seed"].as<std::string>();
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
      std::fprintf(stderr, "subsim: --seed must be a whole number from 0 to 2^64-1, not '%s'\n",
                   s.c_str());
      return false;
    }
  }
  if (vm.count("threads") && vm["threads"].as<int>() < 0) {
    std::fprintf(stderr, "subsim: --threads must be 0 (all cores) or more\n");
    return false;
  }
  if (vm.count("replications")) {
    const std::string s = vm["replications"].as<std::string>();
    int r = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), r);
    const bool number = !s.empty() && ec == std::errc() && end == s.data() + s.size();
    // auto: compare's, chosen from the data for its --metric (KN, or a --precision target).
    const bool auto_allowed = vm.count("metric") || vm.count("precision") || vm.count("min-effect");
    if (!(number && r >= 1 && r <= 100000) && !(s == "auto" && auto_allowed)) {
      std::fprintf(stderr, "subsim: --replications must be between 1 and 100000%s, not '%s'\n",
                   auto_allowed ? " or auto" : "", s.c_str());
      return false;
    }
  }
  return true;
}

// --replications as a number (checked by check_common_options); 0 if absent or auto.
inline int replications_option(const po::variables_map& vm) {
  if (!vm.count("replications")) return 0;
  const std::string s = vm["replications"].as<std::string>();
  int r = 0;
  std::from_chars(s.data(), s.data() + s.size(), r);
  return s == "auto" ? 0 : r;
}

// --variant or its synonym --policy (not both) into `name`; false (printed) if both are given.
inline bool variant_option(const po::variables_map& vm, std::string& name) {
  if (vm.count("variant") && vm.count("policy")) {
    std::fprintf(stderr, "subsim: give --variant or --policy, not both\n");
    return false;
  }
  if (vm.count("variant")) name = vm["variant"].as<std::string>();
  if (vm.count("policy")) name = vm["policy"].as<std::string>();
  return true;
}

// A date option (YYYY-MM-DD) if given; nullopt and `bad` set after saying what is wrong.
inline std::optional<Date> date_option(const po::variables_map& vm, const char* name, bool& bad) {
  if (!vm.count(name)) return std::nullopt;
  const std::string s = vm[name].as<std::string>();
  auto d = parse_iso_date(s);
  if (!d) {
    std::fprintf(stderr, "subsim: --%s must be a date YYYY-MM-DD, not '%s'\n", name,
                 printable(s).c_str());
    bad = true;
  }
  return d;
}

// --seed if given (checked by check_common_options), else the scenario's.
inline std::uint64_t seed_option(const po::variables_map& vm, std::uint64_t scenario_seed) {
  if (!vm.count("seed")) return scenario_seed;
  const std::string s = vm["seed"].as<std::string>();
  std::uint64_t v = scenario_seed;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// --notice-days of fit and backtest: the policy's notice (N2) the export's customers decided
// under, a whole number of days 0 … 365, by default the policy's default; nullopt after saying
// what is wrong.
inline constexpr const char* kNoticeDaysHelp =
    "subscription export: the notice period (N2, days) its customers decided under: the fit "
    "counts the leavers who turned auto-renew off too late and paid one more term (default 30)";
inline constexpr const char* kObservedSinceHelp =
    "subscription export: it lacks the rows that ended before this day (it keeps only recent "
    "ones): renewal opportunities before it are not counted (default: found from the export)";

inline std::optional<int> notice_days_option(const po::variables_map& vm) {
  if (!vm.count("notice-days")) return Policy{}.notice_days;
  const std::string s = vm["notice-days"].as<std::string>();
  int v = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 0 || v > 365) {
    std::fprintf(stderr, "subsim: --notice-days must be a whole number of days from 0 to 365, not '%s'\n",
                 printable(s).c_str());
    return std::nullopt;
  }
  return v;
}

}  // namespace subsim::cli
