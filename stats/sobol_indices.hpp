// First-order and total Sobol indices from Saltelli-ordered results (Saltelli 2010 first order,
// Jansen total), and on request second-order ones (Saltelli 2002, as SALib computes them), with
// percentile bootstrap intervals over the base samples.
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

// y: N·(k+2) outputs in the order A, AB_1 … AB_k, B per base sample — or, with `second_order`,
// N·(2k+2) in the order A, AB_1 … AB_k, BA_1 … BA_k, B (SALib's calc_second_order=True).
std::vector<SobolIndex> sobol_indices(std::span<const double> y, int k, int bootstrap = 1000,
                                      std::uint64_t seed = 1, bool second_order = false);

// The second-order index of factors i < j: S_ij = V_ij / V − S_i − S_j with
// V_ij = mean(f(BA_i)·f(AB_j) − f(A)·f(B)) on standardised outputs (Saltelli 2002; SALib's
// second_order()). y in the second-order order above.
struct SobolPair {
  int i = 0, j = 0;
  Estimate index;
};
std::vector<SobolPair> sobol_second_order(std::span<const double> y, int k, int bootstrap = 1000,
                                          std::uint64_t seed = 1);

}  // namespace subsim
