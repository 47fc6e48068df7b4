// A random quantity as a scenario writes it: {fixed: x}, {uniform: [a, b]},
// {exponential: {mean: m}}, {lognormal: {median: m, sigma: s}}, {poisson: {mean: m}},
// {choice: {key: weight, …}}, {empirical: [[value, weight], …]}. A value type: the engine samples
// it (sim/sample.hpp).
#pragma once
#include <string>
#include <vector>

namespace subsim {

struct Distribution {
  enum class Kind { fixed, uniform, exponential, lognormal, poisson, choice, empirical };
  Kind kind = Kind::fixed;
  double a = 0, b = 0;              // fixed: a; uniform: [a, b]; exponential: mean a;
                                    // lognormal: median a, sigma b; poisson: mean a
  std::vector<double> values;       // choice: index; empirical: value
  std::vector<double> cumulative;   // choice/empirical: cumulative normalised weights
  std::vector<std::string> labels;  // choice: the keys

  static Distribution fixed_value(double x) { return {Kind::fixed, x, 0, {}, {}, {}}; }
  static Distribution uniform_range(double lo, double hi) {
    return {Kind::uniform, lo, hi, {}, {}, {}};
  }
  static Distribution choice_of(std::vector<std::string> keys, std::vector<double> weights);

  double mean() const;
};

}  // namespace subsim
