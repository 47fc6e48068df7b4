#include "stats/interval.hpp"

#include <doctest/doctest.h>

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>
#include <vector>

using namespace subsim;

TEST_CASE("Student-t 95 % interval over replications") {
  std::vector<double> v{1, 2, 3, 4, 5};
  Interval i = t_interval(v);
  CHECK(i.mean == doctest::Approx(3));
  CHECK(i.sd == doctest::Approx(1.5811388));
  CHECK(student_t_quantile(0.975, 4) == doctest::Approx(2.7764451));
  CHECK(i.high - i.mean == doctest::Approx(2.7764451 * 1.5811388 / std::sqrt(5.0)));
  CHECK(i.mean - i.low == doctest::Approx(i.high - i.mean));
}

TEST_CASE("NaN values are left out; one value has no interval; none has no mean") {
  std::vector<double> v{1, NAN, 3, NAN};
  Interval i = t_interval(v);
  CHECK(i.n == 2);
  CHECK(i.mean == 2);
  CHECK(i.has_interval());
  std::vector<double> one{7};
  Interval j = t_interval(one);
  CHECK(j.n == 1);
  CHECK(j.mean == 7);
  CHECK(std::isnan(j.low));
  CHECK(std::isnan(j.sd));
  std::vector<double> none{NAN, NAN};
  CHECK(std::isnan(t_interval(none).mean));
  CHECK(t_interval(none).n == 0);
}

TEST_CASE("intervals stay in the quantity's range; equal values are flagged; Garwood for a count never seen") {
  Interval share = summary_interval(std::vector<double>{0.99, 1.0, 1.0, 0.97}, kShare);
  CHECK(share.high == 1.0);
  CHECK(share.low > 0.9);
  Interval count = summary_interval(std::vector<double>{0, 0, 1}, kCount);
  CHECK(count.low == 0);  // the t interval's lower bound is negative
  CHECK(summary_interval(std::vector<double>{0, 0, 1}, Support{}).low < 0);
  Interval zeros = summary_interval(std::vector<double>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, kCount);
  CHECK(zeros.zero_variance);
  CHECK(zeros.low == 0);
  CHECK(zeros.high == doctest::Approx(3.688879 / 10).epsilon(1e-5));  // -ln(0.025) / n
  // All of 2 replications counted 3 — as Poisson counts of mean 3 do with probability
  // Σ P(k)² = e⁻⁶·I₀(6) = 0.16666 — Garwood's [χ²(.025; 12)/4, χ²(.975; 14)/4].
  CHECK(poisson_all_equal(3, 2) == doctest::Approx(0.1666574326).epsilon(1e-8));
  Interval threes = summary_interval(std::vector<double>{3, 3}, kCount);
  CHECK(threes.low == doctest::Approx(4.403789 / 4).epsilon(1e-5));
  CHECK(threes.high == doctest::Approx(26.118948 / 4).epsilon(1e-5));
  // 3,000 customers at the start in each of 10 replications: Poisson counts would differ (all
  // alike: 1.8·10⁻²⁰), so it is a constant of the scenario — [3000, 3000], flagged, not
  // [2938, 3063]. Likewise 1 in each of 10 (all alike: e⁻¹⁰·Σ 1/k!¹⁰ = 9.08·10⁻⁵ < 1 %).
  CHECK(poisson_all_equal(3000, 10) < 1e-19);
  CHECK(poisson_all_equal(1, 10) == doctest::Approx(9.084419614e-5).epsilon(1e-12));
  CHECK(poisson_all_equal(1e7, 100000) < 1e-100);
  CHECK(poisson_all_equal(1e15, 2) == 0);
  Interval start = summary_interval(std::vector<double>(10, 3000.0), kCount);
  CHECK(start.zero_variance);
  CHECK(start.low == 3000);
  CHECK(start.high == 3000);
  CHECK(poisson_all_equal(1, 10) < 0.01);
  CHECK(summary_interval(std::vector<double>(10, 1.0), kCount).high == 1);
  CHECK(poisson_all_equal(0, 10) == 1);
  Interval money = summary_interval(std::vector<double>{500, 500}, kNonNegative);
  CHECK(money.zero_variance);
  CHECK(money.low == 500);
}

namespace {
// Share of `trials` samples of n replications whose interval covers `truth`.
template <class Draw>
double coverage(int trials, int n, double truth, Support support, Draw draw) {
  int covered = 0;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> v(n);
    for (double& x : v) x = draw();
    Interval i = summary_interval(v, support);
    covered += i.low <= truth && truth <= i.high;
  }
  return double(covered) / trials;
}
}  // namespace

TEST_CASE("coverage of the reported intervals: rare Poisson counts and Binomial shares") {
  boost::random::mt19937_64 rng(2027);
  for (double lambda : {0.05, 0.3, 2.0, 20.0})
    for (int n : {2, 5, 10}) {
      boost::random::poisson_distribution<int> pois(lambda);
      double c = coverage(4000, n, lambda, kCount, [&] { return double(pois(rng)); });
      MESSAGE("Poisson λ = " << lambda << ", " << n << " replications: coverage " << c);
      CHECK(c >= 0.93);
    }
  // Without the Garwood fallback a rare count is [0, 0] whenever no replication saw one.
  boost::random::poisson_distribution<int> rare(0.05);
  double plain = coverage(4000, 10, 0.05, Support{}, [&] { return double(rare(rng)); });
  MESSAGE("plain t interval, λ = 0.05, 10 replications: coverage " << plain);
  CHECK(plain < 0.5);
  for (double p : {0.02, 0.5, 0.98})
    for (int n : {5, 10}) {
      boost::random::binomial_distribution<int> binom(200, p);
      double c = coverage(4000, n, p, kShare, [&] { return binom(rng) / 200.0; });
      MESSAGE("share p = " << p << ", " << n << " replications: coverage " << c);
      CHECK(c >= 0.92);
    }
}
