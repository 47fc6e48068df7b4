// Every output file of the shipped scenarios, byte for byte: a refactoring that changes what a
// user sees fails here. The expected SHA-256 of each file is in tests/golden/expected.txt.
// A deliberate change of outputs regenerates it:
//   SUBSIM_UPDATE_GOLDEN=1 ctest -R golden   (then review `git diff tests/golden`)
#include <doctest/doctest.h>

#include "tests/test_files.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/output_marker.hpp"
#include "io/sha256.hpp"

namespace fs = std::filesystem;
using namespace subsim;

namespace {

const fs::path kSource = SUBSIM_SOURCE_DIR;
const fs::path kExpected = kSource / "tests/golden/expected.txt";

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";  // test-owned paths: no quote inside
}

// Runs `subsim ARGS` quietly in `work`; true on exit 0.
bool run_subsim(const fs::path& work, const std::string& args) {
  std::string cmd = "cd " + q(work) + " && " + q(SUBSIM_BINARY) + " " + args + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

std::map<std::string, std::string> read_expected() {
  std::map<std::string, std::string> m;
  std::ifstream in(kExpected);
  std::string name, hash;
  while (in >> name >> hash) m[name] = hash;
  return m;
}

// A sweep journal's lines are appended as points complete, in whichever order the threads
// finish: its content is compared as a set of lines (sorted bytewise, like LC_ALL=C sort).
std::string sorted_lines_hash(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  return sha256_hex(all);
}

using test_files::slurp;

// manifest.json records when and how a folder was made, so it differs between identical runs;
// instead of its hash, every output it lists must be there with the sha256 it gives.
void check_manifest(const fs::path& dir) {
  const std::string m = slurp(dir / "manifest.json");
  CHECK(m.find("\"subsim_version\": ") != std::string::npos);
  CHECK(m.find("\"git_commit\": ") != std::string::npos);
  CHECK(m.find("\"started\": \"20") != std::string::npos);
  std::size_t listed = 0;
  for (std::size_t at = m.find("{\"name\": \""); at != std::string::npos;
       at = m.find("{\"name\": \"", at + 1)) {
    std::size_t b = at + 10, e = m.find('"', b);
    std::string name = m.substr(b, e - b);
    std::size_t h = m.find("\"sha256\": \"", e) + 11;
    std::string sha = m.substr(h, 64);
    if (m.rfind("\"outputs\"", at) == std::string::npos) continue;  // an input
    ++listed;
    INFO(dir.string() << "/manifest.json lists " << name);
    CHECK(sha256_file((dir / name).string()).value_or("missing") == sha);
  }
  CHECK(listed >= 2);
}

// The marker of an output folder lists manifest.json's hash, which differs between identical
// runs; instead of its hash: it lists every other file of the folder, each with its sha256.
void check_marker(const fs::path& dir) {
  std::vector<ManifestFile> listed = marker_listing(dir);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != kOutputMarker) ++files;
  CHECK(listed.size() == files);
  for (const ManifestFile& f : listed) {
    INFO(dir.string() << "/.subsim-output lists " << f.name);
    CHECK(sha256_file((dir / f.name).string()).value_or("missing") == f.sha256);
  }
  CHECK(foreign_entries(dir).empty());
}

// name → hash of every file under work/case (report.html without its provenance paragraph,
// which names the time of the run; manifest.json checked by check_manifest).
void hash_folder(const fs::path& work, const std::string& c, std::map<std::string, std::string>& m) {
  for (const auto& e : fs::directory_iterator(work / c)) {
    if (!e.is_regular_file()) continue;
    std::string name = e.path().filename().string();
    if (name == "manifest.json") {
      check_manifest(work / c);
      m[c + "/" + name] = "checked";
    } else if (name == kOutputMarker) {
      check_marker(work / c);
      m[c + "/" + name] = "checked";
    } else if (name == "report.html") {
      std::string html = slurp(e.path());
      std::size_t p = html.find("<p class=\"provenance\">");
      if (p != std::string::npos) html.erase(p, html.find("</p>\n", p) + 5 - p);
      m[c + "/" + name] = sha256_hex(html);
    } else {
      m[c + "/" + name] = name == "journal.txt" ? sorted_lines_hash(e.path())
                                                : sha256_file(e.path().string()).value();
    }
  }
}

}  // namespace

TEST_CASE("outputs of the shipped scenarios are byte-identical to the golden set") {
  fs::path work = fs::temp_directory_path() / ("subsim-golden-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string sc = q(kSource / "scenarios");
  // Each case: output folder, command. The benchmark runs at 20,000 customers here (the full
  // million fires the same 34,971,417 events before and after a change: docs/performance.md).
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"baseline", "run " + sc + "/baseline.yaml --out baseline --trace"},
      {"faq", "run " + sc + "/faq.yaml --out faq --trace"},
      {"benchmark", "run " + sc + "/benchmark.yaml --out benchmark --trace" +
                        " --set population.initial=20000"},
      {"compare", "compare " + sc + "/baseline.yaml --policy default --policy notice_60 --out compare"},
      {"sweep-lhs", "sweep " + sc + "/sweeps/lhs.yaml --out sweep-lhs"},
      {"sweep-sobol", "sweep " + sc + "/sweeps/sobol.yaml --out sweep-sobol"},
      {"sweep-grid", "sweep " + sc + "/sweeps/notice_grace_cancel.yaml --out sweep-grid"},
      {"baseline", "report baseline"},
      {"compare", "report compare"},
      {"sweep-grid", "report sweep-grid"},
      {"sweep-sobol", "report sweep-sobol"},
  };
  for (const auto& c : cases) {  // not structured bindings: INFO captures them
    const std::string& args = c.second;
    INFO("subsim " << args);
    REQUIRE(run_subsim(work, args));
  }
  std::map<std::string, std::string> actual;
  for (const auto& [dir, args] : cases) hash_folder(work, dir, actual);
  if (std::getenv("SUBSIM_UPDATE_GOLDEN")) {
    std::ofstream out(kExpected);
    for (const auto& [name, hash] : actual) out << name << ' ' << hash << '\n';
    MESSAGE("golden set rewritten: " << kExpected.string());
  }
  auto expected = read_expected();
  REQUIRE(!expected.empty());
  for (const auto& e : expected) {
    const std::string &name = e.first, &hash = e.second;
    INFO(name);
    REQUIRE(actual.count(name) == 1);
    CHECK(actual[name] == hash);
  }
  for (const auto& a : actual) {
    const std::string& name = a.first;
    INFO("a file the golden set does not know: " << name);
    CHECK(expected.count(name) == 1);
  }
  fs::remove_all(work);
}
