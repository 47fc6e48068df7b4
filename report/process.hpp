// Running an external tool (gnuplot, Graphviz's dot): argv passed straight to execvp — no shell
// ever sees a name from a scenario or a result folder — standard input from a string, standard
// output and error captured.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace subsim {

struct ProcessResult {
  int exit_code = -1;  // -1: could not be started (see error)
  std::string out, err;
  std::string error;  // why it could not be started
  bool ok() const { return exit_code == 0; }
};

// Runs argv[0] (looked up in PATH) with `input` on its standard input, in `cwd` if not empty.
ProcessResult run_tool(const std::vector<std::string>& argv, const std::string& input = "",
                       const std::filesystem::path& cwd = {});

// True if `name` is an executable in PATH.
bool tool_available(const std::string& name);

}  // namespace subsim
