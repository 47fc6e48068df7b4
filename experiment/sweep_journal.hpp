// Durable results of a sweep: one line per finished (point, replication), flushed to disk
// before the next is counted. After a crash or kill -9, reopening keeps every complete line
// (a torn last line is cut off), so --resume runs only what is missing.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace subsim {

struct SweepRecord {
  int point = 0;
  int replication = 0;
  std::vector<double> values;  // one per metric, in the journal's metric order
};

class SweepJournal {
 public:
  // Creates `path` (fresh) or reopens it (resume). The fingerprint identifies the sweep: a
  // journal written by another sweep is refused. Throws std::runtime_error with the reason.
  SweepJournal(const std::filesystem::path& path, const std::string& fingerprint,
               const std::vector<std::string>& metrics, bool resume);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  const std::vector<SweepRecord>& records() const { return records_; }
  bool done(int point, int replication) const;
  void append(const SweepRecord& r);  // written and fdatasync'ed before it returns

  // Reads a journal without opening it for writing (merge).
  static std::vector<SweepRecord> read(const std::filesystem::path& path,
                                       const std::string& fingerprint, std::size_t metrics);

 private:
  int fd_ = -1;
  std::vector<SweepRecord> records_;
  std::vector<std::uint64_t> done_;  // sorted keys point << 20 | replication
};

std::string fingerprint_of(const std::string& text);

}  // namespace subsim
