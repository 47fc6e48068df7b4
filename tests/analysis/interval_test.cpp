#include "analysis/interval.hpp"

#include <doctest/doctest.h>

using namespace subsim;

TEST_CASE("Student-t 95 % interval over replications") {
  Eigen::VectorXd v(5);
  v << 1, 2, 3, 4, 5;
  Interval i = t_interval(v);
  CHECK(i.mean == doctest::Approx(3));
  CHECK(i.sd == doctest::Approx(1.5811388));
  CHECK(student_t_quantile(0.975, 4) == doctest::Approx(2.7764451));
  CHECK(i.high - i.mean == doctest::Approx(2.7764451 * 1.5811388 / std::sqrt(5.0)));
  CHECK(i.mean - i.low == doctest::Approx(i.high - i.mean));
  Eigen::VectorXd one(1);
  one << 7;
  Interval j = t_interval(one);
  CHECK(j.low == 7);
  CHECK(j.high == 7);
}
