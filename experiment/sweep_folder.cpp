#include "experiment/sweep_folder.hpp"

#include "experiment/provenance.hpp"

namespace subsim {

std::unique_ptr<SweepJournal> open_sweep_folder(const std::filesystem::path& out,
                                                const SweepPlan& plan, bool resume) {
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) throw std::runtime_error(out.string() + ": error: " + ec.message());
  auto journal = std::make_unique<SweepJournal>(out / "journal.txt", plan.meta, resume);
  journal->folder().write("sweep.meta", sweep_meta_text(plan.meta));
  journal->folder().write("points.csv", points_csv(plan.points));
  return journal;
}

void write_sweep_manifest(GrowingFolder& out, Manifest m, const ManifestFile& sweep_input,
                          const SweepPlan& plan, const std::vector<ManifestFile>& written,
                          int shard, int shards, int threads, int ranks) {
  m.inputs = {sweep_input, input_file(plan.spec.scenario)};
  for (const std::string& f : other_inputs_of(plan.scenarios)) m.inputs.push_back(input_file(f));
  m.overrides = plan.spec.sets;
  if (shards > 1) m.overrides.push_back("--shard " + std::to_string(shard) + "/" + std::to_string(shards));
  m.seed = plan.spec.seed;
  m.replications = plan.spec.replications;
  m.threads = threads;
  m.ranks = ranks;
  m.outputs = written;  // the final files, hashed as they were written
  for (const char* f : {"points.csv", "sweep.meta"})  // written before the runs
    if (shards > 1 || std::string(f) == "sweep.meta") {
      ManifestFile file = input_file((out.dir() / f).string());
      file.name = f;
      m.outputs.push_back(file);
    }
  m.finished = utc_now();
  out.write("manifest.json", manifest_json(m));
}

}  // namespace subsim
