// Multiple comparisons with the best (Hsu 1981, 1996), in the form for unequal variances and
// common random numbers of Nelson & Matejcik (1995): for each of k systems an interval for
// μ_i − max_{l≠i} μ_l (the larger the better; pass `maximize` false to flip), jointly at least
// 1 − α, from each pair's sample variance of differences S²_il over n paired replications and
// Bonferroni's one-sided t = t_{1−α/(k−1), n−1}, w_il = t·S_il/√n:
//   low_i  = min(0, min_{l≠i} (X̄_i − X̄_l − w_il))
//   high_i = max(0, min_{l≠i} (X̄_i − X̄_l + w_il))
// high_i = 0: i is not the best; low_i = 0 < high_i: i is the best. Independent replications
// (no pairing): S²_il = S²_i + S²_l, n the smaller count.
#pragma once
#include <vector>

namespace subsim {

struct McbInterval {
  double low, high;
};

// data[i] holds system i's replications (paired: the same length, replication r of every
// system on the same random numbers). Empty when k < 2, a system has fewer than 2 values or a
// value is not finite (a metric undefined in a replication).
std::vector<McbInterval> mcb_intervals(const std::vector<std::vector<double>>& data, bool maximize,
                                       bool paired, double alpha = 0.05);

}  // namespace subsim
