// The checked CSV reader (every output subsim reads back: timeseries.csv, points.csv,
// summary.csv, …) on any bytes, with every accessor the report uses on every cell.
#include <cstddef>
#include <cstdint>
#include <string>

#include "experiment/sweep_meta.hpp"
#include "io/csv.hpp"
#include "io/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace subsim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    CsvTable t = CsvTable::parse(text, "fuzz.csv");
    for (const std::string& name : {"month", "metric", "mean", "ci_low", "point"})
      if (t.has_column(name)) (void)t.column(name);
    for (std::size_t r = 0; r < t.rows(); ++r)
      for (std::size_t c = 0; c < t.header().size(); ++c) {
        (void)t.at(r, c);
        try {
          (void)t.number(r, c);
        } catch (const InputError&) {
        }
        try {
          (void)t.integer(r, c, -5, 5);
        } catch (const InputError&) {
        }
      }
    (void)sweep_points_of(t);
  } catch (const InputError& e) {
    (void)e.what();
  }
  return 0;
}
