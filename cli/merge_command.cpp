// subsim merge: the shards of a job-array sweep (--shard I/N) into one folder, as if the sweep
// had run in one piece. The checks are experiment/sweep_merge's; the folder is written at once.
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "experiment/provenance.hpp"
#include "experiment/sweep_runner.hpp"
#include "experiment/sweep_merge.hpp"
#include "io/output_folder.hpp"
#include "io/diagnostic.hpp"

namespace subsim::cli {

int merge_command(const std::vector<std::string>& args) {
  po::options_description o("merge options");
  o.add_options()("help,h", "show this help")(
      "dirs", po::value<std::vector<std::string>>()->required(), "shard directories")(
      "out", po::value<std::string>()->required(), "output directory");
  auto [vm, code] = parse_command(args, o, "dirs", -1, "usage: subsim merge DIR... --out DIR");
  if (!vm) return code;
  try {
    std::vector<std::filesystem::path> dirs;
    for (const std::string& d : (*vm)["dirs"].as<std::vector<std::string>>()) dirs.push_back(d);
    MergedSweep merged = merge_shards(dirs);
    OutputFolder folder((*vm)["out"].as<std::string>());
    for (const auto& [name, content] :
         sweep_output_files(merged.points, merged.meta, merged.records))
      folder.write(name, content);
    folder.write("sweep.meta", sweep_meta_text(merged.meta));
    Manifest manifest = start_manifest("merge");
    for (const auto& d : dirs) {
      manifest.inputs.push_back(input_file((d / "sweep.meta").string()));
      manifest.inputs.push_back(input_file((d / "journal.txt").string()));
    }
    manifest.seed = merged.meta.seed;
    manifest.replications = merged.meta.replications;
    write_manifest(manifest, folder);
    folder.commit();
    std::printf("merged %zu shard(s): %zu results into %s\n", dirs.size(), merged.records.size(),
                folder.dir().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "subsim: %s\n", printable(e.what()).c_str());
    return 2;
  }
  return 0;
}

}  // namespace subsim::cli
