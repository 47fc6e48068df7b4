#include "sim/sample.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

namespace subsim {

int sample_index(const Distribution& d, RandomStream& rng) {
  double u = rng.uniform01();
  auto it = std::upper_bound(d.cumulative.begin(), d.cumulative.end(), u);
  if (it == d.cumulative.end()) --it;
  return static_cast<int>(it - d.cumulative.begin());
}

double sample(const Distribution& d, RandomStream& rng) {
  switch (d.kind) {
    case Distribution::Kind::fixed:
      return d.a;
    case Distribution::Kind::uniform:
      return boost::random::uniform_real_distribution<double>(d.a, d.b)(rng);
    case Distribution::Kind::exponential:
      return boost::random::exponential_distribution<double>(1.0 / d.a)(rng);
    case Distribution::Kind::lognormal:
      return boost::random::lognormal_distribution<double>(std::log(d.a), d.b)(rng);
    case Distribution::Kind::poisson:
      return boost::random::poisson_distribution<int, double>(d.a)(rng);
    case Distribution::Kind::choice:
    case Distribution::Kind::empirical:
      return d.values[sample_index(d, rng)];
  }
  return d.a;
}

double tail_probability(const Distribution& d, double x) {
  switch (d.kind) {
    case Distribution::Kind::fixed:
      return d.a >= x ? 1.0 : 0.0;
    case Distribution::Kind::uniform:
      if (x <= d.a) return 1.0;
      if (x > d.b) return 0.0;
      return d.b > d.a ? (d.b - x) / (d.b - d.a) : 1.0;
    case Distribution::Kind::exponential:
      return x <= 0 ? 1.0 : std::exp(-x / d.a);
    case Distribution::Kind::lognormal:
      if (x <= 0) return 1.0;
      if (d.b <= 0) return d.a >= x ? 1.0 : 0.0;
      return 0.5 * std::erfc((std::log(x) - std::log(d.a)) / (d.b * std::sqrt(2.0)));
    case Distribution::Kind::poisson: {
      if (x <= 0) return 1.0;
      double below = 0, pmf = std::exp(-d.a);  // P(K < ⌈x⌉)
      for (int k = 0; k < std::ceil(x) && pmf > 0; ++k) {
        below += pmf;
        pmf *= d.a / (k + 1);
      }
      return std::max(0.0, 1.0 - below);
    }
    case Distribution::Kind::choice:
    case Distribution::Kind::empirical: {
      double tail = 0;
      for (std::size_t i = 0; i < d.values.size(); ++i)
        if (d.values[i] >= x) tail += d.cumulative[i] - (i > 0 ? d.cumulative[i - 1] : 0.0);
      return std::min(1.0, tail);
    }
  }
  return 1.0;
}

double sample_at_least(const Distribution& d, double x, RandomStream& rng) {
  switch (d.kind) {
    case Distribution::Kind::exponential:  // memoryless
      return std::max(0.0, x) + boost::random::exponential_distribution<double>(1.0 / d.a)(rng);
    case Distribution::Kind::uniform:
      if (x <= d.a || d.b <= d.a) return sample(d, rng);
      return boost::random::uniform_real_distribution<double>(std::min(x, d.b), d.b)(rng);
    case Distribution::Kind::choice:
    case Distribution::Kind::empirical: {
      const double tail = tail_probability(d, x);
      if (tail <= 0) return x;
      const double u = rng.uniform01() * tail;
      double seen = 0;
      std::size_t last = 0;
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        if (d.values[i] < x) continue;
        seen += d.cumulative[i] - (i > 0 ? d.cumulative[i - 1] : 0.0);
        last = i;
        if (u < seen) return d.values[i];
      }
      return d.values[last];
    }
    case Distribution::Kind::fixed:
      return std::max(d.a, x);
    case Distribution::Kind::lognormal:
    case Distribution::Kind::poisson:
      break;
  }
  // Rejection from the whole distribution: the expected number of tries is 1 / P(D ≥ x), and a
  // caller that first drew whether the tail is reached (probability ∝ P(D ≥ x)) pays about one
  // try per call on average. A tail too thin to reach in 100,000 tries gives its boundary.
  for (int i = 0; i < 100000; ++i)
    if (const double v = sample(d, rng); v >= x) return v;
  return x;
}

}  // namespace subsim
