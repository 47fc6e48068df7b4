// First-order and total Sobol indices from Saltelli-ordered results (Saltelli 2010 first order,
// Jansen total), with percentile bootstrap intervals over the base samples.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "model/estimate.hpp"

namespace subsim {

// A factor's first-order and total index, each with its bootstrap percentile interval.
struct SobolIndex {
  Estimate first, total;
};

// y: N·(k+2) outputs in the order A, AB_1 … AB_k, B per base sample.
std::vector<SobolIndex> sobol_indices(std::span<const double> y, int k, int bootstrap = 1000,
                                      std::uint64_t seed = 1);

}  // namespace subsim
