// The points of a sweep, in design order: a full grid, a Latin hypercube, or Saltelli's scheme
// on a Sobol sequence (rows A, AB_1 … AB_k, B for each base sample, as SALib expects).
#pragma once
#include <string>
#include <vector>

#include "scenario/sweep_spec.hpp"

namespace subsim {

struct SweepPoints {
  std::vector<std::string> names;                // parameter paths, in the sweep's order
  std::vector<std::vector<std::string>> values;  // per point, per parameter: the --set value
  int base_samples = 0;                          // sobol: N
  bool second_order = false;                     // sobol: rows A, AB_1…AB_k, BA_1…BA_k, B
};

SweepPoints make_design(const SweepSpec& spec);

// points.csv: point + one column per parameter.
std::string points_csv(const SweepPoints& points);

}  // namespace subsim
