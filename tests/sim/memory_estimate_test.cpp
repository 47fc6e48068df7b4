// A run that would not fit in memory is refused before it starts, with the estimate.
#include "sim/memory_estimate.hpp"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

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
  CHECK(r.errors[0].message.find("fewer customers") != std::string::npos);
  CHECK(r.errors[0].format().rfind("s.yaml:1:1: error: this run needs about", 0) == 0);
}

TEST_CASE("the estimate grows with threads, replications and the trace") {
  LoadResult r = load_scenario_text(std::string(kHead) + "population: {initial: 1000}\n", "s.yaml");
  REQUIRE(r.ok());
  Scenario sc = *r.scenario;
  double base = estimated_run_bytes(sc, {1, false});
  CHECK(estimated_run_bytes(sc, {4, false}) > base);
  CHECK(estimated_run_bytes(sc, {1, true}) > base);
  // A streamed trace costs a fixed budget per thread, not a share of the population.
  LoadResult big = load_scenario_text(std::string(kHead) + "population: {initial: 10000000}\n", "s.yaml");
  LoadResult small = load_scenario_text(std::string(kHead) + "population: {initial: 100000}\n", "s.yaml");
  REQUIRE(big.ok());
  REQUIRE(small.ok());
  const double big_trace = estimated_run_bytes(*big.scenario, {2, true}) -
                           estimated_run_bytes(*big.scenario, {2, false});
  CHECK(big_trace == doctest::Approx(estimated_run_bytes(*small.scenario, {2, true}) -
                                     estimated_run_bytes(*small.scenario, {2, false})));
  CHECK(big_trace < 512.0 * (1 << 20));
  sc.replications = 10;
  CHECK(estimated_run_bytes(sc, {1, false}) > base);
  CHECK_FALSE(check_memory(sc, {1, false}).has_value());
}

TEST_CASE("the per-shard metrics kept until a run ends are counted: 1 M customers × 100 years × 10") {
  LoadResult r = load_scenario_text(std::string("name: t\nstart: 2027-01-01\nhorizon: 100y\n") +
                                        "replications: 10\npopulation: {initial: 1000000}\n",
                                    "big.yaml");
  REQUIRE(r.ok());
  // Measured before this estimate existed: the run was killed after using ~56 GB.
  double bytes = estimated_run_bytes(*r.scenario, {2, false});
  CHECK(bytes > 40.0 * (1 << 30));
  CHECK(bytes < 120.0 * (1 << 30));
  auto refused = check_memory(*r.scenario, {2, false}, MemoryLimit{24.0 * (1 << 30), "the machine has"});
  REQUIRE(refused.has_value());
  CHECK(refused->message.find("this run needs about") != std::string::npos);
  CHECK(refused->message.find("the machine has 24 GiB") != std::string::npos);
  // Replications from the command line count like the scenario's.
  Scenario one = *r.scenario;
  one.replications = 1;
  CHECK(estimated_run_bytes(one, {2, false, 10}) == doctest::Approx(bytes));
  CHECK(estimated_run_bytes(one, {2, false}) < bytes / 5);
}

TEST_CASE("the limit is the least of RAM, the cgroup and ulimit -v, and the message names it") {
  MemoryLimit m = memory_limit();
  double ram = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGE_SIZE);
  CHECK(m.bytes > 0);
  CHECK(m.bytes <= ram);
  LoadResult r = load_scenario_text(std::string(kHead) + "population: {initial: 10000000}\n", "s.yaml");
  REQUIRE(r.ok());
  auto d = check_memory(*r.scenario, {1, true}, MemoryLimit{64.0 * (1 << 20), "ulimit -v allows"});
  REQUIRE(d.has_value());
  CHECK(d->message.find("ulimit -v allows 0.0625 GiB") != std::string::npos);
#ifndef __SANITIZE_ADDRESS__  // AddressSanitizer reserves terabytes of address space up front
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    rlimit as{3ull << 30, 3ull << 30};
    if (::setrlimit(RLIMIT_AS, &as) != 0) ::_exit(2);
    MemoryLimit lim = memory_limit();
    ::_exit(lim.bytes == static_cast<double>(3ull << 30) && lim.what == "ulimit -v allows" ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
#endif
}

TEST_CASE("--replications on the command line is checked like --set replications") {
  std::string base = std::string(SUBSIM_BINARY) + " run " + SUBSIM_SOURCE_DIR +
                     "/scenarios/baseline.yaml --set population.initial=1000000 --set horizon=100y";
  std::string out = "/tmp/subsim-memory-cli-test";
  std::system(("rm -rf " + out).c_str());
  int cli = std::system((base + " --replications 10 --out " + out + " > /dev/null 2>&1").c_str());
  int set = std::system((base + " --set replications=10 --out " + out + " > /dev/null 2>&1").c_str());
  CHECK(WEXITSTATUS(cli) == 2);
  CHECK(WEXITSTATUS(set) == 2);
  CHECK(::access(out.c_str(), F_OK) != 0);  // nothing written
}
