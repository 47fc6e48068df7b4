// report.html for a result directory (run, compare or sweep): one self-contained file, charts
// rendered by gnuplot as inline SVG, no external references.
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace subsim {

// Detects what DIR holds (summary.json: run; compare.csv: compare; sweep.meta: sweep), renders
// the charts and writes DIR/report.html. `state_machine_svg` is embedded when not empty.
// Throws std::runtime_error (missing gnuplot, unreadable files).
void write_report(const std::filesystem::path& dir, const std::string& state_machine_svg);

// Renders one gnuplot script (which must `set output` nothing: the SVG goes to stdout) with the
// given data files available in its working directory. Returns cleaned inline SVG.
std::string gnuplot_svg(const std::string& script,
                        const std::vector<std::pair<std::string, std::string>>& data_files);

// Inline-able SVG: no XML declaration, DOCTYPE or namespace attributes.
std::string clean_svg(const std::string& svg);

}  // namespace subsim
