#include "analysis/interval.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <vector>

namespace subsim {

double student_t_quantile(double p, double dof) {
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), p);
}

Interval t_interval(const Eigen::Ref<const Eigen::VectorXd>& values, double level) {
  Interval r;
  const Eigen::Index n = values.size();
  if (n == 0) return r;
  r.mean = values.mean();
  r.low = r.high = r.mean;
  if (n < 2) return r;
  r.sd = std::sqrt((values.array() - r.mean).square().sum() / static_cast<double>(n - 1));
  double half = student_t_quantile(0.5 + level / 2, static_cast<double>(n - 1)) * r.sd /
                std::sqrt(static_cast<double>(n));
  r.low = r.mean - half;
  r.high = r.mean + half;
  return r;
}

std::vector<Interval> t_intervals(const Eigen::MatrixXd& m, double level) {
  std::vector<Interval> out;
  out.reserve(m.cols());
  for (Eigen::Index c = 0; c < m.cols(); ++c) out.push_back(t_interval(m.col(c), level));
  return out;
}

}  // namespace subsim
