#include "sim/memory_estimate.hpp"

#include <unistd.h>

#include <algorithm>
#include <sstream>

namespace subsim {

double estimated_run_bytes(const Scenario& sc, const RunShape& shape) {
  double months = month_index(sc.start, sc.end) + 1;
  double customers = expected_customers(sc);
  double per_thread = 16384.0 * 400;
  double per_rep = months * months * 16 + (sc.days() + 1) * 16.0 + 20 * months * 8;
  double bytes = per_thread * std::max(1, shape.threads) + per_rep * sc.replications;
  if (shape.trace) bytes += customers * months * 2 * 64 * sc.replications;
  return bytes;
}

std::optional<Diagnostic> check_memory(const Scenario& sc, const RunShape& shape) {
  double bytes = estimated_run_bytes(sc, shape);
  double ram = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGE_SIZE);
  if (bytes <= 0.8 * ram) return std::nullopt;
  std::ostringstream msg;
  msg.precision(3);
  msg << "this run needs about " << bytes / (1 << 30) << " GiB of memory but the machine has "
      << ram / (1 << 30) << " GiB"
      << (shape.trace ? " (the trace keeps every event: run without --trace or fewer customers)"
                      : "");
  return Diagnostic{sc.file, sc.line, sc.column, msg.str()};
}

namespace {
LoadResult checked(LoadResult r, const RunShape& shape) {
  if (!r.ok()) return r;
  if (auto d = check_memory(*r.scenario, shape)) {
    r.errors.push_back(*d);
    r.scenario.reset();
  }
  return r;
}
}  // namespace

LoadResult load_for_run(const std::string& path, const LoadOptions& options, const RunShape& shape) {
  return checked(load_scenario_file(path, options), shape);
}

LoadResult load_text_for_run(const std::string& text, const std::string& file,
                             const LoadOptions& options, const RunShape& shape) {
  return checked(load_scenario_text(text, file, options), shape);
}

}  // namespace subsim
