// `subsim run --trace…` on the command line (issue 17): a trace larger than the memory the run
// may use is streamed to disk, every event a row; zstd files that `fit` and pandas read as they
// are; filters; mistakes refused before anything is written.
#include <doctest/doctest.h>

#include "tests/test_files.hpp"

#include "tests/cli/run_subsim.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "model/event.hpp"

namespace {

using cli_test::Outcome;
namespace fs = std::filesystem;

using test_files::slurp;

std::uint64_t lines_of(const std::string& f) {
  std::ifstream in(f, std::ios::binary);
  std::uint64_t n = 0;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    for (std::streamsize i = 0; i < in.gcount(); ++i) n += buf[i] == '\n';
  }
  return n;
}

std::uint64_t events_fired(const std::string& output) {
  auto at = output.find("events fired: ");
  REQUIRE(at != std::string::npos);
  std::string digits;  // "1,234,567 (…": thousands grouped
  for (std::size_t i = at + 14; i < output.size() && output[i] != ' '; ++i)
    if (output[i] != ',') digits += output[i];
  return std::stoull(digits);
}

using cli_test::run_shell;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

const std::string kBenchmark = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/benchmark.yaml";

}  // namespace

TEST_CASE("a trace larger than the memory the run may use is streamed: every event is a row") {
  fs::remove_all("cli_trace_big");
  // 200,000 customers for 5 years fire ~7 M events: held in memory with their formatted rows
  // (as subsim did before) they would take 7 M × sizeof(Event) + the file's 0.5 GB, far more
  // than the 512 MiB the run may map here.
  const long limit_kib = 512 * 1024;
  // ASan maps terabytes of shadow address space, so an address-space limit cannot apply to a
  // sanitizer build: there the same run goes without the limit on a tenth of the population.
  const std::string customers = kAddressSanitizer ? "20000" : "200000";
  const std::string prefix =
      kAddressSanitizer ? "" : "ulimit -v " + std::to_string(limit_kib) + " && exec ";
  Outcome o = run_shell(prefix + SUBSIM_BINARY + " run " + kBenchmark + " --set population.initial=" +
                 customers + " --threads 2 --trace --out cli_trace_big --quiet");
  REQUIRE_MESSAGE(o.status == 0, o.output);
  const std::uint64_t fired = events_fired(o.output);
  CHECK(lines_of("cli_trace_big/events.csv") == fired + 1);  // and the header
  if (!kAddressSanitizer)
    CHECK(fired * sizeof(subsim::Event) + fs::file_size("cli_trace_big/events.csv") >
          1.5 * limit_kib * 1024.0);
  CHECK(slurp("cli_trace_big/manifest.json").find("\"events.csv\"") != std::string::npos);
  fs::remove_all("cli_trace_big");
}

TEST_CASE("--trace-compress zstd: events.csv.zst and subscriptions.csv.zst, the same text, read by fit and by pandas") {
  fs::remove_all("cli_trace_zst");
  const std::string base = std::string("run ") + SUBSIM_SOURCE_DIR +
                           "/scenarios/baseline.yaml --replications 1 "
                           "--set population.initial=1500 --quiet --out cli_trace_zst/";
  Outcome plain = cli_test::subsim(base + "plain --trace");
  REQUIRE_MESSAGE(plain.status == 0, plain.output);
  Outcome packed = cli_test::subsim(base + "packed --trace-compress zstd --threads 1");
  REQUIRE_MESSAGE(packed.status == 0, packed.output);
  CHECK(!fs::exists("cli_trace_zst/packed/events.csv"));
  REQUIRE(fs::exists("cli_trace_zst/packed/events.csv.zst"));
  CHECK(fs::file_size("cli_trace_zst/packed/events.csv.zst") * 5 <
        fs::file_size("cli_trace_zst/plain/events.csv"));
  // The zstd CLI (Debian's zstd) gives back the very bytes of the uncompressed run.
  Outcome unz = run_shell("zstd -dc cli_trace_zst/packed/events.csv.zst > cli_trace_zst/events.csv && "
                   "zstd -dc cli_trace_zst/packed/subscriptions.csv.zst > cli_trace_zst/subscriptions.csv");
  REQUIRE_MESSAGE(unz.status == 0, unz.output);
  CHECK(slurp("cli_trace_zst/events.csv") == slurp("cli_trace_zst/plain/events.csv"));
  CHECK(slurp("cli_trace_zst/subscriptions.csv") == slurp("cli_trace_zst/plain/subscriptions.csv"));
  // fit reads the compressed export as it is, with the same estimates.
  Outcome fa = cli_test::subsim("fit cli_trace_zst/plain/subscriptions.csv --as-of 2030-01-01 --out cli_trace_zst/fa");
  Outcome fb = cli_test::subsim("fit cli_trace_zst/packed/subscriptions.csv.zst --as-of 2030-01-01 --out cli_trace_zst/fb");
  REQUIRE_MESSAGE(fa.status == 0, fa.output);
  REQUIRE_MESSAGE(fb.status == 0, fb.output);
  CHECK(slurp("cli_trace_zst/fa/fit.json").size() > 100);
  auto estimates = [](std::string json) {  // fit.json without the input's name
    auto at = json.find("\"file\":");
    REQUIRE(at != std::string::npos);
    return json.erase(at, json.find('\n', at) - at);
  };
  CHECK(estimates(slurp("cli_trace_zst/fa/fit.json")) == estimates(slurp("cli_trace_zst/fb/fit.json")));
  // pandas (Debian's python3-pandas with python3-zstandard) reads it without options.
  Outcome py = run_shell("/usr/bin/python3 -c \"import pandas as pd; "
                  "print(len(pd.read_csv('cli_trace_zst/packed/events.csv.zst')), "
                  "list(pd.read_csv('cli_trace_zst/packed/subscriptions.csv.zst').columns))\"");
  REQUIRE_MESSAGE(py.status == 0, py.output);
  CHECK(py.output.find(std::to_string(events_fired(packed.output)) + " ['account', 'subscription',") == 0);
  fs::remove_all("cli_trace_zst");
}

TEST_CASE("trace filters on the command line, and their mistakes refused with exit 2 and nothing written") {
  fs::remove_all("cli_trace_filter");
  const std::string run = std::string("run ") + SUBSIM_SOURCE_DIR +
                          "/scenarios/baseline.yaml --replications 1 "
                          "--set population.initial=1500 --quiet --out cli_trace_filter/";
  std::ofstream("cli_trace_filter_ids.txt") << "# accounts to follow\nc3\nc40, c41\n";
  Outcome ok = cli_test::subsim(run + "ok --trace-accounts @cli_trace_filter_ids.txt --trace-events renewal,expiry "
                      "--trace-from 2027-03-01 --trace-to 2027-12-31");
  REQUIRE_MESSAGE(ok.status == 0, ok.output);
  std::istringstream rows(slurp("cli_trace_filter/ok/events.csv"));
  std::string line;
  std::getline(rows, line);
  int n = 0;
  while (std::getline(rows, line)) {
    ++n;
    CHECK((line.find(",c3,") != std::string::npos || line.find(",c40,") != std::string::npos ||
           line.find(",c41,") != std::string::npos));
    CHECK((line.find(",renewal,") != std::string::npos || line.find(",expiry,") != std::string::npos));
    CHECK(line.substr(2, 10) >= "2027-03-01");
    CHECK(line.substr(2, 10) <= "2027-12-31");
  }
  CHECK(n > 3);
  for (const char* bad : {"--trace-events renewals", "--trace-accounts nobody", "--trace-sample 2",
                          "--trace-from 2027-02-30", "--trace-compress gzip"}) {
    Outcome o = cli_test::subsim(run + "bad " + bad);
    CHECK_MESSAGE(o.status == 2, bad, o.output);
    CHECK(o.output.find("error") != std::string::npos);
    CHECK_FALSE(fs::exists("cli_trace_filter/bad"));
  }
  fs::remove_all("cli_trace_filter");
  fs::remove("cli_trace_filter_ids.txt");
}
