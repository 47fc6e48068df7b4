// A sweep's folder, as `subsim sweep --out` and the Python module's sweep(out=…) keep it: the
// journal opened (fresh, or resumed) with the files written before the runs, and manifest.json
// at the end.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "experiment/sweep_runner.hpp"
#include "io/manifest.hpp"

namespace subsim {

// The journal in `out` (created if missing) and sweep.meta and points.csv written. Throws
// std::runtime_error with the reason (a folder that is not a sweep's, another process's, …);
// the journal's problems() lists lines found bad on resuming (their runs are redone).
std::unique_ptr<SweepJournal> open_sweep_folder(const std::filesystem::path& out,
                                                const SweepPlan& plan, bool resume);

// manifest.json of the folder, from `m` (the kind, version, command and start filled in): the
// sweep file (`sweep_input`: input_file of its path, or the text's hash), the scenario and its
// other inputs, the overrides, the shard, seed, replications,
// threads and ranks, and the files — `written` (the final ones) and those written before the
// runs. The journal is a working file, not listed.
void write_sweep_manifest(GrowingFolder& out, Manifest m, const ManifestFile& sweep_input,
                          const SweepPlan& plan, const std::vector<ManifestFile>& written,
                          int shard, int shards, int threads, int ranks);

}  // namespace subsim
