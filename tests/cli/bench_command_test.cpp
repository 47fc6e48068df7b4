// `subsim bench --metrics`: the bare engine and the run with every statistic recorded, timed in
// the same rounds, and the metrics' share of the event rate (issue 16's cost measure).
#include <doctest/doctest.h>

#include "tests/cli/run_subsim.hpp"

#include <regex>
#include <string>

namespace {

using cli_test::Outcome;
using cli_test::subsim;

// The event count printed on the line starting with `label`, or -1.
long long events_on(const std::string& output, const std::string& label) {
  std::smatch m;
  const std::regex line("(^|\n)" + label + " +events +([0-9]+)");
  return std::regex_search(output, m, line) ? std::stoll(m[2].str()) : -1;
}

}  // namespace

TEST_CASE("bench --metrics times the observed run beside the engine and gives the share") {
  const std::string small = "bench --customers 3000 --years 2 --repeat 1 --baseline 0 --threads 2";
  Outcome o = subsim(small + " --metrics");
  REQUIRE_MESSAGE(o.status == 0, o.output);
  // The metrics observe the run; they never change what fires.
  const long long engine = events_on(o.output, "calendar queue, 1 thread");
  CHECK_MESSAGE(engine > 0, o.output);
  CHECK_MESSAGE(events_on(o.output, "every statistic, 1 thread") == engine, o.output);
  CHECK_MESSAGE(events_on(o.output, "every statistic, 2 threads") == engine, o.output);
  std::smatch m;
  const std::regex share("metrics: ([0-9.]+)x the bare engine's event rate on 1 thread, "
                         "([0-9.]+)x on 2 threads");
  REQUIRE_MESSAGE(std::regex_search(o.output, m, share), o.output);
  for (int i = 1; i <= 2; ++i) {
    const double r = std::stod(m[i].str());
    CHECK_MESSAGE(r > 0.0, o.output);
    CHECK_MESSAGE(r < 5.0, o.output);  // a share of a rate, not a wall time
  }
  // Without the option only the engine is timed.
  Outcome bare = subsim(small);
  REQUIRE_MESSAGE(bare.status == 0, bare.output);
  CHECK(bare.output.find("every statistic") == std::string::npos);
  CHECK(bare.output.find("metrics:") == std::string::npos);
}
