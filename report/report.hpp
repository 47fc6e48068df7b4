// report.html for a result directory (run, compare or sweep): one self-contained file, charts
// rendered by gnuplot as inline SVG, no external references.
#pragma once
#include <filesystem>
#include <string>

namespace subsim {

// Detects what DIR holds (summary.json: run; compare.csv: compare; sweep.meta: sweep), renders
// the charts and writes DIR/report.html. `state_machine_svg` is embedded when not empty.
// Throws InputError for a damaged file, std::runtime_error otherwise (missing gnuplot, …).
void write_report(const std::filesystem::path& dir, const std::string& state_machine_svg);

}  // namespace subsim
