// First-order and total Sobol indices from Saltelli-ordered results (Saltelli 2010 first order,
// Jansen total), with percentile bootstrap intervals over the base samples.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace subsim {

struct SobolIndex {
  double first = 0, first_low = 0, first_high = 0;
  double total = 0, total_low = 0, total_high = 0;
};

// y: N·(k+2) outputs in the order A, AB_1 … AB_k, B per base sample.
std::vector<SobolIndex> sobol_indices(std::span<const double> y, int k, int bootstrap = 1000,
                                      std::uint64_t seed = 1);

}  // namespace subsim
