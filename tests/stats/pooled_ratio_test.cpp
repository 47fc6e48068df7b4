// Pooled ratios of sums (LTV, quick ratio): against Cochran's ratio-estimator variance written
// out here, and by coverage against the true ratio in simulated replications — including a rare
// churn, where averaging each replication's ratio drops the infinite ones and is biased.
#include "stats/pooled_ratio.hpp"

#include <doctest/doctest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

using namespace subsim;

namespace {
double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}
}  // namespace

TEST_CASE("pooled ratio: the sums' ratio, Cochran's variance, every replication counted") {
  PooledParts p;
  p.ratios.push_back({{12, 15, 9, 14}, {10, 11, 8, 12}, 1});
  const Interval i = pooled_ratio_interval(p);
  const double R = (12 + 15 + 9 + 14) / 41.0;
  CHECK(i.mean == doctest::Approx(R).epsilon(1e-12));
  CHECK(i.n == 4);
  // Cochran (1977) 6.9: V(R̂) ≈ (s²_y − 2R s_xy + R² s²_x) / (n x̄²).
  const std::vector<double> y{12, 15, 9, 14}, x{10, 11, 8, 12};
  const double my = mean_of(y), mx = mean_of(x);
  double syy = 0, sxx = 0, sxy = 0;
  for (int r = 0; r < 4; ++r) {
    syy += (y[r] - my) * (y[r] - my);
    sxx += (x[r] - mx) * (x[r] - mx);
    sxy += (y[r] - my) * (x[r] - mx);
  }
  syy /= 3, sxx /= 3, sxy /= 3;
  const double se = std::sqrt((syy - 2 * R * sxy + R * R * sxx) / (4 * mx * mx));
  const double t = student_t_quantile(0.975, 3);
  CHECK(i.low == doctest::Approx(R - t * se).epsilon(1e-12));
  CHECK(i.high == doctest::Approx(R + t * se).epsilon(1e-12));

  // A dividing ratio whose numerator sums to 0 (no churn anywhere): LTV is undefined, n kept.
  PooledParts none;
  none.ratios.push_back({{100, 120}, {2, 3}, 1});
  none.ratios.push_back({{0, 0}, {50, 50}, -1});
  CHECK(std::isnan(pooled_ratio_interval(none).mean));
  CHECK(pooled_ratio_interval(none).n == 2);
  // Parts alike in every replication: exact.
  PooledParts same;
  same.ratios.push_back({{6, 6, 6}, {3, 3, 3}, 1});
  const Interval s = pooled_ratio_interval(same);
  CHECK(s.mean == 2);
  CHECK(s.low == 2);
  CHECK(s.high == 2);
  CHECK(s.zero_variance);
}

// LTV-shaped: (MRR / customers) / (churned / customers at month starts); churned Poisson. The
// truth is the ratio of the expectations. Common churn over 10 replications; rare churn (none in
// 61 % of the replications, as in a small book) over 40.
TEST_CASE("pooled ratio: 95 % intervals cover the true LTV, and the per-replication mean is biased when churn is rare") {
  boost::random::mt19937 gen(20261205);
  for (double churn_mean : {40.0, 0.5}) {
    const int n = churn_mean > 10 ? 10 : 40;
    const double mrr = 50000, customers = 100, start = 1200;
    const double truth = (mrr / customers) / (churn_mean / start);
    int covered = 0, macro = 2000;
    double pooled_sum = 0, per_rep_sum = 0;
    int per_rep_defined = 0;
    for (int k = 0; k < macro; ++k) {
      PooledParts p;
      p.ratios.resize(2);
      p.ratios[1].power = -1;
      boost::random::poisson_distribution<int> churn(churn_mean);
      boost::random::normal_distribution<double> noise(0, 1);
      double per_rep = 0;
      int defined = 0;
      for (int r = 0; r < n; ++r) {
        const double z = noise(gen);
        const double m = mrr * (1 + 0.02 * z), c = customers * (1 + 0.015 * z);
        const double ch = churn(gen);
        p.ratios[0].num.push_back(m);
        p.ratios[0].den.push_back(c);
        p.ratios[1].num.push_back(ch);
        p.ratios[1].den.push_back(start);
        if (ch > 0) {
          per_rep += (m / c) / (ch / start);
          ++defined;
        }
      }
      const Interval i = pooled_ratio_interval(p);
      covered += i.low <= truth && truth <= i.high;
      pooled_sum += i.mean;
      if (defined > 0) {
        per_rep_sum += per_rep / defined;
        ++per_rep_defined;
      }
    }
    const double coverage = static_cast<double>(covered) / macro;
    INFO("churn mean " << churn_mean << ": coverage " << coverage << ", pooled mean "
                       << pooled_sum / macro / truth << " of the truth, per-replication mean "
                       << per_rep_sum / per_rep_defined / truth);
    if (churn_mean > 10) {
      CHECK(coverage >= 0.93);
      CHECK(coverage <= 0.97);
    } else {
      // Σ churned ~ Poisson(20): measured 95.0 % (the delta method's symmetric interval on 1/x).
      CHECK(coverage >= 0.93);
      // and the pooled figure is within a few % of the truth (its bias falls as 1/Σ churned)
      // where the mean of each replication's own ratio, infinite in 61 % of them and dropped,
      // stays at half of it however many replications run (μ·E[1/X | X > 0] = 0.44).
      CHECK(std::fabs(pooled_sum / macro / truth - 1) < 0.07);
      CHECK(per_rep_sum / per_rep_defined / truth < 0.5);
    }
  }
}

TEST_CASE("pooled ratio difference: paired under common random numbers covers the true difference") {
  boost::random::mt19937 gen(7);
  const double truth = 1.10 - 1.00;  // quick ratios of the two variants
  int covered_paired = 0, covered_welch = 0, narrower = 0;
  const int macro = 2000;
  for (int k = 0; k < macro; ++k) {
    PooledParts a, b;
    a.ratios.resize(1);
    b.ratios.resize(1);
    boost::random::normal_distribution<double> noise(0, 1);
    for (int r = 0; r < 10; ++r) {
      const double lost = 1000 * (1 + 0.1 * noise(gen));  // common to both variants
      const double gained = lost * (1 + 0.05 * noise(gen));
      a.ratios[0].num.push_back(1.10 * gained);
      a.ratios[0].den.push_back(lost);
      b.ratios[0].num.push_back(gained * (1 + 0.01 * noise(gen)));
      b.ratios[0].den.push_back(lost);
    }
    const Interval p = pooled_ratio_difference(a, b, true);
    const Interval w = pooled_ratio_difference(a, b, false);
    covered_paired += p.low <= truth && truth <= p.high;
    covered_welch += w.low <= truth && truth <= w.high;
    narrower += (p.high - p.low) < (w.high - w.low);
  }
  INFO("paired " << covered_paired << ", Welch " << covered_welch << " of " << macro);
  CHECK(covered_paired >= 0.93 * macro);
  CHECK(covered_welch >= 0.93 * macro);
  CHECK(narrower > 0.95 * macro);  // the pairing removes the common noise
}
