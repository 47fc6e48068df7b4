#include "io/manifest.hpp"

#include <ctime>
#include <filesystem>

#include "io/json_text.hpp"
#include "io/sha256.hpp"

namespace subsim {

namespace {
std::string quoted(const std::string& s) { return "\"" + json_escape(s) + "\""; }

std::string list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    out += quoted(v[i]);
  }
  return out + "]";
}

std::string files(const std::vector<ManifestFile>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i)
    out += std::string(i ? "," : "") + "\n    {\"name\": " + quoted(v[i].name) +
           ", \"sha256\": " + quoted(v[i].sha256) + ", \"bytes\": " +
           std::to_string(v[i].bytes) + "}";
  return out + (v.empty() ? "]" : "\n  ]");
}
}  // namespace

std::string manifest_json(const Manifest& m) {
  return "{\n  \"kind\": " + quoted(m.kind) + ",\n  \"subsim_version\": " + quoted(m.version) +
         ",\n  \"git_commit\": " + quoted(m.commit) + ",\n  \"command\": " + list(m.command) +
         ",\n  \"overrides\": " + list(m.overrides) + ",\n  \"inputs\": " + files(m.inputs) +
         ",\n  \"seed\": " + std::to_string(m.seed) +
         ",\n  \"replications\": " + std::to_string(m.replications) +
         ",\n  \"threads\": " + std::to_string(m.threads) +
         ",\n  \"ranks\": " + std::to_string(m.ranks) + ",\n  \"started\": " + quoted(m.started) +
         ",\n  \"finished\": " + quoted(m.finished) + ",\n  \"outputs\": " + files(m.outputs) +
         "\n}\n";
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ManifestFile input_file(const std::string& path) {
  ManifestFile f{path, sha256_file(path).value_or(""), 0};
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (!ec) f.bytes = size;
  return f;
}

}  // namespace subsim
