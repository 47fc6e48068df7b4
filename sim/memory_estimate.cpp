#include "sim/memory_estimate.hpp"

#include "sim/runner.hpp"  // kDefaultShardSize

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace subsim {

double estimated_run_bytes(const Scenario& sc, const RunShape& shape) {
  double months = month_index(sc.start, sc.end) + 1;
  double days = sc.days() + 1;
  double customers = expected_customers(sc);
  double reps = shape.replications > 0 ? shape.replications : sc.replications;
  double per_thread = 16384.0 * 400;
  double units_per_rep = std::max(1.0, std::ceil(customers / kDefaultShardSize));
  double per_unit = months * months * 16 + days * 36 + 40 * months * 8 +
                    std::min<double>(customers, kDefaultShardSize) * 48;
  double bytes = per_thread * std::max(1, shape.threads) + per_unit * units_per_rep * reps;
  // A streamed trace holds the units in flight and those waiting for the writer: their events
  // (about 1 per customer-month, 80 bytes each, twice while sorted) and their formatted rows
  // (about 75 bytes each).
  const double threads = std::max(1, shape.threads);
  if (shape.trace)
    bytes += threads * (1 + kTraceUnitsWaitingPerThread) *
             std::min<double>(customers, kDefaultShardSize) * months * (2 * 80 + 75);
  // A trace kept in memory: every traced event's row as text (about 75 bytes), a copy handed to
  // Python and its DataFrame's columns (about 250 bytes a row): ~400 bytes an event, about one
  // event per customer-month.
  if (shape.trace_in_memory > 0)
    bytes += shape.trace_in_memory * customers * months * reps * 400;
  return bytes;
}

namespace {
// A number from a one-line file ("max" or unreadable: none).
std::optional<double> limit_file(const char* path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || v <= 0) return std::nullopt;
  return v;
}
}  // namespace

MemoryLimit memory_limit() {
  MemoryLimit m{static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGE_SIZE),
                "the machine has"};
  auto consider = [&](std::optional<double> v, const char* what) {
    if (v && *v < m.bytes) m = {*v, what};
  };
  consider(limit_file("/sys/fs/cgroup/memory.max"), "the cgroup allows (memory.max)");
  consider(limit_file("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
           "the cgroup allows (memory.limit_in_bytes)");
  rlimit as{};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
    consider(static_cast<double>(as.rlim_cur), "ulimit -v allows");
  return m;
}

std::optional<Diagnostic> check_memory(const Scenario& sc, const RunShape& shape) {
  return check_memory(sc, shape, memory_limit());
}

std::optional<Diagnostic> check_memory(const Scenario& sc, const RunShape& shape,
                                       const MemoryLimit& limit) {
  double bytes = estimated_run_bytes(sc, shape);
  if (bytes <= 0.8 * limit.bytes) return std::nullopt;
  std::ostringstream msg;
  msg.precision(3);
  msg << "this run needs about " << bytes / (1 << 30) << " GiB of memory but " << limit.what
      << " " << limit.bytes / (1 << 30) << " GiB (at most 80 % of it is used)"
      << "; use fewer customers, replications or a shorter horizon";
  if (shape.trace_in_memory > 0)
    msg << " (a trace kept in memory is most of it: narrow it — accounts, sample — or write it "
           "to a folder with out=)";
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

LoadResult load_for_run(const ScenarioInput& input, const LoadOptions& options, const RunShape& shape) {
  return checked(load_scenario(input, options), shape);
}

VariantsChecked check_variants(const ScenarioInput& input, const LoadOptions& options,
                               const Scenario& sc) {
  VariantsChecked out;
  out.names = sc.variants;
  for (const NamedPolicy& p : sc.policies) out.names.push_back(p.name);
  for (const std::string& name : out.names) {
    LoadOptions one = options;
    one.policy = name;
    LoadResult v = load_for_run(input, one, RunShape{});
    out.problems.insert(out.problems.end(), v.errors.begin(), v.errors.end());
  }
  return out;
}

}  // namespace subsim
