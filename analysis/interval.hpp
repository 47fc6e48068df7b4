// Mean, standard deviation and Student-t 95 % interval over replications.
#pragma once
#include <Eigen/Dense>

namespace subsim {

struct Interval {
  double mean = 0;
  double sd = 0;
  double low = 0;
  double high = 0;
};

// Over the entries of `values` (one per replication). With one value the interval is the mean.
Interval t_interval(const Eigen::Ref<const Eigen::VectorXd>& values, double level = 0.95);

// Column-wise: rows = replications, columns = metrics.
std::vector<Interval> t_intervals(const Eigen::MatrixXd& reps_by_metric, double level = 0.95);

// Quantile of Student's t; real degrees of freedom are allowed (Welch).
double student_t_quantile(double p, double dof);

}  // namespace subsim
