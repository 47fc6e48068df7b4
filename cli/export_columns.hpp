// A subscription export as a billing system writes it, for fit and backtest: --columns maps its
// header to subsim's names, and the columns subsim does not read are said, then ignored.
#pragma once
#include <cstdio>
#include <string>

#include "cli/options.hpp"
#include "fitting/subscription_table.hpp"

namespace subsim::cli {

inline const char* kColumnsHelp =
    "the export's names of subsim's columns: account=\"Customer ID\",start=Created,… (a name "
    "in quotes may hold commas)";

// --columns applied to `table` (InputError when the file lacks a name); false (printed) when
// --columns is malformed.
inline bool apply_column_names(const po::variables_map& vm, CsvTable& table) {
  if (!vm.count("columns")) return true;
  std::string error;
  const auto names = parse_column_names(vm["columns"].as<std::string>(), error);
  if (!names) {
    std::fprintf(stderr, "subsim: --columns: %s\n", printable(error).c_str());
    return false;
  }
  rename_export_columns(table, *names);
  return true;
}

// A note on stderr naming the columns of an export that are not read.
inline void note_ignored_columns(const CsvTable& table) {
  std::string ignored;
  for (const std::string& c : ignored_export_columns(table))
    ignored += (ignored.empty() ? "" : ", ") + c;
  if (!ignored.empty())
    std::fprintf(stderr, "subsim: note: %s: columns not read (not a subscription export's): %s\n",
                 printable(table.file()).c_str(), printable(ignored).c_str());
}

}  // namespace subsim::cli
