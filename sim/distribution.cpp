#include "sim/distribution.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

namespace subsim {

Distribution Distribution::choice_of(std::vector<std::string> keys, std::vector<double> weights) {
  Distribution d;
  d.kind = Kind::choice;
  double total = 0;
  for (double w : weights) total += w;
  double run = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    run += weights[i];
    d.values.push_back(static_cast<double>(i));
    d.cumulative.push_back(run / total);
  }
  d.labels = std::move(keys);
  return d;
}

int Distribution::sample_index(RandomStream& rng) const {
  double u = rng.uniform01();
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  if (it == cumulative.end()) --it;
  return static_cast<int>(it - cumulative.begin());
}

double Distribution::sample(RandomStream& rng) const {
  switch (kind) {
    case Kind::fixed:
      return a;
    case Kind::uniform:
      return boost::random::uniform_real_distribution<double>(a, b)(rng);
    case Kind::exponential:
      return boost::random::exponential_distribution<double>(1.0 / a)(rng);
    case Kind::lognormal:
      return boost::random::lognormal_distribution<double>(std::log(a), b)(rng);
    case Kind::poisson:
      return boost::random::poisson_distribution<int, double>(a)(rng);
    case Kind::choice:
    case Kind::empirical:
      return values[sample_index(rng)];
  }
  return a;
}

double Distribution::mean() const {
  switch (kind) {
    case Kind::fixed:
      return a;
    case Kind::uniform:
      return (a + b) / 2;
    case Kind::exponential:
      return a;
    case Kind::lognormal:
      return a * std::exp(b * b / 2);
    case Kind::poisson:
      return a;
    case Kind::choice:
    case Kind::empirical: {
      double m = 0, prev = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        m += values[i] * (cumulative[i] - prev);
        prev = cumulative[i];
      }
      return m;
    }
  }
  return a;
}

double Distribution::rough_max() const {
  switch (kind) {
    case Kind::fixed:
      return a;
    case Kind::uniform:
      return b;
    case Kind::exponential:
      return 10 * a;
    case Kind::lognormal:
      return a * std::exp(4 * b);
    case Kind::poisson:
      return a + 10 * std::sqrt(a) + 10;
    case Kind::choice:
    case Kind::empirical:
      return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
  }
  return a;
}

}  // namespace subsim
