// Provenance of a command's outputs: the invocation main() saw, and manifest.json for the
// output folder (see io/manifest.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "io/manifest.hpp"
#include "io/output_folder.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

// Recorded once by main(): the command line and the time the process started.
void set_invocation(int argc, char** argv);
// "subsim 0.1.0 (commit abc123def456)".
std::string version_text();
// A manifest with the version, commit, command line and start time filled in.
Manifest start_manifest(const std::string& kind);
// The files the scenarios read besides their scenario file (their books), each once, in order
// of first appearance: a variant or a sweep point may read another book.
std::vector<std::string> other_inputs_of(const std::vector<Scenario>& scenarios);
// A run's or comparison's manifest: the scenario file and every other input read (the book,
// a --trace-accounts @FILE), the --set overrides, seed, replications and threads.
Manifest simulation_manifest(const std::string& kind, const std::string& scenario_file,
                             const std::vector<std::string>& other_inputs,
                             const std::vector<std::string>& sets, std::uint64_t seed,
                             int replications, int threads);
// Finishes `m` (end time, outputs = what `folder` wrote) and writes it as manifest.json into
// the folder, before its commit.
void write_manifest(Manifest m, OutputFolder& folder);

}  // namespace subsim
