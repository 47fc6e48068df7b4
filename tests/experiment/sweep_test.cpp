// Sweeps: designs, Sobol indices on a known function, and the files of the sweep command —
// resumable after kill -9, the same for any thread count, and merge(shards) = one run.
#include <doctest/doctest.h>

#include "tests/test_files.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <sys/wait.h>

#include "stats/sobol_indices.hpp"
#include "experiment/sweep_design.hpp"
#include "experiment/sweep_journal.hpp"
#include "io/csv.hpp"
#include "scenario/sweep_spec.hpp"

using namespace subsim;
namespace fs = std::filesystem;

namespace {
SweepSpec spec_with(SweepDesign d, int samples) {
  SweepSpec s;
  s.design = d;
  s.samples = samples;
  SweepParameter a{"a", {"1", "2", "3"}, false, 0, 0, false};
  SweepParameter b{"b", {}, true, 0.0, 1.0, false};
  if (d == SweepDesign::grid) b = SweepParameter{"b", {"x", "y"}, false, 0, 0, false};
  s.parameters = {a, b};
  return s;
}

using test_files::slurp;

int sh(const std::string& cmd) {
  return std::system(cmd.c_str());
}

// A small sweep on the baseline book.
fs::path write_sweep(const fs::path& dir, int points_per_param, int replications = 3) {
  fs::create_directories(dir);
  std::string values;
  for (int i = 0; i < points_per_param; ++i) {
    if (i) values += ", ";
    values += std::to_string(5 * i);
  }
  std::ofstream(dir / "sweep.yaml")
      << "scenario: " << SUBSIM_SOURCE_DIR << "/scenarios/baseline.yaml\n"
      << "set: [population.initial=600, population.monthly_arrivals.poisson.mean=8, horizon=1y]\n"
      << "design: grid\nreplications: " << replications << "\n"
      << "parameters:\n  policy.notice_days: [" << values << "]\n"
      << "  behaviour.cancel.monthly: [0.01, 0.03]\n";
  return dir / "sweep.yaml";
}

const std::vector<std::string> kFinal = {"points.csv", "results.csv", "summary.csv"};
}  // namespace

TEST_CASE("grid: every combination, the last parameter varying fastest") {
  SweepPoints p = make_design(spec_with(SweepDesign::grid, 0));
  REQUIRE(p.values.size() == 6);
  CHECK(p.values[0] == std::vector<std::string>{"1", "x"});
  CHECK(p.values[1] == std::vector<std::string>{"1", "y"});
  CHECK(p.values[5] == std::vector<std::string>{"3", "y"});
  CHECK(points_csv(p).rfind("point,a,b\n0,1,x\n", 0) == 0);
}

TEST_CASE("lhs: each parameter's range is split into n strata, each used once") {
  SweepSpec s = spec_with(SweepDesign::lhs, 10);
  SweepPoints p = make_design(s);
  REQUIRE(p.values.size() == 10);
  std::set<int> strata;
  for (const auto& row : p.values) strata.insert(static_cast<int>(std::stod(row[1]) * 10));
  CHECK(strata.size() == 10);
}

TEST_CASE("sobol: Saltelli order A, AB_1 … AB_k, B — AB_i is A with column i from B") {
  SweepSpec s = spec_with(SweepDesign::sobol, 8);
  SweepPoints p = make_design(s);
  const std::size_t k = 2;
  REQUIRE(p.values.size() == 8 * (k + 2));
  for (std::size_t j = 0; j < 8; ++j) {
    const auto& A = p.values[j * (k + 2)];
    const auto& B = p.values[j * (k + 2) + k + 1];
    for (std::size_t i = 0; i < k; ++i) {
      const auto& AB = p.values[j * (k + 2) + 1 + i];
      for (std::size_t c = 0; c < k; ++c) CHECK(AB[c] == (c == i ? B[c] : A[c]));
    }
    CHECK(A != B);
  }
}

TEST_CASE("Sobol indices of y = x1 + 2 x2 (uniform inputs): 1/5 and 4/5, first order = total") {
  SweepSpec s;
  s.design = SweepDesign::sobol;
  s.samples = 1024;
  s.parameters = {{"x1", {}, true, 0, 1, false}, {"x2", {}, true, 0, 1, false}};
  SweepPoints p = make_design(s);
  std::vector<double> y(p.values.size());
  for (std::size_t i = 0; i < p.values.size(); ++i)
    y[i] = std::stod(p.values[i][0]) + 2 * std::stod(p.values[i][1]);
  auto idx = sobol_indices(y, 2, 200, 3);
  CHECK(idx[0].first.value == doctest::Approx(0.2).epsilon(0.1));
  CHECK(idx[1].first.value == doctest::Approx(0.8).epsilon(0.05));
  CHECK(idx[0].total.value == doctest::Approx(0.2).epsilon(0.1));
  CHECK(idx[1].total.value == doctest::Approx(0.8).epsilon(0.05));
  CHECK(idx[1].first.low <= 0.8);
  CHECK(idx[1].first.high >= 0.8);
}

TEST_CASE("sobol with second_order: A, AB_1 … AB_k, BA_1 … BA_k, B — BA_i is B with column i from A") {
  SweepSpec s = spec_with(SweepDesign::sobol, 8);
  s.second_order = true;
  CHECK(design_points(s) == 8 * (2 * 2 + 2));
  SweepPoints p = make_design(s);
  const std::size_t k = 2, stride = 2 * k + 2;
  REQUIRE(p.values.size() == 8 * stride);
  for (std::size_t j = 0; j < 8; ++j) {
    const auto& A = p.values[j * stride];
    const auto& B = p.values[j * stride + stride - 1];
    for (std::size_t i = 0; i < k; ++i) {
      const auto& AB = p.values[j * stride + 1 + i];
      const auto& BA = p.values[j * stride + 1 + k + i];
      for (std::size_t c = 0; c < k; ++c) {
        CHECK(AB[c] == (c == i ? B[c] : A[c]));
        CHECK(BA[c] == (c == i ? A[c] : B[c]));
      }
    }
  }
  // The same A, AB and B rows as without second order: first-order sweeps stay comparable.
  SweepSpec plain = spec_with(SweepDesign::sobol, 8);
  SweepPoints q = make_design(plain);
  CHECK(q.values[0] == p.values[0]);
  CHECK(q.values[k + 1] == p.values[stride - 1]);
}

// The Ishigami function (a = 7, b = 0.1; inputs uniform on [−π, π]), whose indices are known in
// closed form (Ishigami & Homma 1990; Saltelli et al. 2008): V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2,
// V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V13 = b²π⁸(1/18 − 1/50); every other term 0.
TEST_CASE("Sobol indices of the Ishigami function: first, total and second order against the closed form") {
  const double pi = 3.14159265358979323846, a = 7, b = 0.1;
  const double V = a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5;
  const double V1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), V2 = a * a / 8;
  const double V13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  SweepSpec s;
  s.design = SweepDesign::sobol;
  s.samples = 8192;
  s.second_order = true;
  for (const char* n : {"x1", "x2", "x3"}) s.parameters.push_back({n, {}, true, -pi, pi, false});
  SweepPoints p = make_design(s);
  std::vector<double> y(p.values.size());
  for (std::size_t i = 0; i < p.values.size(); ++i) {
    const double x1 = std::stod(p.values[i][0]), x2 = std::stod(p.values[i][1]),
                 x3 = std::stod(p.values[i][2]);
    y[i] = std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
  }
  const auto idx = sobol_indices(y, 3, 200, 5, true);
  const double first[] = {V1 / V, V2 / V, 0}, total[] = {(V1 + V13) / V, V2 / V, V13 / V};
  for (int i = 0; i < 3; ++i) {
    INFO("x" << i + 1);
    CHECK(std::fabs(idx[i].first.value - first[i]) <= 0.03);
    CHECK(std::fabs(idx[i].total.value - total[i]) <= 0.03);
  }
  const auto pairs = sobol_second_order(y, 3, 200, 5);
  REQUIRE(pairs.size() == 3);
  const double second[] = {0, V13 / V, 0};  // (1,2), (1,3), (2,3)
  for (std::size_t q = 0; q < 3; ++q) {
    INFO("pair " << pairs[q].i << "," << pairs[q].j << ": " << pairs[q].index.value << " ["
                 << pairs[q].index.low << ", " << pairs[q].index.high << "], truth " << second[q]);
    CHECK(std::fabs(pairs[q].index.value - second[q]) <= 0.05);
    CHECK(pairs[q].index.low <= second[q] + 0.01);
    CHECK(pairs[q].index.high >= second[q] - 0.01);
  }
  MESSAGE("Ishigami, 8,192 base samples: S1 " << idx[0].first.value << ", S2 " << idx[1].first.value
          << ", S3 " << idx[2].first.value << ", ST3 " << idx[2].total.value << ", S13 "
          << pairs[1].index.value << " [" << pairs[1].index.low << ", " << pairs[1].index.high
          << "], S12 " << pairs[0].index.value << ", S23 " << pairs[2].index.value);
  CHECK(pairs[1].i == 0);
  CHECK(pairs[1].j == 2);
  CHECK(V13 / V == doctest::Approx(0.2437).epsilon(0.001));  // the published value
}

namespace {
SweepMeta journal_meta(const std::string& fingerprint = "abc") {
  SweepMeta m;
  m.fingerprint = fingerprint;
  m.metrics = {"m1", "m2"};
  m.points = 4;
  m.replications = 2;
  return m;
}

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}
}  // namespace

TEST_CASE("the journal keeps complete lines and redoes a torn one") {
  fs::path dir = fresh_dir("subsim-journal-test");
  {
    SweepJournal j(dir / "j", journal_meta(), false);
    j.append({0, 0, {1.5, 2}});
    j.append({0, 1, {0.1, 1e300}});
  }
  std::ofstream(dir / "j", std::ios::app) << "1 0 3.2";  // killed mid-line
  {
    SweepJournal again(dir / "j", journal_meta(), true);
    REQUIRE(again.records().size() == 2);
    CHECK(again.records()[1].values[0] == 0.1);  // exact round trip
    CHECK(again.records()[1].values[1] == 1e300);
    CHECK(again.done(0, 1));
    CHECK_FALSE(again.done(1, 0));
    REQUIRE(again.problems().size() == 1);
    CHECK(again.problems()[0].line == 5);
    again.append({1, 0, {3.25, 4}});
  }
  auto read = SweepJournal::read(dir / "j", journal_meta());
  CHECK(read.records.size() == 3);
  CHECK(read.problems.empty());  // the torn line was cut when the journal was reopened
  CHECK_THROWS_WITH(SweepJournal(dir / "j", journal_meta("other"), true),
                    doctest::Contains("written by a different sweep"));
  CHECK_THROWS_WITH(SweepJournal(dir / "j", journal_meta(), false),
                    doctest::Contains("add --resume"));
}

TEST_CASE("edited, moved, repeated and out-of-range journal lines are reported and redone") {
  fs::path dir = fresh_dir("subsim-journal-integrity");
  {
    SweepJournal j(dir / "j", journal_meta(), false);
    j.append({0, 0, {1, 2}});
    j.append({1, 0, {3, 4}});
    j.append({2, 1, {5, 6}});
  }
  std::string text = slurp(dir / "j");
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("\n1 0 3 4 ", "\n1 0 3 5 ");  // an edited value
  replace("\n2 1 5 6 ", "\n3 1 5 6 ");  // a line moved to another point
  const std::string first = text.substr(text.find("\n0 0 ") + 1, text.find('\n', text.find("\n0 0 ") + 1) - text.find("\n0 0 "));
  text += first;                                                  // a repeated line
  text += journal_line({9, 0, {1, 1}}, "abc");                    // point 9 of 4
  text += journal_line({0, 1, {1, 1}}, "another sweep");          // another sweep's line
  text += "0 1 7 8\n";                                            // no checksum
  std::ofstream(dir / "j", std::ios::trunc) << text;
  SweepJournal j(dir / "j", journal_meta(), true);
  REQUIRE(j.records().size() == 1);
  CHECK(j.records()[0].point == 0);
  CHECK_FALSE(j.done(1, 0));
  CHECK_FALSE(j.done(3, 1));
  CHECK_FALSE(j.done(2, 1));
  CHECK_FALSE(j.done(0, 1));
  std::vector<std::string> reasons;
  for (const auto& p : j.problems()) reasons.push_back(std::to_string(p.line) + " " + p.reason);
  REQUIRE(reasons.size() == 6);
  CHECK(reasons[0].find("4 a line whose checksum does not match") == 0);
  CHECK(reasons[1].find("5 a line whose checksum does not match") == 0);
  CHECK(reasons[2].find("6 point 0, replication 0 a second time") == 0);
  CHECK(reasons[3].find("7 point 9, replication 0 is outside the sweep") == 0);
  CHECK(reasons[4].find("8 a line whose checksum") == 0);
  CHECK(reasons[5].find("9 a line without its checksum") == 0);
}

TEST_CASE("two writers of one sweep folder: the second is refused") {
  fs::path dir = fresh_dir("subsim-journal-lock");
  SweepJournal first(dir / "j", journal_meta(), false);
  CHECK_THROWS_WITH(SweepJournal(dir / "j", journal_meta(), true),
                    doctest::Contains("another subsim is writing this sweep folder"));
}

TEST_CASE(
    "sweep: identical files for 1 and 2 threads, after kill -9 and --resume, and for "
    "merge of shards") {
  fs::path root = fs::temp_directory_path() / "subsim-sweep-test";
  fs::remove_all(root);
  fs::path sweep = write_sweep(root, 12, 5);  // 120 runs: long enough to be killed mid-way
  std::string bin = SUBSIM_BINARY;
  REQUIRE(sh(bin + " sweep " + sweep.string() + " --out " + (root / "one").string() +
             " --threads 1 -q > /dev/null") == 0);
  REQUIRE(sh(bin + " sweep " + sweep.string() + " --out " + (root / "two").string() +
             " --threads 2 -q > /dev/null") == 0);
  for (const auto& f : kFinal) CHECK_MESSAGE(slurp(root / "one" / f) == slurp(root / "two" / f), f);
  CHECK(slurp(root / "one" / "results.csv").size() > 1000);

  // Kill the sweep mid-way, at whatever moment it has reached, then resume.
  fs::path killed = root / "killed";
  sh(bin + " sweep " + sweep.string() + " --out " + killed.string() +
     " --threads 2 -q > /dev/null 2>&1 & echo $! > " + (root / "pid").string());
  for (int i = 0; i < 400; ++i) {
    std::string j = slurp(killed / "journal.txt");
    if (std::count(j.begin(), j.end(), '\n') >= 8) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sh("kill -9 $(cat " + (root / "pid").string() + ") 2>/dev/null; sleep 0.2");
  std::string partial = slurp(killed / "journal.txt");
  MESSAGE("journal lines at the kill: " << std::count(partial.begin(), partial.end(), '\n'));
  CHECK_FALSE(fs::exists(killed / "results.csv"));  // nothing final from an unfinished sweep
  // Without --resume the directory is refused rather than overwritten.
  CHECK(sh(bin + " sweep " + sweep.string() + " --out " + killed.string() +
           " -q > /dev/null 2>&1") != 0);
  REQUIRE(sh(bin + " sweep " + sweep.string() + " --out " + killed.string() +
             " --resume -q > /dev/null") == 0);
  for (const auto& f : kFinal) CHECK_MESSAGE(slurp(root / "one" / f) == slurp(killed / f), f);

  // Job arrays: three shards, then merge.
  for (int i = 0; i < 3; ++i) {
    std::string shard = std::to_string(i);
    fs::path dir = root / ("s" + shard);
    REQUIRE(sh(bin + " sweep " + sweep.string() + " --out " + dir.string() + " --shard " + shard +
               "/3 -q > /dev/null") == 0);
  }
  CHECK_FALSE(fs::exists(root / "s0" / "results.csv"));
  REQUIRE(sh(bin + " merge " + (root / "s0").string() + " " + (root / "s1").string() + " " +
             (root / "s2").string() + " --out " + (root / "merged").string() + " > /dev/null") ==
          0);
  for (const auto& f : kFinal)
    CHECK_MESSAGE(slurp(root / "one" / f) == slurp(root / "merged" / f), f);
  // An incomplete merge is refused, naming the missing shard.
  auto merge_error = [&](const std::string& dirs) {
    int st = sh(bin + " merge " + dirs + " --out " + (root / "bad").string() + " > " +
                (root / "log").string() + " 2>&1");
    CHECK(WEXITSTATUS(st) == 2);
    CHECK_FALSE(fs::exists(root / "bad" / "results.csv"));
    return slurp(root / "log");
  };
  const std::string s0 = (root / "s0").string(), s1 = (root / "s1").string(),
                    s2 = (root / "s2").string();
  CHECK(merge_error(s0 + " " + s2).find("shard 1 of 3 is missing") != std::string::npos);
  CHECK(merge_error(s0 + " " + s1 + " " + s1).find("shard 1 given twice") != std::string::npos);
  // A value edited in a shard's journal: refused with its file and line, never merged.
  std::string journal = slurp(root / "s1" / "journal.txt");
  std::size_t third = journal.find('\n', journal.find('\n', journal.find('\n') + 1) + 1) + 1;
  std::size_t space = journal.find(' ', journal.find(' ', third) + 1) + 1;
  journal[space] = journal[space] == '9' ? '8' : '9';
  std::ofstream(root / "s1" / "journal.txt", std::ios::trunc) << journal;
  std::string log = merge_error(s0 + " " + s1 + " " + s2);
  CHECK_MESSAGE(log.find((root / "s1" / "journal.txt").string() + ":4: error: a line whose checksum") !=
                    std::string::npos,
                log);
  CHECK(log.find("--shard 1/3 --resume") != std::string::npos);
  // sweep.meta is checked too: 'replications abc' is an error, not zeros.
  std::string meta = slurp(root / "s2" / "sweep.meta");
  meta.replace(meta.find("replications 5"), 14, "replications abc");
  std::ofstream(root / "s2" / "sweep.meta", std::ios::trunc) << meta;
  CHECK(merge_error(s0 + " " + s2).find("sweep.meta:") != std::string::npos);
}

#ifdef SUBSIM_MPI
TEST_CASE("MPI: mpirun -np 2 subsim sweep writes the same files as one process, byte for byte") {
  fs::path root = fs::temp_directory_path() / "subsim-mpi-test";
  fs::remove_all(root);
  fs::path sweep = write_sweep(root, 6);
  std::string bin = SUBSIM_BINARY;
  REQUIRE(sh(bin + " sweep " + sweep.string() + " --out " + (root / "single").string() +
             " -q > /dev/null") == 0);
  REQUIRE(sh("mpirun --allow-run-as-root --oversubscribe -np 2 " + bin + " sweep " +
             sweep.string() + " --out " + (root / "mpi").string() + " -q > /dev/null") == 0);
  for (const auto& f : kFinal)
    CHECK_MESSAGE(slurp(root / "single" / f) == slurp(root / "mpi" / f), f);
}
#endif

TEST_CASE("huge designs are refused up front with their size and the limit, not by bad_alloc") {
  auto errors_of = [](const std::string& text) {
    SweepLoad l = load_sweep_text(text, "s.yaml");
    std::string all;
    for (const Diagnostic& d : l.errors) all += d.format() + "\n";
    return all;
  };
  std::string vals;
  for (int i = 0; i < 100; ++i) {
    if (i) vals += ", ";
    vals += std::to_string(i);  // (not `(i ? ", " : "") + …`: GCC 12 warns falsely on it)
  }
  std::string grid = "scenario: b.yaml\ndesign: grid\nparameters:\n";
  for (const char* p : {"a", "b", "c", "d"}) grid += std::string("  ") + p + ": [" + vals + "]\n";
  CHECK(errors_of(grid).find("s.yaml:2:9: error: the grid design has 100000000 points; at most "
                             "1000000 are run") == 0);
  // 100^10 overflows 64 bits.
  for (const char* p : {"e", "f", "g", "h", "i", "j"}) grid += std::string("  ") + p + ": [" + vals + "]\n";
  CHECK(errors_of(grid).find("more than 2^64 points") != std::string::npos);
  CHECK(errors_of("scenario: b.yaml\ndesign: sobol\nsamples: 1000000\nparameters:\n"
                  "  a: {range: [0, 1]}\n  b: {range: [0, 1]}\n")
            .find("the sobol design has 4000000 points") != std::string::npos);
  CHECK(errors_of("scenario: b.yaml\ndesign: lhs\nsamples: 1000\nparameters:\n  a: [1]\n").empty());
  // second_order is Saltelli's: only under sobol, and it counts in the size (2k + 2 a sample).
  CHECK(errors_of("scenario: b.yaml\ndesign: lhs\nsamples: 10\nsecond_order: true\nparameters:\n"
                  "  a: {range: [0, 1]}\n")
            .find("s.yaml:4:15: error: second_order needs design: sobol") == 0);
  CHECK(errors_of("scenario: b.yaml\ndesign: sobol\nsamples: 200000\nsecond_order: true\n"
                  "parameters:\n  a: {range: [0, 1]}\n  b: {range: [0, 1]}\n")
            .find("the sobol design has 1200000 points") != std::string::npos);
  SweepSpec ok = *load_sweep_text("scenario: b.yaml\ndesign: sobol\nsamples: 7\nparameters:\n"
                                  "  a: {range: [0, 1]}\n  b: {range: [0, 1]}\n  c: [1, 2]\n",
                                  "s.yaml")
                      .spec;
  CHECK(design_points(ok) == make_design(ok).values.size());
}

TEST_CASE("a sweep whose records would not fit in memory is refused with the estimate") {
  fs::path dir = "sweep_memory_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "sweep.yaml")
      << "scenario: " << SUBSIM_SOURCE_DIR << "/scenarios/baseline.yaml\n"
      << "design: lhs\nsamples: 1000000\nreplications: 100000\n"
      << "parameters:\n  behaviour.cancel.monthly: {range: [0.005, 0.06]}\n";
  std::string cmd = std::string(SUBSIM_BINARY) + " sweep " + (dir / "sweep.yaml").string() +
                    " --out " + (dir / "out").string() + " > " + (dir / "log").string() + " 2>&1";
  int st = sh(cmd);
  CHECK(WEXITSTATUS(st) == 2);
  std::string log = slurp(dir / "log");
  CHECK_MESSAGE(log.find("needs about") != std::string::npos, log);
  CHECK_MESSAGE(log.find("GiB (at most 80 % of it is used)") != std::string::npos, log);
  CHECK(!fs::exists(dir / "out" / "results.csv"));
}

TEST_CASE("sweep files the fuzzer found: empty, repeated or non-scalar parameter names and values") {
  auto first_error = [](const std::string& text) {
    SweepLoad l = load_sweep_text(text, "s.yaml");
    return l.errors.empty() ? std::string() : l.errors[0].format();
  };
  // A grid whose range parameter is given twice used to end in yaml-cpp's InvalidNode.
  CHECK(first_error("scenario: b.yaml\nparameters:\n  a: {range: [0, 90]}\n  a: {range: [0, 9]}\n")
            .find("s.yaml:4:3: error: duplicate key 'a'") == 0);
  CHECK(first_error("scenario: b.yaml\nparameters:\n  : {range: [0, 90]}\n").find("s.yaml:3:") == 0);
  CHECK(first_error("scenario: b.yaml\nparameters:\n  a: [1, {x: 2}]\n")
            .find("s.yaml:3:10: error: a value of a must be a single value") == 0);
  CHECK(first_error("scenario: b.yaml\nparameters:\n  a: {range: [0, .inf]}\n")
            .find("range must be [low, high] numbers") != std::string::npos);
  // Issue 32 item 15: a parameter the sweep sets itself would be accepted and ignored.
  CHECK(first_error("scenario: b.yaml\nparameters:\n  replications: [1, 5]\n")
            .find("s.yaml:3:3: error: replications is the sweep's own setting") == 0);
  CHECK(first_error("scenario: b.yaml\nparameters:\n  horizon+replications: [1, 5]\n")
            .find("replications is the sweep's own setting") != std::string::npos);
  CHECK(first_error("scenario: b.yaml\nscenario_seed: 4\nparameters:\n  seed: [1, 5]\n")
            .find("s.yaml:4:3: error: seed cannot vary while scenario_seed") == 0);
  CHECK(first_error("scenario: b.yaml\nset: [replications=4]\nparameters:\n  seed: [1, 5]\n")
            .find("s.yaml:2:7: error: replications is the sweep's own setting") == 0);
  CHECK(first_error("scenario: b.yaml\nset: [[x]]\nparameters:\n  seed: [1, 5]\n")
            .find("s.yaml:2:7: error: a set entry must be a single value") == 0);
  CHECK(first_error("scenario: b.yaml\nparameters:\n  seed: [1, 5]\n").empty());
  std::ifstream in(std::string(SUBSIM_SOURCE_DIR) +
                   "/tests/fuzz/corpus/sweep_file/regression-invalid-node.yaml");
  std::stringstream text;
  text << in.rdbuf();
  CHECK_FALSE(first_error(text.str()).empty());
}

TEST_CASE("sweep --dry-run, command-line overrides, variant as a factor, parameters in summary.csv") {
  fs::path dir = fs::temp_directory_path() / "subsim-sweep-options";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "sweep.yaml")
      << "scenario: " << SUBSIM_SOURCE_DIR << "/scenarios/baseline.yaml\n"
      << "set: [population.initial=300, population.monthly_arrivals.poisson.mean=4, horizon=1y]\n"
      << "design: grid\nreplications: 3\n"
      << "parameters:\n  variant: [default, notice_60]\n  behaviour.cancel.monthly: [0.01, 0.05]\n";
  const std::string bin = SUBSIM_BINARY, sweep = (dir / "sweep.yaml").string();
  // --dry-run prints the design and estimates, runs nothing.
  REQUIRE(sh(bin + " sweep " + sweep + " --out " + (dir / "dry").string() + " --dry-run > " +
             (dir / "dry.txt").string()) == 0);
  std::string dry = slurp(dir / "dry.txt");
  CHECK(dry.find("design grid: 4 points × 3 replications = 12 runs") == 0);
  CHECK(dry.find("point,variant,behaviour.cancel.monthly\n0,default,0.01\n") != std::string::npos);
  CHECK(dry.find("nothing was run") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "dry"));
  // --replications and --set on the command line; the variant factor picks a named variant.
  REQUIRE(sh(bin + " sweep " + sweep + " --out " + (dir / "out").string() +
             " --replications 2 --set policy.grace_days=20 -q > /dev/null") == 0);
  CsvTable summary = CsvTable::read_file((dir / "out" / "summary.csv").string());
  CHECK(summary.header() == std::vector<std::string>{"point", "variant", "behaviour.cancel.monthly",
                                                     "metric", "mean", "ci_low", "ci_high", "n"});
  CHECK(summary.at(0, "n") == "2");
  // notice_60 renews more late-notice terms than default at the same cancellation.
  double late_default = 0, late_60 = 0;
  for (std::size_t r = 0; r < summary.rows(); ++r)
    if (summary.at(r, "metric") == "late_notice_terms" && summary.at(r, "behaviour.cancel.monthly") == "0.05")
      (summary.at(r, "variant") == "default" ? late_default : late_60) = summary.number(r, 4);
  CHECK(late_60 > late_default);
  std::string manifest = slurp(dir / "out" / "manifest.json");
  CHECK(manifest.find("policy.grace_days=20") != std::string::npos);
  // validate reads sweep files too.
  CHECK(sh(bin + " validate " + sweep + " > /dev/null") == 0);
}

TEST_CASE("linked sweep parameters set several paths; SERIES@MONTH metrics record a month") {
  fs::path dir = fs::temp_directory_path() / "subsim-sweep-linked";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "sweep.yaml")
      << "scenario: " << SUBSIM_SOURCE_DIR << "/scenarios/baseline.yaml\n"
      << "set: [population.initial=200, population.monthly_arrivals.poisson.mean=3, horizon=1y]\n"
      << "design: grid\nreplications: 2\nmetrics: [bookings, mrr@6, mrr@12, new_customers@13]\n"
      << "parameters:\n  policy.notice_days+policy.grace_days: [5, 40]\n";
  const std::string bin = SUBSIM_BINARY;
  REQUIRE(sh(bin + " sweep " + (dir / "sweep.yaml").string() + " --out " +
             (dir / "out").string() + " -q > /dev/null") == 0);
  CsvTable results = CsvTable::read_file((dir / "out" / "results.csv").string());
  std::set<std::string> metrics;
  for (std::size_t r = 0; r < results.rows(); ++r) metrics.insert(results.at(r, "metric"));
  CHECK(metrics == std::set<std::string>{"bookings", "mrr@6", "mrr@12", "new_customers@13"});
  for (std::size_t r = 0; r < results.rows(); ++r)
    if (results.at(r, "metric") == "new_customers@13") CHECK(results.at(r, "value") == "n/a");
    else CHECK(results.number(r, 3) > 0);
  // mrr@12 equals the run's own MRR at the end of month 12 (= mrr_end of a 1-year run).
  std::string run_out = (dir / "run").string();
  REQUIRE(sh(bin + " run " + SUBSIM_SOURCE_DIR + "/scenarios/baseline.yaml --set population.initial=200"
             " --set population.monthly_arrivals.poisson.mean=3 --set horizon=1y"
             " --set policy.notice_days=5 --set policy.grace_days=5 --replications 2 -q --out " +
             run_out + " > /dev/null") == 0);
  std::string ts = slurp(dir / "run" / "timeseries.csv");
  std::size_t at = ts.find("\n2027-12,mrr,");
  REQUIRE(at != std::string::npos);
  std::string run_mean = ts.substr(at + 13, ts.find(',', at + 13) - at - 13);
  CsvTable summary = CsvTable::read_file((dir / "out" / "summary.csv").string());
  bool found = false;
  for (std::size_t r = 0; r < summary.rows(); ++r)
    if (summary.at(r, "metric") == "mrr@12" && summary.at(r, "policy.notice_days+policy.grace_days") == "5") {
      CHECK(summary.at(r, "mean") == run_mean);
      found = true;
    }
  CHECK(found);
  // A bad link or an unknown series is an error naming it.
  SweepLoad bad = load_sweep_text("scenario: b.yaml\nparameters:\n  a+: [1]\n", "s.yaml");
  REQUIRE_FALSE(bad.errors.empty());
  CHECK(bad.errors[0].format().find("s.yaml:3:3: error: a linked parameter") == 0);
}

// Issue 32, items 1 and 15: a sweep's files are never mixed with a run's or someone else's.
TEST_CASE("data loss: a sweep refuses a run's output folder and a folder of someone else's files") {
  fs::path dir = fresh_dir("subsim-sweep-foreign");
  std::ofstream(dir / ".subsim-output") << "a run's marker\n";
  std::ofstream(dir / "summary.json") << "{}";
  CHECK_THROWS_WITH(SweepJournal(dir / "journal.txt", journal_meta(), false),
                    doctest::Contains("holds the results of a run, compare, fit or merge"));
  CHECK(!fs::exists(dir / "journal.txt"));
  fs::path theirs = fresh_dir("subsim-sweep-theirs");
  std::ofstream(theirs / "thesis.tex") << "years of work";
  CHECK_THROWS_WITH(SweepJournal(theirs / "journal.txt", journal_meta(), false),
                    doctest::Contains("holds files a sweep did not write (thesis.tex)"));
  fs::create_directories(theirs / "plots");
  fs::remove(theirs / "thesis.tex");
  CHECK_THROWS_WITH(SweepJournal(theirs / "journal.txt", journal_meta(), false),
                    doctest::Contains("(plots)"));
  // The sweep's own files (a finished sweep resumed) are accepted.
  fs::path own = fresh_dir("subsim-sweep-own");
  { SweepJournal j(own / "journal.txt", journal_meta(), false); }
  for (const char* f : {"sweep.meta", "points.csv", "results.csv", "summary.csv", "manifest.json",
                        "report.html", "results.csv.tmp.AbC123"})
    std::ofstream(own / f) << "x";
  fs::remove(own / "sweep.meta");
  SweepJournal resumed(own / "journal.txt", journal_meta(), true);
}

// Issue 32, item 6: a full disk can leave a 0-byte journal; it must not break the folder.
TEST_CASE("a 0-byte journal is a fresh one, with or without --resume") {
  for (bool resume : {false, true}) {
    fs::path dir = fresh_dir("subsim-journal-empty");
    std::ofstream(dir / "journal.txt").flush();
    REQUIRE(fs::file_size(dir / "journal.txt") == 0);
    {
      SweepJournal j(dir / "journal.txt", journal_meta(), resume);
      CHECK(j.records().empty());
      CHECK(j.problems().empty());
      j.append({1, 0, {3, 4}});
    }
    SweepJournal again(dir / "journal.txt", journal_meta(), true);
    REQUIRE(again.records().size() == 1);
    CHECK(again.records()[0].point == 1);
    CHECK(again.problems().empty());
  }
}

// Issue 32, item 9: resuming as another shard would drop the finished lines of the others.
TEST_CASE("--resume with a --shard other than the folder's is refused, nothing rewritten") {
  fs::path dir = fresh_dir("subsim-journal-shard");
  SweepMeta whole = journal_meta();
  whole.fingerprint = "0123456789abcdef";  // as sweep.meta holds them
  whole.design = "grid";
  {
    SweepJournal j(dir / "journal.txt", whole, false);
    j.append({0, 0, {1, 2}});
    j.append({1, 0, {1, 2}});
  }
  std::ofstream(dir / "sweep.meta") << sweep_meta_text(whole);
  const std::string before = test_files::slurp(dir / "journal.txt");
  SweepMeta shard = whole;
  shard.shard = 1;
  shard.shards = 2;
  CHECK_THROWS_WITH(SweepJournal(dir / "journal.txt", shard, true),
                    doctest::Contains("was run as a whole sweep (no --shard); resume it with the "
                                      "same --shard"));
  CHECK(test_files::slurp(dir / "journal.txt") == before);
  SweepJournal same(dir / "journal.txt", whole, true);
  CHECK(same.records().size() == 2);
}

TEST_CASE("a range with decimals: its values rounded to them and inside it; the others untouched") {
  const std::string head = "scenario: b.yaml\ndesign: sobol\nsamples: 16\nparameters:\n";
  SweepLoad l = load_sweep_text(head +
                                    "  catalog.price_changes.0.factor: {range: [1.0, 1.15], decimals: 4}\n"
                                    "  behaviour.cancel.monthly: {range: [0.01, 0.05]}\n",
                                "s.yaml");
  REQUIRE(l.spec);
  CHECK(l.spec->parameters[0].decimals == 4);
  CHECK(l.spec->parameters[1].decimals == -1);
  SweepPoints p = make_design(*l.spec);
  REQUIRE(p.values.size() == 16 * 4);
  auto decimals = [](const std::string& v) {
    const auto dot = v.find('.');
    return dot == std::string::npos ? 0 : static_cast<int>(v.size() - dot - 1);
  };
  std::set<std::string> factors;
  int long_other = 0;
  for (const auto& row : p.values) {
    INFO(row[0] << " " << row[1]);
    CHECK(decimals(row[0]) <= 4);
    CHECK(std::stod(row[0]) >= 1.0);
    CHECK(std::stod(row[0]) <= 1.15);
    factors.insert(row[0]);
    if (decimals(row[1]) > 4) ++long_other;
  }
  INFO(factors.size());
  CHECK(factors.size() >= 16);  // rounded, not collapsed (A and B each give 16)
  CHECK(long_other > 20);      // the other parameter keeps its precision
  for (const char* bad : {"{range: [1.0, 1.15], decimals: 10}", "{range: [0, 90], decimals: 2}",
                          "{range: [1.0, 1.15], decimal: 4}"}) {
    SweepLoad b = load_sweep_text(head + "  a: " + bad + "\n", "s.yaml");
    INFO(bad);
    CHECK_FALSE(b.spec);
    REQUIRE_FALSE(b.errors.empty());
    CHECK(b.errors[0].message.find("decimal") != std::string::npos);
    CHECK(b.errors[0].line == 5);
  }
}

TEST_CASE("decimals: the values stay inside the range's rounded bounds, never -0; a range without such a number is refused") {
  const std::string head = "scenario: b.yaml\ndesign: lhs\nsamples: 40\nparameters:\n";
  auto design = [&](const std::string& range) {
    SweepLoad l = load_sweep_text(head + "  a: " + range + "\n", "s.yaml");
    REQUIRE(l.spec);
    std::set<std::string> values;
    for (const auto& row : make_design(*l.spec).values) values.insert(row[0]);
    return values;
  };
  // 0.0125 … 0.0175 with 2 decimals: only 0.01 … 0.02 would do, and neither lies inside.
  SweepLoad none = load_sweep_text(head + "  a: {range: [0.0125, 0.0175], decimals: 2}\n", "s.yaml");
  CHECK_FALSE(none.spec);
  REQUIRE_FALSE(none.errors.empty());
  CHECK(none.errors[0].message.find("no number with 2 decimals") != std::string::npos);
  // 0.0125 … 0.0375 with 2 decimals: 0.02 and 0.03 only, never a raw bound.
  CHECK(design("{range: [0.0125, 0.0375], decimals: 2}") == std::set<std::string>{"0.02", "0.03"});
  // A bound that has the decimals already is kept (1.15 is not 1.1499).
  const auto f = design("{range: [1.0, 1.15], decimals: 2}");
  CHECK(f.count("1.15") == 1);
  CHECK(f.count("1") == 1);
  CHECK(f.size() == 16);
  const auto z = design("{range: [-1.5, 0.5], decimals: 0}");
  CHECK(z == std::set<std::string>{"-1", "0"});
}
