// Durable results of a sweep: one line per finished (point, replication), each with a checksum
// of its content and of the sweep's fingerprint. Reopening (--resume) keeps every good line; a
// torn, edited, moved, repeated or out-of-range line is reported and its run redone, never
// used. The sweep folder is locked while a journal is open for writing, so two `--resume` runs
// cannot interleave. Durability: every line is written before the next run is counted (a killed
// process loses nothing it finished); the disk is synced in groups, at most once per second and
// when the journal closes, so a power cut loses at most the last second of runs — which a
// resume redoes, with byte-identical final files.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "io/output_folder.hpp"

#include "experiment/sweep_meta.hpp"

namespace subsim {

// A journal line that was not used: its 1-based line number and why.
struct JournalProblem {
  int line = 0;
  std::string reason;
};

struct SweepRecord {
  int point = 0;
  int replication = 0;
  std::vector<double> values;  // one per metric, in the journal's metric order
};

class SweepJournal {
 public:
  // Creates `path` (fresh) or reopens it (resume) for the sweep `meta` describes (its
  // fingerprint, metrics, points, replications and shard). Its folder is a GrowingFolder, held
  // while the journal lives: a folder with anything but a sweep's own files in it (the journal,
  // sweep.meta, points.csv, results.csv, summary.csv, sensitivity.csv, manifest.json,
  // report.html), the output folder of a run, compare, fit or merge, a journal of another sweep,
  // or a folder another subsim holds is refused. Throws std::runtime_error with the reason.
  SweepJournal(const std::filesystem::path& path, const SweepMeta& meta, bool resume);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  const std::vector<SweepRecord>& records() const { return records_; }
  // Lines found bad on reopening (their runs are redone).
  const std::vector<JournalProblem>& problems() const { return problems_; }
  bool done(int point, int replication) const;
  void append(const SweepRecord& r);  // written before it returns; synced in groups
  void sync();                        // everything appended so far is on disk
  // The sweep's folder, to write its other files through.
  GrowingFolder& folder() { return folder_; }

  struct Read {
    std::vector<SweepRecord> records;
    std::vector<JournalProblem> problems;
  };
  // Reads a journal without opening it for writing (merge).
  static Read read(const std::filesystem::path& path, const SweepMeta& meta);
  // The same from text already read; `path` names it in errors.
  static Read parse_text(const std::string& text, const std::filesystem::path& path,
                         const SweepMeta& meta);

 private:
  GrowingFolder folder_;
  int fd_ = -1;
  std::filesystem::path path_;
  std::string fingerprint_;
  std::vector<SweepRecord> records_;
  std::vector<JournalProblem> problems_;
  std::unordered_set<std::uint64_t> done_;  // keys point << 20 | replication
  std::chrono::steady_clock::time_point last_sync_;
  bool unsynced_ = false;
};

std::string fingerprint_of(const std::string& text);

// One journal line (with its trailing newline) for `r` of the sweep `fingerprint`.
std::string journal_line(const SweepRecord& r, const std::string& fingerprint);

}  // namespace subsim
