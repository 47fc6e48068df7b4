// Stein's two-stage procedure (Stein 1945; Law & Kelton, Simulation Modeling and Analysis,
// §9.4.1): the number of replications after which the mean of normal observations is known to
// within ±h with confidence 1 − α, whatever their variance. A first stage of n0 gives the sample
// variance S²; then N = max(n0, ⌈t²(1 − α/2; n0 − 1) · S² / h²⌉) replications in all, and
// X̄(N) ± h covers the mean with probability ≥ 1 − α (exactly, for normal observations: X̄(N)'s
// error over S/√N is Student's t with n0 − 1 degrees of freedom, and h ≥ t·S/√N).
#pragma once
#include <cstdint>

namespace subsim {

// N for a first stage of `n0` (≥ 2) observations with standard deviation `s`, half-width `h` > 0,
// at level `alpha` — however large (the caller caps it, and then says the guarantee is lost). A
// zero variance needs no more than the first stage; NaN inputs give INT64_MAX.
std::int64_t stein_replications(int n0, double s, double h, double alpha);

}  // namespace subsim
