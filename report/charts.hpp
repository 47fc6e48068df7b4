// The chart builders of the five kinds of result folder (run, compare, sweep, fit, backtest). Each reads the folder's files through
// io/'s checked readers (a damaged file is an InputError) and returns the charts and the HTML
// header that goes above them.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "report/html.hpp"

namespace subsim {

struct JsonDocument;  // io/json.hpp

std::vector<Chart> run_charts(const std::filesystem::path& dir, std::string& header);
std::vector<Chart> compare_charts(const std::filesystem::path& dir, std::string& header);
std::vector<Chart> sweep_charts(const std::filesystem::path& dir, std::string& header);
std::vector<Chart> fit_charts(const std::filesystem::path& dir, std::string& header);
// A fit of a subscription export (fit.json, already read): the summary as the header, a
// retention chart per term type (report/export_fit_report.cpp).
std::vector<Chart> export_fit_report(const JsonDocument& doc, std::string& header);
std::vector<Chart> backtest_charts(const std::filesystem::path& dir, std::string& header);

}  // namespace subsim
