// Counter-based streams: keyed by (seed, replication, customer, purpose, index).
#include "model/random_stream.hpp"
#include "sim/sample.hpp"

#include <doctest/doctest.h>

#include <set>
#include <vector>

#include "scenario/distribution.hpp"

using namespace subsim;

static std::vector<std::uint32_t> draw(RandomStream s, int n) {
  std::vector<std::uint32_t> v;
  for (int i = 0; i < n; ++i) v.push_back(s());
  return v;
}

TEST_CASE("a stream is a pure function of its key: same key, same draws") {
  CHECK(draw(RandomStream(42, 0, 7, Purpose::term, 3), 20) ==
        draw(RandomStream(42, 0, 7, Purpose::term, 3), 20));
}

TEST_CASE("every key component gives a different stream") {
  auto base = draw(RandomStream(42, 0, 7, Purpose::term, 3), 8);
  CHECK(base != draw(RandomStream(43, 0, 7, Purpose::term, 3), 8));
  CHECK(base != draw(RandomStream(42, 1, 7, Purpose::term, 3), 8));
  CHECK(base != draw(RandomStream(42, 0, 8, Purpose::term, 3), 8));
  CHECK(base != draw(RandomStream(42, 0, 7, Purpose::timing, 3), 8));
  CHECK(base != draw(RandomStream(42, 0, 7, Purpose::term, 4), 8));
}

TEST_CASE("all four words of each Philox block are used, in order") {
  r123::Philox4x32::ctr_type c = {
      {7, 0, (static_cast<std::uint32_t>(Purpose::term) << 24) ^ 3u, 0}};
  r123::Philox4x32::key_type k = {{42, 0}};
  auto block0 = r123::Philox4x32()(c, k);
  c.v[3] = 1;
  auto block1 = r123::Philox4x32()(c, k);
  auto v = draw(RandomStream(42, 0, 7, Purpose::term, 3), 8);
  for (int i = 0; i < 4; ++i) {
    CHECK(v[i] == block0.v[i]);
    CHECK(v[4 + i] == block1.v[i]);
  }
}

TEST_CASE("uniform draws and Boost.Random distributions behave") {
  RandomStream s(1, 0, 0, Purpose::amount);
  double sum = 0;
  int n = 20000;
  for (int i = 0; i < n; ++i) {
    double u = s.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  CHECK(sum / n == doctest::Approx(0.5).epsilon(0.02));
  Distribution e;
  e.kind = Distribution::Kind::exponential;
  e.a = 12;
  double esum = 0;
  for (int i = 0; i < n; ++i) esum += sample(e, s);
  CHECK(esum / n == doctest::Approx(12).epsilon(0.05));
  std::set<std::int64_t> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(s.uniform_int(3, 7));
  CHECK(seen == std::set<std::int64_t>{3, 4, 5, 6, 7});
}
