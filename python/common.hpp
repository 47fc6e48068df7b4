// What the bindings share: a scenario loaded or its problems raised, a folder written as the
// commands write theirs (manifest.json recording the Python call), files handed to Python.
#pragma once
#include <string>
#include <vector>

#include "analysis/run_report.hpp"
#include "io/manifest.hpp"
#include "io/output_folder.hpp"
#include "python/bindings.hpp"
#include "sim/memory_estimate.hpp"

namespace subsim::python {

// The scenario, or ScenarioFailure with every problem.
Scenario load_or_throw(const ScenarioInput& source, const LoadOptions& lo, const RunShape& shape);

// A call from Python that writes a folder: the call as text and when it began.
struct CallRecord {
  std::vector<std::string> command;
  std::string started;
};

// An input as manifest.json lists it: a file with its sha256, or a text (a dict's, a DataFrame's)
// by its name ("<dict>") and the text's sha256.
ManifestFile input_of(const ScenarioInput& source);
// The call, as the command line and start of a manifest begun by start_manifest.
void record_call(Manifest& m, const CallRecord& call);

// manifest.json of a call: as the command's (simulation_manifest), with the call for the command
// line and the scenario as input_of lists it.
Manifest call_manifest(const std::string& kind, const ScenarioInput& source,
                       const std::vector<std::string>& other_inputs, const LoadOptions& lo,
                       std::uint64_t seed, int replications, int threads, const CallRecord& call);

// `files`, then manifest.json, into the folder; committed.
void write_and_commit(OutputFolder& folder, const std::vector<OutputText>& files, Manifest m);

// [(name, bytes)] for the package.
py::list file_list(const std::vector<OutputText>& files);

}  // namespace subsim::python
