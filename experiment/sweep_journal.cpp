#include "experiment/sweep_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

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

// Parses complete lines; returns the byte length of the valid prefix.
std::size_t parse(const std::string& text, const std::filesystem::path& path,
                  const std::string& fingerprint, std::size_t metrics,
                  std::vector<SweepRecord>& out) {
  std::size_t pos = 0, valid = 0;
  bool header = false;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;  // torn last line: ignored
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!header) {
      if (line.rfind("# subsim sweep journal ", 0) != 0) fail(path, "not a subsim sweep journal");
      if (line.substr(23) != fingerprint)
        fail(path,
             "written by a different sweep (the sweep file, its scenario or the design "
             "changed); use another --out");
      header = true;
      valid = pos;
      continue;
    }
    if (!line.empty() && line[0] == '#') {
      valid = pos;
      continue;
    }
    std::istringstream in(line);
    SweepRecord r;
    in >> r.point >> r.replication;
    double v;
    while (in >> v) r.values.push_back(v);
    if (!in.eof() || r.values.size() != metrics) break;  // damaged: stop here
    out.push_back(std::move(r));
    valid = pos;
  }
  if (!header && !text.empty()) fail(path, "not a subsim sweep journal");
  return valid;
}

std::string slurp(const std::filesystem::path& path) {
  std::string error;
  auto text = read_text_file(path.string(), error);
  if (!text) fail(path, error);
  return *text;
}

}  // namespace

SweepJournal::SweepJournal(const std::filesystem::path& path, const std::string& fingerprint,
                           const std::vector<std::string>& metrics, bool resume) {
  bool exists = std::filesystem::exists(path);
  if (exists && !resume)
    fail(path, "already holds results of a sweep: add --resume to finish it, or use another --out");
  if (exists) {
    std::string text = slurp(path);
    std::size_t valid = parse(text, path, fingerprint, metrics.size(), records_);
    fd_ = ::open(path.c_str(), O_WRONLY);
    if (fd_ < 0) fail(path, std::strerror(errno));
    // Cut a torn tail so that new lines start on a line boundary.
    if (::ftruncate(fd_, static_cast<off_t>(valid)) != 0 || ::lseek(fd_, 0, SEEK_END) < 0)
      fail(path, std::strerror(errno));
  } else {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd_ < 0) fail(path, std::strerror(errno));
    std::string head = "# subsim sweep journal " + fingerprint + "\n# point replication";
    for (const auto& m : metrics) head += " " + m;
    write_all_synced(fd_, head + "\n", path);
  }
  for (const auto& r : records_) done_.push_back(key(r.point, r.replication));
  std::sort(done_.begin(), done_.end());
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);
}

bool SweepJournal::done(int point, int replication) const {
  return std::binary_search(done_.begin(), done_.end(), key(point, replication));
}

void SweepJournal::append(const SweepRecord& r) {
  std::string line = std::to_string(r.point) + " " + std::to_string(r.replication);
  char buf[40];
  for (double v : r.values) {
    std::snprintf(buf, sizeof buf, " %.17g", v);  // round-trips exactly
    line += buf;
  }
  write_all_synced(fd_, line + "\n", "journal");
  records_.push_back(r);
  done_.insert(std::upper_bound(done_.begin(), done_.end(), key(r.point, r.replication)),
               key(r.point, r.replication));
}

std::vector<SweepRecord> SweepJournal::read(const std::filesystem::path& path,
                                            const std::string& fingerprint, std::size_t metrics) {
  std::vector<SweepRecord> out;
  parse(slurp(path), path, fingerprint, metrics, out);
  return out;
}

}  // namespace subsim
