#include "scenario/distribution.hpp"

#include <algorithm>
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

}  // namespace subsim
