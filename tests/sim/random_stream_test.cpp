// Counter-based streams: keyed by (seed, replication, customer, purpose, index).
#include "model/random_stream.hpp"
#include "sim/sample.hpp"

#include <doctest/doctest.h>

#include <cmath>
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

TEST_CASE("two blocks filled together give the words one by one would") {
  for (std::uint32_t customer : {0u, 7u, 123456u}) {
    RandomStream ahead(42, 3, customer, Purpose::term, 0x10005);
    ahead.fill_two_blocks();
    ahead.fill_two_blocks();  // a second call changes nothing
    CHECK(draw(ahead, 23) == draw(RandomStream(42, 3, customer, Purpose::term, 0x10005), 23));
  }
  // Too late once a block was computed — in use, or used up (the next one is block 1): nothing
  // computed ahead, the words as one by one.
  for (int read : {1, 4}) {
    RandomStream late(42, 3, 7, Purpose::term, 1);
    std::vector<std::uint32_t> words = draw(late, 0);
    for (int i = 0; i < read; ++i) words.push_back(late());
    late.fill_two_blocks();
    for (std::uint32_t w : draw(late, 10)) words.push_back(w);
    CHECK(words == draw(RandomStream(42, 3, 7, Purpose::term, 1), read + 10));
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

TEST_CASE("a distribution's tail: P(D >= x) and draws given D >= x agree with plain draws") {
  auto dist = [](Distribution::Kind k, double a, double b) {
    Distribution d;
    d.kind = k;
    d.a = a;
    d.b = b;
    return d;
  };
  Distribution emp;  // come-back delays as fit writes them: [[20, 1], [75, 2], [200, 1]]
  emp.kind = Distribution::Kind::empirical;
  emp.values = {20, 75, 200};
  emp.cumulative = {0.25, 0.75, 1.0};
  const std::vector<std::pair<Distribution, std::vector<double>>> cases = {
      {dist(Distribution::Kind::exponential, 45, 0), {-0.5, 30, 89.5}},
      {dist(Distribution::Kind::uniform, 10, 120), {-0.5, 60, 119.5}},
      {dist(Distribution::Kind::lognormal, 40, 0.8), {0, 39.5, 90}},
      {dist(Distribution::Kind::poisson, 30, 0), {0, 29.5, 40}},
      {emp, {-0.5, 20, 74.5, 199.5, 200.5}},
      {dist(Distribution::Kind::fixed, 7, 0), {6.5, 7.5}}};
  const int n = 40000;
  for (const auto& c : cases) {
    const Distribution& d = c.first;
    const std::vector<double>& xs = c.second;
    RandomStream s(3, 0, 1, Purpose::churn);
    std::vector<double> plain(n);
    for (double& v : plain) v = sample(d, s);
    for (const double x : xs) {
      INFO("kind " << static_cast<int>(d.kind) << ", x = " << x);
      double above = 0, above_sum = 0;
      for (double v : plain)
        if (v >= x) {
          ++above;
          above_sum += v;
        }
      const double p = tail_probability(d, x);
      REQUIRE(p >= 0);
      REQUIRE(p <= 1);
      CHECK(std::abs(above / n - p) <= 4 * std::sqrt(std::max(p * (1 - p), 1e-6) / n) + 1e-9);
      if (above < 200) continue;
      double sum = 0, sum2 = 0;
      const int m = 20000;
      for (int i = 0; i < m; ++i) {
        const double v = sample_at_least(d, x, s);
        REQUIRE(v >= x);
        sum += v;
        sum2 += v * v;
      }
      const double mean = sum / m, sd = std::sqrt(std::max(0.0, sum2 / m - mean * mean));
      // Against the plain draws above x: both means of one conditional distribution.
      const double se = sd * std::sqrt(1.0 / m + 1.0 / above) + 1e-9;
      CHECK(std::abs(mean - above_sum / above) <= 4 * se);
    }
  }
  // Closed forms: memoryless exponential, uniform's rest, an empty tail.
  CHECK(tail_probability(dist(Distribution::Kind::exponential, 45, 0), 90) ==
        doctest::Approx(std::exp(-2.0)));
  CHECK(tail_probability(dist(Distribution::Kind::uniform, 0, 120), 90) ==
        doctest::Approx(0.25));
  CHECK(tail_probability(emp, 200.5) == 0);
  RandomStream s(3, 0, 2, Purpose::churn);
  CHECK(sample_at_least(emp, 200.5, s) == 200.5);
}
