#include "python/common.hpp"

#include "experiment/provenance.hpp"
#include "io/sha256.hpp"

namespace subsim::python {

Scenario load_or_throw(const ScenarioInput& source, const LoadOptions& lo, const RunShape& shape) {
  LoadResult r = load_for_run(source, lo, shape);
  if (!r.ok()) throw ScenarioFailure(r.errors);
  return std::move(*r.scenario);
}

ManifestFile input_of(const ScenarioInput& source) {
  return source.text ? ManifestFile{source.path, sha256_hex(*source.text), source.text->size()}
                     : input_file(source.path);
}

void record_call(Manifest& m, const CallRecord& call) {
  m.command = call.command;
  m.started = call.started;
}

Manifest call_manifest(const std::string& kind, const ScenarioInput& source,
                       const std::vector<std::string>& other_inputs, const LoadOptions& lo,
                       std::uint64_t seed, int replications, int threads, const CallRecord& call) {
  // A text's entry replaces the one made for no file (so no file named "<dict>" is read).
  Manifest m = simulation_manifest(kind, source.text ? "" : source.path, other_inputs, lo.sets,
                                   seed, replications, threads);
  if (source.text) m.inputs.front() = input_of(source);
  record_call(m, call);
  return m;
}

void write_and_commit(OutputFolder& folder, const std::vector<OutputText>& files, Manifest m) {
  for (const OutputText& f : files) folder.write(f.name, f.text);
  write_manifest(std::move(m), folder);
  folder.commit();
}

py::list file_list(const std::vector<OutputText>& files) {
  py::list out;
  for (const OutputText& f : files) out.append(py::make_tuple(f.name, py::bytes(f.text)));
  return out;
}

}  // namespace subsim::python
