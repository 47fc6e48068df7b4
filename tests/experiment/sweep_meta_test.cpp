// A sweep folder's identity files are read back through checked readers: a damaged sweep.meta or
// points.csv is a FILE:LINE error, never a crash, a hang or a silently wrong merge.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "experiment/sweep_meta.hpp"
#include "io/diagnostic.hpp"

using namespace subsim;
namespace fs = std::filesystem;

namespace {
fs::path fresh_meta_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

SweepMeta sample_meta() {
  SweepMeta m;
  m.fingerprint = "0123456789abcdef";
  m.points = 4;
  m.replications = 3;
  m.design = "sobol";
  m.seed = 18446744073709551615ull;
  m.metrics = {"mrr_end", "logo_churn_rate"};
  m.shard = 1;
  m.shards = 2;
  return m;
}

// The line number of the InputError that reading `meta_text` as sweep.meta throws (-1: none).
int error_line(const std::string& meta_text) {
  fs::path d = fresh_meta_dir("subsim-meta-test-bad");
  std::ofstream(d / "sweep.meta") << meta_text;
  try {
    read_sweep_meta(d);
  } catch (const InputError& e) {
    CHECK(e.file() == (d / "sweep.meta").string());
    return e.line();
  }
  return -1;
}
}  // namespace

TEST_CASE("sweep.meta is read back exactly as written") {
  fs::path d = fresh_meta_dir("subsim-meta-test");
  SweepMeta m = sample_meta();
  std::ofstream(d / "sweep.meta") << sweep_meta_text(m);
  SweepMeta r = read_sweep_meta(d);
  CHECK(r.fingerprint == m.fingerprint);
  CHECK(r.points == m.points);
  CHECK(r.replications == m.replications);
  CHECK(r.design == m.design);
  CHECK(r.seed == m.seed);
  CHECK(r.metrics == m.metrics);
  CHECK(r.shard == 1);
  CHECK(r.shards == 2);
}

TEST_CASE("a damaged sweep.meta names the file and the line") {
  const std::string good = sweep_meta_text(sample_meta());
  CHECK(error_line(good) == -1);
  std::string s = good;
  s.replace(s.find("points 4"), 8, "points x");
  CHECK(error_line(s) == 2);
  s = good;
  s.replace(s.find("shard 1/2"), 9, "shard 2/2");  // shard out of range
  CHECK(error_line(s) == 6);
  s = good;
  s.replace(s.find("design sobol"), 12, "design grod");
  CHECK(error_line(s) == 4);
  CHECK(error_line(good + "colour blue\n") == 8);
  CHECK(error_line(good.substr(0, good.find("metrics"))) == 0);  // a key missing
  CHECK(error_line("") == 0);
  fs::path empty = fresh_meta_dir("subsim-meta-test-none");
  CHECK_THROWS_AS(read_sweep_meta(empty), InputError);
}

TEST_CASE("points.csv: round trip, and a damaged one is refused with its line") {
  fs::path d = fresh_meta_dir("subsim-points-test");
  SweepPoints p;
  p.names = {"policy.notice_days", "behaviour.cancel.monthly"};
  p.values = {{"0", "0.01"}, {"30", "0.03"}};
  std::ofstream(d / "points.csv") << points_csv(p);
  SweepPoints r = read_sweep_points(d);
  CHECK(r.names == p.names);
  CHECK(r.values == p.values);

  auto line_of = [&](const std::string& text) {
    std::ofstream(d / "points.csv", std::ios::trunc) << text;
    try {
      read_sweep_points(d);
    } catch (const InputError& e) {
      return e.line();
    }
    return -1;
  };
  CHECK(line_of("point,a,b\n0,1,2\n1,3\n") == 3);    // a dropped field
  CHECK(line_of("point,a,b\n0,1,2\n7,3,4\n") == 3);  // points out of order
  CHECK(line_of("id,a\n0,1\n") == 1);
  CHECK(line_of("point,a\n0,\"1\n") > 0);  // an unterminated quote
}
