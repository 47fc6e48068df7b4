// A sweep folder's identity: sweep.meta (which sweep, which shard) and points.csv (the design).
// `subsim sweep --resume` and `subsim merge` read them back through checked readers, so a
// damaged or foreign folder is a FILE:LINE error (InputError), never a crash or a silent mix.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "experiment/sweep_design.hpp"
#include "io/csv.hpp"

namespace subsim {

struct SweepMeta {
  std::string fingerprint;  // of everything that decides the results (see sweep_fingerprint)
  std::size_t points = 0;
  int replications = 0;
  std::string design;  // grid | lhs | sobol
  bool second_order = false;  // sobol with BA rows ("second_order 1"; absent: false)
  std::uint64_t seed = 0;
  std::vector<std::string> metrics;
  int shard = 0, shards = 1;
};

std::string sweep_meta_text(const SweepMeta& m);
// Reads DIR/sweep.meta; throws InputError.
SweepMeta read_sweep_meta(const std::filesystem::path& dir);
// Reads DIR/points.csv (written by points_csv); throws InputError.
SweepPoints read_sweep_points(const std::filesystem::path& dir);
// The same from text already read (`file` names it in errors).
SweepMeta parse_sweep_meta(const std::string& text, const std::string& file);
SweepPoints sweep_points_of(const CsvTable& table);

}  // namespace subsim
