// The sweep-file reader on any bytes; a sweep that validates has its design made (if small).
#include <cstddef>
#include <cstdint>
#include <string>

#include "experiment/sweep_design.hpp"
#include "scenario/sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace subsim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  SweepLoad l = load_sweep_text(text, "fuzz.yaml");
  for (const Diagnostic& d : l.errors) (void)d.format();
  if (l.spec && design_points(*l.spec) <= 2000) {
    SweepPoints p = make_design(*l.spec);
    if (p.values.size() != design_points(*l.spec)) __builtin_trap();
    (void)points_csv(p);
  }
  return 0;
}
