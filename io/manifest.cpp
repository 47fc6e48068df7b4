#include "io/manifest.hpp"

#include <ctime>
#include <filesystem>

#include "io/json_writer.hpp"
#include "io/sha256.hpp"

namespace subsim {

namespace {
void list(JsonWriter& w, const std::vector<std::string>& v) {
  w.array(JsonWriter::Layout::line);
  for (const std::string& s : v) w.string(s);
  w.end();
}

// A file a line: {"name": …, "sha256": …, "bytes": …}.
void files(JsonWriter& w, const std::vector<ManifestFile>& v) {
  w.array();
  for (const ManifestFile& f : v)
    w.object(JsonWriter::Layout::line).key("name").string(f.name).key("sha256").string(f.sha256)
        .key("bytes").number_text(std::to_string(f.bytes)).end();
  w.end();
}
}  // namespace

std::string manifest_json(const Manifest& m) {
  JsonWriter w;
  w.object().key("kind").string(m.kind).key("subsim_version").string(m.version);
  w.key("git_commit").string(m.commit);
  list(w.key("command"), m.command);
  list(w.key("overrides"), m.overrides);
  files(w.key("inputs"), m.inputs);
  w.key("seed").number_text(std::to_string(m.seed));
  w.key("replications").integer(m.replications).key("threads").integer(m.threads);
  w.key("ranks").integer(m.ranks).key("started").string(m.started);
  w.key("finished").string(m.finished);
  files(w.key("outputs"), m.outputs);
  return w.end().finish();
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
