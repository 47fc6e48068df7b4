// The scenario loader on any bytes: diagnostics, never a crash. A scenario that validates and is
// small enough is also run for one replication: it must never end in an internal error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/simulate.hpp"
#include "model/money.hpp"
#include "scenario/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace subsim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  LoadResult r = load_scenario_text(text, "fuzz.yaml");
  if (!r.ok()) {
    for (const Diagnostic& d : r.errors) (void)d.format();
    return 0;
  }
  const Scenario& sc = *r.scenario;
  if (expected_customers(sc) > 200 || sc.days() > 3 * 366) return 0;
  SimulateOptions so;
  so.threads = 1;
  try {
    simulate(sc, sc.policy, sc.seed, 1, so);
  } catch (const ExactnessError&) {
    // an allowed outcome: sums past the exact range stop the run with a message
  }
  return 0;
}
