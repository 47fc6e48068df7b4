// The subcommands of the subsim executable. Each returns the process exit code:
// 0 success, 2 bad input (nothing written), 1 internal error.
#pragma once
#include <string>
#include <vector>

namespace subsim::cli {

int run_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int graph_command(const std::vector<std::string>& args);
int explain_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int fit_command(const std::vector<std::string>& args);
int backtest_command(const std::vector<std::string>& args);

// report.html into DIR (used by report and by --report).
int make_report(const std::string& dir);

}  // namespace subsim::cli
