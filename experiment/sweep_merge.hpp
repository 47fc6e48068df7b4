// The shards of a job-array sweep (--shard I/N), read and checked as one sweep: every folder is
// of the same sweep (sweep.meta's fingerprint and shape), every shard 0 … N-1 is there exactly
// once, every journal line is good and every shard is complete. A problem names the file and
// line, or the missing shard, and says how to finish it.
#pragma once
#include <filesystem>
#include <vector>

#include "experiment/sweep_journal.hpp"
#include "experiment/sweep_meta.hpp"

namespace subsim {

struct MergedSweep {
  SweepMeta meta;  // as a one-shard sweep
  SweepPoints points;
  std::vector<SweepRecord> records;
};

// Throws InputError.
MergedSweep merge_shards(const std::vector<std::filesystem::path>& dirs);

}  // namespace subsim
