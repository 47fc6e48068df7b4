// The layers of docs/architecture.md, checked on the sources: a file may include only its own
// layer and the layers below it, so the engine never grows a dependency on statistics, files or
// the command line.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

namespace fs = std::filesystem;

TEST_CASE("every include goes down the layers: io, model < stats < scenario < fitting, sim < analysis < experiment, report < cli") {
  const std::map<std::string, std::set<std::string>> allowed = {
      {"io", {"io"}},
      {"model", {"model"}},
      {"stats", {"stats", "model"}},
      {"scenario", {"scenario", "model", "io"}},
      {"fitting", {"fitting", "stats", "scenario", "model", "io"}},
      {"sim", {"sim", "scenario", "model", "io"}},
      {"analysis", {"analysis", "sim", "fitting", "stats", "scenario", "model", "io"}},
      {"experiment", {"experiment", "analysis", "sim", "fitting", "stats", "scenario", "model", "io"}},
      {"report", {"report", "model", "io"}},
      {"cli", {"cli", "experiment", "report", "analysis", "sim", "fitting", "stats", "scenario",
               "model", "io"}},
  };
  // The folder of a project include: `#include "sim/clock.hpp"` → "sim"; "" for anything else.
  auto included_layer = [](const std::string& line) -> std::string {
    std::size_t i = line.find_first_not_of(" \t");
    if (i == std::string::npos || line.compare(i, 8, "#include") != 0) return "";
    std::size_t q = line.find('"', i);
    std::size_t slash = q == std::string::npos ? q : line.find('/', q);
    if (slash == std::string::npos) return "";
    return line.substr(q + 1, slash - q - 1);
  };
  int files = 0;
  for (const auto& [layer, ok] : allowed) {
    fs::path dir = fs::path(SUBSIM_SOURCE_DIR) / layer;
    REQUIRE(fs::is_directory(dir));
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp" && ext != ".in") continue;
      ++files;
      std::ifstream in(entry.path());
      int line_no = 0;
      for (std::string line; std::getline(in, line);) {
        ++line_no;
        std::string included = included_layer(line);
        if (included.empty()) continue;
        INFO(entry.path().string() << ":" << line_no << ": " << line);
        CHECK(ok.count(included) == 1);
      }
    }
  }
  CHECK(files > 50);
}

TEST_CASE("no source file is longer than 500 lines and no engine template is hidden in a .tpp") {
  for (const char* layer : {"io", "model", "stats", "scenario", "fitting", "sim", "analysis",
                            "experiment", "report", "cli"})
    for (const auto& entry : fs::directory_iterator(fs::path(SUBSIM_SOURCE_DIR) / layer)) {
      CHECK(entry.path().extension() != ".tpp");
      std::ifstream in(entry.path());
      int lines = 0;
      for (std::string line; std::getline(in, line);) ++lines;
      INFO(entry.path().string() << " has " << lines << " lines");
      CHECK(lines <= 500);
    }
}

// Rules are pure functions of model/ (docs/architecture.md): the engine applies their decisions.
// A refusal in sim/ passes on a model Decision; it never makes one or names the refusing rule.
TEST_CASE("the engine decides no refusal: sim/ makes no Decision and names no refusing rule") {
  int rejections = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(SUBSIM_SOURCE_DIR) / "sim")) {
    std::ifstream in(entry.path());
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      INFO(entry.path().string() << ":" << line_no << ": " << line);
      CHECK(line.find("Decision::reject") == std::string::npos);
      CHECK(line.find("Decision::accept") == std::string::npos);
      CHECK(line.find("rule_for_not_in_term") == std::string::npos);
      if (line.find("reject(") != std::string::npos) {
        ++rejections;
        CHECK(line.find("RuleId::") == std::string::npos);
      }
    }
  }
  CHECK(rejections > 10);  // the scan saw the engine's refusals
}

// One concept per folder (issue 28): no layer grows into the place everything goes. Measured on
// the production sources (.cpp, .hpp): no folder holds more than a quarter of the lines.
TEST_CASE("no folder holds more than 25 % of the production lines") {
  std::map<std::string, long> lines;
  long total = 0;
  for (const char* layer : {"io", "model", "stats", "scenario", "fitting", "sim", "analysis",
                            "experiment", "report", "cli"})
    for (const auto& entry : fs::directory_iterator(fs::path(SUBSIM_SOURCE_DIR) / layer)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp") continue;
      std::ifstream in(entry.path());
      for (std::string line; std::getline(in, line);) {
        ++lines[layer];
        ++total;
      }
    }
  REQUIRE(total > 10000);
  for (const auto& entry : lines) {  // not structured bindings: INFO captures them
    INFO(entry.first << ": " << entry.second << " of " << total << " lines");
    CHECK(entry.second * 4 <= total);
  }
}
