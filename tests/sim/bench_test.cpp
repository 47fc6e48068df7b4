// `subsim bench` times the engine on the shipped scenarios/benchmark.yaml (built into the
// executable): its event count is that of the file on disk, on both queues and thread counts.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "scenario/scenario_loader.hpp"
#include "sim/bench.hpp"

using namespace subsim;

namespace {
std::string capture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  CHECK(::pclose(p) == 0);
  return out;
}
}  // namespace

TEST_CASE("bench runs scenarios/benchmark.yaml: the same events as the file, on every queue") {
  LoadOptions lo;
  lo.sets = {"population.initial=3000", "horizon=2y"};
  LoadResult r = load_scenario_file(std::string(SUBSIM_SOURCE_DIR) + "/scenarios/benchmark.yaml", lo);
  REQUIRE(r.ok());
  RunStats one = time_engine(*r.scenario, 1, QueueImpl::calendar, 512);
  RunStats two = time_engine(*r.scenario, 2, QueueImpl::calendar, 512);
  RunStats heap = time_engine(*r.scenario, 1, QueueImpl::heap, 512);
  CHECK(one.events > 3000);
  CHECK(two.events == one.events);
  CHECK(heap.events == one.events);

  std::string out = capture(std::string(SUBSIM_BINARY) +
                            " bench --customers 3000 --years 2 --repeat 1 --shard 512");
  CHECK(out.find("scenarios/benchmark.yaml") != std::string::npos);
  CHECK(out.find("events " + std::string(12 - std::to_string(one.events).size(), ' ') +
                 std::to_string(one.events)) != std::string::npos);
  CHECK(out.find("WARNING") == std::string::npos);
}

TEST_CASE("median_run and median_ratio take the middle, not the mean") {
  std::vector<RunStats> a(3), b(3);
  a[0].wall_seconds = 5, a[1].wall_seconds = 1, a[2].wall_seconds = 2;
  b[0].wall_seconds = 1, b[1].wall_seconds = 1, b[2].wall_seconds = 1;
  CHECK(median_run(a).wall_seconds == 2);
  CHECK(median_ratio(a, b) == 2);
}
