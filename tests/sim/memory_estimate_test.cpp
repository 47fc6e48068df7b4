// A run that would not fit in memory is refused before it starts, with the estimate.
#include "sim/memory_estimate.hpp"

#include <doctest/doctest.h>

using namespace subsim;

namespace {
const char* kHead =
    "name: t\n"
    "start: 2027-01-01\n"
    "end: 2027-12-31\n";
}  // namespace

TEST_CASE("a population too large for this machine's memory is refused with the estimate") {
  std::string yaml = std::string(kHead) + "population: {initial: 900000000}\n";
  // The scenario itself is valid; the traced run of it is not.
  CHECK(load_scenario_text(yaml, "s.yaml").ok());
  LoadResult r = load_text_for_run(yaml, "s.yaml", {}, RunShape{1, true});
  REQUIRE(!r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("GiB of memory") != std::string::npos);
  CHECK(r.errors[0].message.find("--trace") != std::string::npos);
  CHECK(r.errors[0].format().rfind("s.yaml:1:1: error: this run needs about", 0) == 0);
}

TEST_CASE("the estimate grows with threads, replications and the trace") {
  LoadResult r = load_scenario_text(std::string(kHead) + "population: {initial: 1000}\n", "s.yaml");
  REQUIRE(r.ok());
  Scenario sc = *r.scenario;
  double base = estimated_run_bytes(sc, {1, false});
  CHECK(estimated_run_bytes(sc, {4, false}) > base);
  CHECK(estimated_run_bytes(sc, {1, true}) > base);
  sc.replications = 10;
  CHECK(estimated_run_bytes(sc, {1, false}) > base);
  CHECK_FALSE(check_memory(sc, {1, false}).has_value());
}
