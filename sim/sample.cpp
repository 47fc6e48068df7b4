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

}  // namespace subsim
