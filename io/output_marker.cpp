#include "io/output_marker.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>

#include "io/sha256.hpp"
#include "io/text_file.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kHeading =
    "# subsim output folder: a later subsim run into it replaces the files listed here, and "
    "refuses the folder if it holds anything else (sha256, bytes, name)";

// File names earlier versions wrote. Without any marker only the first ten are taken as
// subsim's (what those versions accepted); with a marker that lists nothing, all of them.
constexpr const char* kKnown[] = {
    "summary.json", "timeseries.csv", "cohorts.csv", "survival.csv", "events.csv",
    "compare.csv", "compare_timeseries.csv", "report.html", "replications.csv", kOutputMarker,
    "manifest.json", "events.csv.zst", "subscriptions.csv", "subscriptions.csv.zst",
    "timeseries_by_segment.csv", "fit.json", "projection.csv", "book.csv", "scenario.yaml",
    "compare_replications.csv", "points.csv", "results.csv", "summary.csv", "sensitivity.csv",
    "sweep.meta"};
constexpr std::size_t kKnownWithoutMarker = 10;

bool known(const std::string& name, bool marked) {
  const std::size_t n = marked ? std::size(kKnown) : kKnownWithoutMarker;
  return std::find(kKnown, kKnown + n, name) != kKnown + n;
}

bool is_hex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The listing of a marker's text; false if the text is a marker of the current form that is
// damaged. `listed` stays false for an earlier version's marker (no heading).
bool parse_marker(const std::string& text, std::map<std::string, ManifestFile>& files,
                  bool& listed) {
  listed = text.compare(0, kHeading.size(), kHeading) == 0;
  if (!listed) return true;
  std::size_t pos = text.find('\n');
  while (pos != std::string::npos && pos + 1 < text.size()) {
    const std::size_t start = pos + 1;
    pos = text.find('\n', start);
    if (pos == std::string::npos) return false;  // every line ends with a newline
    const std::string_view line(text.data() + start, pos - start);
    const std::size_t s1 = line.find(' ');
    const std::size_t s2 = s1 == std::string_view::npos ? s1 : line.find(' ', s1 + 1);
    if (s2 == std::string_view::npos || !is_hex64(line.substr(0, s1))) return false;
    ManifestFile f;
    f.sha256 = std::string(line.substr(0, s1));
    const std::string_view bytes = line.substr(s1 + 1, s2 - s1 - 1);
    auto r = std::from_chars(bytes.data(), bytes.data() + bytes.size(), f.bytes);
    if (r.ec != std::errc() || r.ptr != bytes.data() + bytes.size()) return false;
    f.name = std::string(line.substr(s2 + 1));
    if (f.name.empty() || f.name.find('/') != std::string::npos) return false;
    files[f.name] = f;
  }
  return true;
}

}  // namespace

std::string output_marker_text(const std::vector<ManifestFile>& files) {
  std::string text(kHeading);
  text += '\n';
  for (const ManifestFile& f : files)
    text += f.sha256 + " " + std::to_string(f.bytes) + " " + f.name + "\n";
  return text;
}

std::string first_and_more(const std::vector<std::string>& names) {
  if (names.empty()) return "";
  return names.front() +
         (names.size() > 1 ? " and " + std::to_string(names.size() - 1) + " more" : std::string());
}

std::vector<ManifestFile> marker_listing(const fs::path& dir) {
  std::string error;
  auto text = read_text_file((dir / kOutputMarker).string(), error, std::size_t{1} << 20);
  std::map<std::string, ManifestFile> files;
  bool listed = false;
  std::vector<ManifestFile> out;
  if (text && parse_marker(*text, files, listed))
    for (auto& [name, f] : files) out.push_back(f);
  return out;
}

std::vector<std::string> foreign_entries(const fs::path& dir) {
  std::vector<std::string> foreign;
  std::error_code ec;
  const fs::path marker = dir / kOutputMarker;
  const fs::file_status mst = fs::symlink_status(marker, ec);
  const bool marked = fs::exists(mst);
  std::map<std::string, ManifestFile> files;
  bool listed = false;
  if (marked) {
    std::string error;
    std::optional<std::string> text;
    if (fs::is_regular_file(mst)) text = read_text_file(marker.string(), error, std::size_t{1} << 20);
    if (!text || !parse_marker(*text, files, listed)) foreign.push_back(kOutputMarker);
  }
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name == kOutputMarker) continue;
    std::error_code fec;
    const fs::file_status st = e.symlink_status(fec);
    bool ours = !fec && fs::is_regular_file(st);
    if (ours && listed) {
      auto it = files.find(name);
      ours = it != files.end() && fs::file_size(e.path(), fec) == it->second.bytes && !fec &&
             sha256_file(e.path().string()) == it->second.sha256;
    } else if (ours) {
      ours = known(name, marked);
    }
    if (!ours) foreign.push_back(name);
  }
  if (ec) foreign.push_back("(the folder cannot be listed: " + ec.message() + ")");
  std::sort(foreign.begin(), foreign.end());
  return foreign;
}

}  // namespace subsim
