// Selecting the best of k systems with a guarantee: Kim & Nelson's fully sequential
// indifference-zone procedure KN (ACM TOMACS 11(3), 2001), on common random numbers.
//
// With probability at least 1 − α it selects the system with the best mean whenever that mean
// is at least δ better than every other (δ, the indifference zone: the smallest difference
// that matters); when several are within δ of the best it selects one of them. After n0
// replications of every system it estimates the variance of each pairwise difference S²ᵢₗ,
// then, one replication at a time, eliminates system i as soon as some surviving l leads it by
// more than Wᵢₗ(r) = max(0, δ/(2r) · (h²S²ᵢₗ/δ² − r)), with h² = 2η(n0 − 1) and
// η = ½((2α/(k − 1))^(−2/(n0 − 1)) − 1). Every pair is decided by r = ⌊h²S²ᵢₗ/δ²⌋ + 1.
// At r = that bound only exact ties can be left (common random numbers and a variant that does
// not touch the metric): the first listed of them is selected.
// Replications may be run ahead in batches: a system's observations past its elimination are
// never looked at, so the decisions are those of the one-at-a-time procedure.
#pragma once
#include <vector>

namespace subsim {

struct KnOptions {
  double alpha = 0.05;  // 1 − the probability of correct selection
  double delta = 0;     // the indifference zone, in the observations' unit (> 0)
  int n0 = 10;          // the first stage (≥ 2)
  bool maximize = true;
};

struct KnState {
  std::vector<int> survivors;  // system indices still in contention, ascending
  std::vector<int> eliminated_at;  // per system: the replication count it was eliminated at, 0 if not
  int replications = 0;        // r reached (the data looked at)
  bool done = false;           // one survivor: the selected system
  double h2 = 0;
  int bound = 0;  // the replications by which every pair is decided (max ⌊h²S²/δ²⌋ + 1)
};

// KN on `obs[i][r]` (system i, replication r; every system the same count ≥ n0 — the
// survivors' at least). Stops at the first r with one survivor, or when the data run out
// (`done` false: add replications and call again — the result does not depend on how the
// data were batched). Observations must be finite (std::invalid_argument otherwise).
KnState kn_select(const std::vector<std::vector<double>>& obs, const KnOptions& o);

// The KN constant h² for k systems, first stage n0 and α.
double kn_h2(int k, int n0, double alpha);

}  // namespace subsim
