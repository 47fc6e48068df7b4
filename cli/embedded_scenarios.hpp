// Scenario files built into the executable.
#pragma once

namespace subsim::cli {
// scenarios/benchmark.yaml, as it was when subsim was built.
extern const char* const k_benchmark_yaml;
}
