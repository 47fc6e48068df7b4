// manifest.json: how an output folder was made — subsim's version and commit, the command line,
// the overrides, every input file with its sha256, seed, replications, threads, when it ran and
// every file written with its sha256. It is the one file of a folder that differs between two
// identical runs (it records when they ran); every other file is byte-identical.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace subsim {

struct ManifestFile {
  std::string name;    // a path (inputs) or a file name in the folder (outputs)
  std::string sha256;  // hex
  std::uint64_t bytes = 0;
};

struct Manifest {
  std::string kind;  // run, compare, sweep, merge, fit
  std::string version, commit;
  std::vector<std::string> command;    // argv, as given
  std::vector<std::string> overrides;  // --set KEY=VALUE and variant/policy choices, in order
  std::vector<ManifestFile> inputs;
  std::uint64_t seed = 0;
  int replications = 0;
  int threads = 0;  // 0: all cores
  int ranks = 1;
  std::string started, finished;  // ISO 8601 UTC
  std::vector<ManifestFile> outputs;
};

// The JSON text (keys in a fixed order; strings escaped).
std::string manifest_json(const Manifest& m);
// The UTC time now as 2026-11-29T05:41:07Z.
std::string utc_now();
// An input file's entry: its path and sha256 (empty sha256 if it cannot be read).
ManifestFile input_file(const std::string& path);

}  // namespace subsim
