// `subsim run --segments`: timeseries_by_segment.csv, read by pandas as it is, its edition
// segments adding up to timeseries.csv's MRR; without the option the file is not written.
#include <doctest/doctest.h>

#include "tests/cli/run_subsim.hpp"

#include <filesystem>
#include <string>

namespace {
namespace fs = std::filesystem;
using cli_test::Outcome;
}  // namespace

TEST_CASE("run --segments writes timeseries_by_segment.csv, whose editions add up to timeseries.csv") {
  fs::remove_all("cli_segments");
  const std::string run = std::string("run ") + SUBSIM_SOURCE_DIR +
                          "/scenarios/baseline.yaml --replications 2 "
                          "--set population.initial=1200 --set horizon=2y --quiet --out cli_segments/";
  Outcome with = cli_test::subsim(run + "with --segments");
  REQUIRE_MESSAGE(with.status == 0, with.output);
  Outcome without = cli_test::subsim(run + "without");
  REQUIRE_MESSAGE(without.status == 0, without.output);
  CHECK(!fs::exists("cli_segments/without/timeseries_by_segment.csv"));
  REQUIRE(fs::exists("cli_segments/with/timeseries_by_segment.csv"));
  // The rest of the outputs do not change with the option.
  CHECK(cli_test::run_shell("cmp cli_segments/with/timeseries.csv cli_segments/without/timeseries.csv")
            .status == 0);
  // pandas: the columns, the three dimensions, and per month the edition segments' MRR (means
  // of exact per-replication sums, each rounded to the cent) add up to the run's.
  Outcome py = cli_test::run_shell(
      "/usr/bin/python3 -c \"import pandas as pd; "
      "s = pd.read_csv('cli_segments/with/timeseries_by_segment.csv'); "
      "t = pd.read_csv('cli_segments/with/timeseries.csv'); "
      "e = s[(s.segment == 'edition') & (s.metric == 'mrr')].groupby('month')['mean'].sum(); "
      "r = t[t.metric == 'mrr'].set_index('month')['mean']; "
      "print(list(s.columns), sorted(s.segment.unique()), len(e), "
      "int(((e - r).abs() < 0.03).all()), int((r > 0).all()))\"");
  REQUIRE_MESSAGE(py.status == 0, py.output);
  CHECK(py.output ==
        "['month', 'metric', 'segment', 'value', 'mean', 'ci_low', 'ci_high', 'n'] "
        "['edition', 'reseller', 'term'] 24 1 1\n");
  fs::remove_all("cli_segments");
}
