#include "experiment/provenance.hpp"

#include <algorithm>

#include "version.hpp"

namespace subsim {

namespace {
std::vector<std::string>& invocation() {
  static std::vector<std::string> argv;
  return argv;
}
std::string& started() {
  static std::string t;
  return t;
}
}  // namespace

void set_invocation(int argc, char** argv) {
  invocation().assign(argv, argv + argc);
  started() = utc_now();
}

std::string version_text() {
  return std::string("subsim ") + SUBSIM_VERSION + " (commit " + SUBSIM_GIT_COMMIT + ")";
}

Manifest start_manifest(const std::string& kind) {
  Manifest m;
  m.kind = kind;
  m.version = SUBSIM_VERSION;
  m.commit = SUBSIM_GIT_COMMIT;
  m.command = invocation();
  m.started = started().empty() ? utc_now() : started();
  return m;
}

std::vector<std::string> other_inputs_of(const std::vector<Scenario>& scenarios) {
  std::vector<std::string> inputs;
  for (const Scenario& s : scenarios)
    for (const std::string& f : s.other_inputs)
      if (std::find(inputs.begin(), inputs.end(), f) == inputs.end()) inputs.push_back(f);
  return inputs;
}

Manifest simulation_manifest(const std::string& kind, const std::string& scenario_file,
                             const std::vector<std::string>& other_inputs,
                             const std::vector<std::string>& sets, std::uint64_t seed,
                             int replications, int threads) {
  Manifest m = start_manifest(kind);
  m.overrides = sets;
  m.inputs.push_back(input_file(scenario_file));
  for (const std::string& f : other_inputs) m.inputs.push_back(input_file(f));
  m.seed = seed;
  m.replications = replications;
  m.threads = threads;
  return m;
}

void write_manifest(Manifest m, OutputFolder& folder) {
  m.finished = utc_now();
  m.outputs = folder.written();
  folder.write("manifest.json", manifest_json(m));
}

}  // namespace subsim
