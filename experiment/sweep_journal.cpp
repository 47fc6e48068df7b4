#include "experiment/sweep_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <unordered_set>

#include "io/atomic_file.hpp"
#include "io/text_file.hpp"

namespace subsim {

std::string fingerprint_of(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {

std::uint64_t key(int point, int rep) {
  return (static_cast<std::uint64_t>(point) << 20) | static_cast<std::uint64_t>(rep);
}

[[noreturn]] void fail(const std::filesystem::path& p, const std::string& why) {
  throw std::runtime_error(p.string() + ": " + why);
}

std::string checksum(const std::string& content, const std::string& fingerprint) {
  return fingerprint_of(fingerprint + " " + content);
}

// "point replication v1 … vn", parsed strictly; the reason it is not, else "".
std::string parse_record(const std::string& content, std::size_t metrics, SweepRecord& r) {
  const char* p = content.data();
  const char* end = p + content.size();
  auto field = [&](auto& value) {
    if (p < end && *p == ' ') ++p;
    auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc() || (next != end && *next != ' ')) return false;
    p = next;
    return true;
  };
  if (!field(r.point) || !field(r.replication)) return "no point and replication";
  while (p < end) {
    double v = 0;
    if (!field(v)) return "a value that is not a number";
    r.values.push_back(v);
  }
  if (r.values.size() != metrics)
    return std::to_string(r.values.size()) + " values for " + std::to_string(metrics) + " metrics";
  return "";
}

// Parses `text`; good records go to `out` (their keys to `keys`), bad lines to `problems`.
// Returns true if every line was good (nothing to rewrite).
bool parse(const std::string& text, const std::filesystem::path& path, const SweepMeta& meta,
           std::vector<SweepRecord>& out, std::vector<JournalProblem>& problems,
           std::unordered_set<std::uint64_t>& keys) {
  std::size_t pos = 0;
  int line_no = 0;
  bool header = false, clean = true;
  auto bad = [&](const std::string& why) {
    problems.push_back({line_no, why});
    clean = false;
  };
  while (pos < text.size()) {
    ++line_no;
    std::size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (!header) {
      if (line.rfind("# subsim sweep journal ", 0) != 0) fail(path, "not a subsim sweep journal");
      if (line.substr(23) != meta.fingerprint)
        fail(path,
             "written by a different sweep (the sweep file, its scenario or the design "
             "changed); use another --out");
      header = true;
      continue;
    }
    if (!line.empty() && line[0] == '#') continue;
    if (nl == std::string::npos) {
      bad("an incomplete last line (the sweep stopped while writing it)");
      break;
    }
    std::size_t hash = line.rfind(" #");
    if (hash == std::string::npos || line.size() - hash != 18) {
      bad("a line without its checksum");
      continue;
    }
    const std::string content = line.substr(0, hash);
    if (line.compare(hash + 2, 16, checksum(content, meta.fingerprint)) != 0) {
      bad("a line whose checksum does not match (edited, damaged or from another sweep)");
      continue;
    }
    SweepRecord r;
    if (std::string why = parse_record(content, meta.metrics.size(), r); !why.empty()) {
      bad(why);
      continue;
    }
    if (r.point < 0 || static_cast<std::size_t>(r.point) >= meta.points || r.replication < 0 ||
        r.replication >= meta.replications) {
      bad("point " + std::to_string(r.point) + ", replication " + std::to_string(r.replication) +
          " is outside the sweep (" + std::to_string(meta.points) + " points × " +
          std::to_string(meta.replications) + " replications)");
      continue;
    }
    if (meta.shards > 1 && r.point % meta.shards != meta.shard) {
      bad("point " + std::to_string(r.point) + " belongs to another shard");
      continue;
    }
    const std::uint64_t k = key(r.point, r.replication);
    if (!keys.insert(k).second) {
      bad("point " + std::to_string(r.point) + ", replication " + std::to_string(r.replication) +
          " a second time");
      continue;
    }
    out.push_back(std::move(r));
  }
  if (!header && !text.empty()) fail(path, "not a subsim sweep journal");
  return clean;
}

std::string slurp(const std::filesystem::path& path) {
  std::string error;
  auto text = read_text_file(path.string(), error);
  if (!text) fail(path, error);
  return *text;
}

// The files a sweep folder holds: its journal and the sweep's own files.
std::vector<std::string> sweep_folder_names(const std::string& journal) {
  return {journal,         "sweep.meta",    "points.csv",     "results.csv", "summary.csv",
          "sensitivity.csv", "manifest.json", "report.html"};
}

std::string header_of(const SweepMeta& meta) {
  std::string head = "# subsim sweep journal " + meta.fingerprint + "\n# point replication";
  for (const auto& m : meta.metrics) head += " " + m;
  return head + " #checksum\n";
}

}  // namespace

std::string journal_line(const SweepRecord& r, const std::string& fingerprint) {
  std::string content = std::to_string(r.point) + " " + std::to_string(r.replication);
  char buf[40];
  for (double v : r.values) {
    std::snprintf(buf, sizeof buf, " %.17g", v);  // round-trips exactly
    content += buf;
  }
  return content + " #" + checksum(content, fingerprint) + "\n";
}

SweepJournal::SweepJournal(const std::filesystem::path& path, const SweepMeta& meta, bool resume)
    : folder_(path.has_parent_path() ? path.parent_path() : ".",
              sweep_folder_names(path.filename().string()), "sweep"),
      path_(path),
      fingerprint_(meta.fingerprint) {
  const std::filesystem::path folder = folder_.dir();
  try {
    std::error_code ec;
    bool exists = std::filesystem::exists(path);
    // A 0-byte journal (a full disk or a kill before its header) holds no result: a fresh one.
    if (exists && std::filesystem::file_size(path, ec) == 0 && !ec) {
      std::filesystem::remove(path, ec);
      exists = false;
    }
    // A resumed shard stays the shard it was: another --shard would drop the other shard's
    // finished lines and rewrite sweep.meta.
    if (exists && resume && std::filesystem::exists(folder / "sweep.meta")) {
      const SweepMeta before = read_sweep_meta(folder);
      if (before.shard != meta.shard || before.shards != meta.shards)
        fail(folder, "was run as " +
                         (before.shards > 1 ? "shard " + std::to_string(before.shard) + "/" +
                                                  std::to_string(before.shards)
                                            : std::string("a whole sweep (no --shard)")) +
                         "; resume it with the same --shard, or use another --out");
    }
    if (exists && !resume)
      fail(path,
           "already holds results of a sweep: add --resume to finish it, or use another --out");
    if (exists) {
      bool clean = parse(slurp(path), path, meta, records_, problems_, done_);
      if (!clean) {
        // Keep only the good lines, atomically, before appending after them.
        std::string text = header_of(meta);
        for (const SweepRecord& r : records_) text += journal_line(r, fingerprint_);
        folder_.write(path.filename().string(), text);
      }
      fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
      if (fd_ < 0) fail(path, std::strerror(errno));
    } else {
      fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd_ < 0) fail(path, std::strerror(errno));
      write_all_synced(fd_, header_of(meta), path);
    }
  } catch (...) {
    if (fd_ >= 0) ::close(fd_);
    throw;
  }
  last_sync_ = std::chrono::steady_clock::now();
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) {
    if (unsynced_) ::fdatasync(fd_);
    ::close(fd_);
  }
}

bool SweepJournal::done(int point, int replication) const {
  return done_.count(key(point, replication)) > 0;
}

void SweepJournal::append(const SweepRecord& r) {
  write_all(fd_, journal_line(r, fingerprint_), path_);
  unsynced_ = true;
  // Group commit: one fdatasync per second, not per run (see the header).
  auto now = std::chrono::steady_clock::now();
  if (now - last_sync_ >= std::chrono::seconds(1)) sync();
  records_.push_back(r);
  done_.insert(key(r.point, r.replication));
}

void SweepJournal::sync() {
  if (!unsynced_) return;
  if (::fdatasync(fd_) != 0) fail(path_, std::strerror(errno));
  unsynced_ = false;
  last_sync_ = std::chrono::steady_clock::now();
}

SweepJournal::Read SweepJournal::read(const std::filesystem::path& path, const SweepMeta& meta) {
  return parse_text(slurp(path), path, meta);
}

SweepJournal::Read SweepJournal::parse_text(const std::string& text,
                                            const std::filesystem::path& path,
                                            const SweepMeta& meta) {
  Read out;
  std::unordered_set<std::uint64_t> keys;
  parse(text, path, meta, out.records, out.problems, keys);
  return out;
}

}  // namespace subsim
