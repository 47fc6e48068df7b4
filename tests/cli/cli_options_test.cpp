// The command line's contract: bad option values exit 2 with a message, before any work.
#include <doctest/doctest.h>

#include <cctype>

#include "tests/cli/run_subsim.hpp"
#include "tests/test_files.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using cli_test::Outcome;
using cli_test::subsim;

const std::string kScenario = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/faq.yaml";
const std::string kSweep = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/sweeps/lhs.yaml";
const std::string kOut = "cli_options_test_out";

void refused(const std::string& args, const std::string& text) {
  Outcome o = subsim(args);
  CHECK_MESSAGE(o.status == 2, args << "\n" << o.output);
  CHECK_MESSAGE(o.output.find(text) != std::string::npos, args << "\n" << o.output);
  CHECK_MESSAGE(o.output.find("internal error") == std::string::npos, o.output);
}

}  // namespace

using test_files::slurp;

TEST_CASE("--seed takes 0 … 2^64-1 without a sign, and -1 is refused, not wrapped") {
  refused("run " + kScenario + " --out " + kOut + " --seed -1", "--seed must be a whole number");
  refused("run " + kScenario + " --out " + kOut + " --seed 18446744073709551616",
          "--seed must be a whole number");
  refused("explain " + kScenario + " --account monthly-cancel --seed 12x",
          "--seed must be a whole number");
  refused("compare " + kScenario + " --out " + kOut + " --policy default --policy default --seed +3",
          "--seed must be a whole number");
  Outcome ok = subsim("explain " + kScenario + " --account monthly-cancel --seed 18446744073709551615");
  CHECK_MESSAGE(ok.status == 0, ok.output);
  CHECK(ok.output.find("seed 18446744073709551615") != std::string::npos);
}

TEST_CASE("--threads below 0 and bad --shard are refused by every command alike") {
  refused("run " + kScenario + " --out " + kOut + " --threads -3", "--threads must be 0");
  refused("sweep " + kSweep + " --out " + kOut + " --threads -5", "--threads must be 0");
  refused("sweep " + kSweep + " --out " + kOut + " --shard 1/2junk", "--shard must be I/N");
  refused("sweep " + kSweep + " --out " + kOut + " --shard 2/2", "--shard must be I/N");
  refused("run " + kScenario + " --out " + kOut + " --replications 0", "--replications must be");
}

TEST_CASE("abbreviated long options are not guessed: --replication is an error naming the real one") {
  refused("run " + kScenario + " --out " + kOut + " --replication 3", "unrecognised option '--replication'");
  refused("run " + kScenario + " --out " + kOut + " --rep 3", "unrecognised option");
}

TEST_CASE("subsim --version names the version and the git commit") {
  Outcome o = subsim("--version");
  CHECK(o.status == 0);
  CHECK(o.output.rfind("subsim 0.", 0) == 0);
  CHECK(o.output.find("(commit ") != std::string::npos);
}

TEST_CASE("run writes replications.csv and manifest.json: every replication, every input and output") {
  const std::string out = "cli_provenance_run";
  Outcome o = subsim("run " + kScenario + " --out " + out + " --replications 3 --seed 9 -q");
  REQUIRE_MESSAGE(o.status == 0, o.output);
  std::ifstream in(out + "/replications.csv");
  std::string header, line;
  std::getline(in, header);
  CHECK(header == "variant,replication,metric,value");
  int rows = 0, bookings = 0;
  while (std::getline(in, line)) {
    ++rows;
    if (line.rfind("default,", 0) == 0 && line.find(",bookings,") != std::string::npos) ++bookings;
  }
  CHECK(bookings == 3);
  CHECK(rows % 3 == 0);
  std::ifstream mf(out + "/manifest.json");
  std::stringstream m;
  m << mf.rdbuf();
  const std::string manifest = m.str();
  CHECK(manifest.find("\"kind\": \"run\"") != std::string::npos);
  CHECK(manifest.find("\"seed\": 9") != std::string::npos);
  CHECK(manifest.find("\"replications\": 3") != std::string::npos);
  CHECK(manifest.find("scenarios/faq.yaml\", \"sha256\": \"") != std::string::npos);
  for (const char* f : {"summary.json", "timeseries.csv", "replications.csv", "cohorts.csv"})
    CHECK_MESSAGE(manifest.find(std::string("{\"name\": \"") + f + "\", \"sha256\": \"") !=
                      std::string::npos,
                  f);
  CHECK(manifest.find("\"--replications\", \"3\"") != std::string::npos);
}

TEST_CASE("compare --replications auto: batches until the verdict's interval is narrow enough, "
          "then the same files as that many replications") {
  const std::string sc = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";
  const std::string common = "compare " + sc +
                             " --policy default --policy notice_60 --set population.initial=1000"
                             " --metric recognized_revenue -q";
  Outcome a = subsim(common + " --out cli_auto_a --replications auto --precision 0.15% "
                              "--max-replications 80");
  REQUIRE_MESSAGE(a.status == 0, a.output);
  INFO(a.output);
  const std::string head = "replications auto: two-stage (Stein) on recognized_revenue, ";
  std::size_t at = a.output.find(head);
  REQUIRE(at != std::string::npos);
  int n = std::atoi(a.output.c_str() + at + head.size());
  CHECK(n > 10);  // more than the first stage was needed
  CHECK(n < 80);
  CHECK(a.output.find("(10 in the first stage): each variant's difference to the reference is "
                      "within ±0.150 % of the reference's first-stage mean (±") != std::string::npos);
  CHECK(slurp("cli_auto_a/manifest.json").find("two-stage (Stein)") != std::string::npos);
  Outcome b = subsim(common + " --out cli_auto_b --replications " + std::to_string(n));
  REQUIRE(b.status == 0);
  CHECK(slurp("cli_auto_a/compare.csv") == slurp("cli_auto_b/compare.csv"));
  CHECK(slurp("cli_auto_a/replications.csv") == slurp("cli_auto_b/replications.csv"));
  refused(common + " --out cli_auto_c --replications auto --precision 1% --min-effect 1%",
          "not both");
  // A bare number is in the metric's unit (currency units here), never a share: 0.5 is not 50 %.
  Outcome abs = subsim(common + " --out cli_auto_d --replications auto --precision 10000");
  REQUIRE(abs.status == 0);
  CHECK(abs.output.find("each variant's difference to the reference is within ±10,000 with 95 % "
                        "confidence") != std::string::npos);
  // A cap below what the first stage asks for: said, without the guarantee.
  Outcome capped = subsim(common + " --out cli_auto_e --replications auto --precision 0.01% "
                                   "--max-replications 15");
  REQUIRE(capped.status == 0);
  CHECK(capped.output.find("stopped at the cap of 15 replications, short of what the target "
                           "needs (") != std::string::npos);
  CHECK(capped.output.find("): no guarantee;") != std::string::npos);
  // A cap the first stage already fills: no second stage, and no guarantee claimed.
  Outcome full = subsim(common + " --out cli_auto_f --replications auto --precision 0.01% "
                                 "--max-replications 5");
  REQUIRE(full.status == 0);
  CHECK(full.output.find("stopped at the cap of 5 replications, short of what the target needs (") !=
        std::string::npos);
  CHECK(full.output.find("already puts") == std::string::npos);
  refused(common + " --out cli_auto_c --replications auto --min-effect 0", "--min-effect must be");
  refused("run " + sc + " --out cli_auto_c --replications auto", "--replications must be");
  refused("compare " + sc + " --policy default --policy notice_60 --out cli_auto_c "
          "--replications auto --precision 1%", "needs --metric");
}

TEST_CASE("compare --replications auto selects the best with KN (--min-effect), then the same "
          "files as that many replications") {
  const std::string sc = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";
  const std::string common = "compare " + sc +
                             " --policy default --policy notice_60 --policy grace_30"
                             " --set population.initial=1000 --metric recognized_revenue -q";
  Outcome a = subsim(common + " --out cli_kn_a --replications auto --min-effect 0.05%");
  REQUIRE_MESSAGE(a.status == 0, a.output);
  INFO(a.output);
  // notice_60 renews the late-notice terms: more revenue than grace_30, which beats default.
  CHECK(a.output.rfind("notice_60 is best on recognized_revenue (max): selected by KN (δ = 0.05 % "
                       "of default's first-stage mean", 0) == 0);
  CHECK(a.output.find("against the runner-up grace_30 +") != std::string::npos);
  const std::size_t at = a.output.find("replications auto: KN");
  REQUIRE(at != std::string::npos);
  const int n = std::atoi(a.output.c_str() + a.output.find(", ", at) + 2);
  CHECK(n > 10);  // a close race (δ = 0.05 %): more than the first stage
  // The manifest says the number was chosen from the data, and how.
  CHECK(slurp("cli_kn_a/manifest.json").find("replications auto: KN") != std::string::npos);
  // The same files as a comparison of that many replications.
  Outcome b = subsim(common + " --out cli_kn_b --replications " + std::to_string(n));
  REQUIRE(b.status == 0);
  CHECK(slurp("cli_kn_a/compare.csv") == slurp("cli_kn_b/compare.csv"));
  // A cap below KN's need: still undecided, said so.
  Outcome c = subsim(common + " --out cli_kn_c --replications auto --min-effect 0.05% "
                              "--max-replications 12");
  REQUIRE(c.status == 0);
  CHECK(c.output.find("cannot be told apart yet on recognized_revenue") != std::string::npos);
  CHECK(c.output.find("stopped at the cap (--max-replications 12)") != std::string::npos);
}

TEST_CASE("compare --variant and --set-variant; run and explain --variant") {
  const std::string sc = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";
  Outcome c = subsim("compare " + sc + " --variant default --variant notice_60 "
                     "--set-variant cheap:catalog.annual_discount=0.2 --set population.initial=300 "
                     "--replications 2 --out cli_variants -q");
  REQUIRE_MESSAGE(c.status == 0, c.output);
  CHECK(c.output.find("3 variants") != std::string::npos);
  std::ifstream in("cli_variants/compare.csv");
  std::stringstream csv;
  csv << in.rdbuf();
  CHECK(csv.str().find("\nbookings,cheap,") != std::string::npos);
  refused("compare " + sc + " --variant default --set-variant cheap --out cli_variants_x",
          "--set-variant must be NAME:KEY=VALUE");
  refused("run " + sc + " --variant notice_60 --policy notice_0 --out cli_variants_y",
          "give --variant or --policy, not both");
  refused("run " + sc + " --variant notice_6 --out cli_variants_y", "no variant 'notice_6' in variants: or policies:");
  Outcome e = subsim("explain " + std::string(SUBSIM_SOURCE_DIR) +
                     "/scenarios/faq.yaml --account monthly-cancel --variant default");
  CHECK(e.status == 0);
}

// Issue 31: money in a verdict takes one format — whole currency units when the reference's level
// reaches 10,000 (the line, the table's columns, the MCB block), never cents beside whole units.
TEST_CASE("compare: money in the verdict in one format, whole units for large levels") {
  const std::string sc = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";
  Outcome o = subsim("compare " + sc + " --policy default --policy notice_60 --policy grace_30 "
                     "--set population.initial=1000 --replications 5 --metric mrr_end -q "
                     "--out cli_money");
  REQUIRE_MESSAGE(o.status == 0, o.output);
  INFO(o.output);
  // Every amount of the verdict's line and table: no ".dd" after a digit (percentages aside).
  const std::string text = o.output.substr(0, o.output.find("every metric:"));
  std::size_t cents = 0;
  for (std::size_t at = text.find('.'); at != std::string::npos; at = text.find('.', at + 1)) {
    const std::size_t end = text.find_first_not_of("0123456789", at + 1);
    const std::string after = text.substr(end, 2);
    const bool percent = after == " %";
    const bool p_value = at >= 1 && text[at - 1] == '0' && at >= 2 && text[at - 2] == ' ';
    if (at > 0 && std::isdigit(static_cast<unsigned char>(text[at - 1])) && end - at == 3 &&
        !percent && !p_value)
      ++cents;
  }
  CHECK(cents == 0);
  CHECK(o.output.find("mrr_end") != std::string::npos);
}
