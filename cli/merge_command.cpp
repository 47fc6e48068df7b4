// subsim merge: the shards of a job-array sweep (--shard I/N) into one folder, as if the sweep
// had run in one piece. Shards are checked to belong to the same sweep (sweep.meta's fingerprint).
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "experiment/sweep_runner.hpp"
#include "io/atomic_file.hpp"
#include "io/input_error.hpp"

namespace subsim::cli {

int merge_command(const std::vector<std::string>& args) {
  po::options_description o("merge options");
  o.add_options()("help,h", "show this help")(
      "dirs", po::value<std::vector<std::string>>()->required(), "shard directories")(
      "out", po::value<std::string>()->required(), "output directory");
  po::positional_options_description pos;
  pos.add("dirs", -1);
  bool help = false;
  auto vm = parse(args, o, pos, "usage: subsim merge DIR... --out DIR", help);
  if (!vm) return help ? 0 : 2;
  try {
    auto dirs = (*vm)["dirs"].as<std::vector<std::string>>();
    SweepMeta meta = read_sweep_meta(dirs[0]);
    SweepPoints points = read_sweep_points(dirs[0]);
    if (points.values.size() != meta.points)
      throw InputError(dirs[0] + "/points.csv", 0,
                       std::to_string(points.values.size()) + " points, sweep.meta says " +
                           std::to_string(meta.points));
    std::vector<SweepRecord> all;
    for (const std::string& d : dirs) {
      if (read_sweep_meta(d).fingerprint != meta.fingerprint) {
        std::fprintf(stderr, "%s: error: a shard of a different sweep\n", d.c_str());
        return 2;
      }
      auto recs = SweepJournal::read(std::filesystem::path(d) / "journal.txt", meta.fingerprint,
                                     meta.metrics.size());
      all.insert(all.end(), recs.begin(), recs.end());
    }
    const std::filesystem::path out = (*vm)["out"].as<std::string>();
    std::filesystem::create_directories(out);
    meta.shard = 0;
    meta.shards = 1;
    write_sweep_outputs(out, points, meta, all);
    write_file_atomically(out / "sweep.meta", sweep_meta_text(meta));
    std::printf("merged %zu shard(s): %zu results into %s\n", dirs.size(), all.size(), out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "subsim: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace subsim::cli
