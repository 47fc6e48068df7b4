#include "experiment/sweep_merge.hpp"

#include "io/diagnostic.hpp"

namespace subsim {

namespace fs = std::filesystem;

MergedSweep merge_shards(const std::vector<fs::path>& dirs) {
  if (dirs.empty()) throw InputError("merge", 0, "no shard folders given");
  MergedSweep m;
  m.meta = read_sweep_meta(dirs[0]);
  const int shards = m.meta.shards;
  const std::string meta0 = (dirs[0] / "sweep.meta").string();
  std::vector<const fs::path*> by_shard(static_cast<std::size_t>(shards), nullptr);
  std::vector<SweepMeta> metas(static_cast<std::size_t>(shards));
  for (const fs::path& d : dirs) {
    SweepMeta meta = read_sweep_meta(d);
    const std::string file = (d / "sweep.meta").string();
    if (meta.fingerprint != m.meta.fingerprint)
      throw InputError(file, 0, "a shard of a different sweep than " + meta0);
    if (meta.shards != shards || meta.points != m.meta.points ||
        meta.replications != m.meta.replications || meta.metrics != m.meta.metrics)
      throw InputError(file, 0, "does not describe the same sweep as " + meta0);
    auto& slot = by_shard[static_cast<std::size_t>(meta.shard)];
    if (slot)
      throw InputError(file, 0,
                       "shard " + std::to_string(meta.shard) + " given twice (also " +
                           slot->string() + ")");
    slot = &d;
    metas[static_cast<std::size_t>(meta.shard)] = meta;
  }
  for (int i = 0; i < shards; ++i)
    if (!by_shard[static_cast<std::size_t>(i)])
      throw InputError("merge", 0,
                       "shard " + std::to_string(i) + " of " + std::to_string(shards) +
                           " is missing: give the folder of subsim sweep … --shard " +
                           std::to_string(i) + "/" + std::to_string(shards));
  m.points = read_sweep_points(dirs[0]);
  if (m.points.values.size() != m.meta.points)
    throw InputError((dirs[0] / "points.csv").string(), 0,
                     std::to_string(m.points.values.size()) + " points, sweep.meta says " +
                         std::to_string(m.meta.points));
  for (int i = 0; i < shards; ++i) {
    const fs::path& d = *by_shard[static_cast<std::size_t>(i)];
    const std::string again = "; finish it with subsim sweep … --shard " + std::to_string(i) +
                              "/" + std::to_string(shards) + " --resume --out " + d.string();
    SweepJournal::Read r = SweepJournal::read(d / "journal.txt", metas[static_cast<std::size_t>(i)]);
    if (!r.problems.empty())
      throw InputError((d / "journal.txt").string(), r.problems.front().line,
                       r.problems.front().reason + again);
    std::size_t in_shard = 0;
    for (std::size_t p = 0; p < m.meta.points; ++p)
      if (static_cast<int>(p % static_cast<std::size_t>(shards)) == i) ++in_shard;
    const std::size_t expected = in_shard * static_cast<std::size_t>(m.meta.replications);
    if (r.records.size() != expected)
      throw InputError((d / "journal.txt").string(), 0,
                       "shard " + std::to_string(i) + " is incomplete: " +
                           std::to_string(r.records.size()) + " of " + std::to_string(expected) +
                           " runs" + again);
    m.records.insert(m.records.end(), r.records.begin(), r.records.end());
  }
  m.meta.shard = 0;
  m.meta.shards = 1;
  return m;
}

}  // namespace subsim
