// The edge of a likelihood region along one line: where a continuous g turns from inside
// (g ≤ 0) to outside (g > 0) between a point known inside and one known outside. One root finder
// for every such edge (the geometric interval, the sBG profile intervals, the region's boundary
// rays): Boost.Math's TOMS 748 (Alefeld, Potra and Shi 1995), which needs far fewer evaluations
// than bisection for the same width. A point where g is undefined (NaN) counts as outside.
#pragma once
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <utility>

namespace subsim {

// The end on the inside of a bracket [in, out] (either order) of width ≤ `width` that holds the
// crossing; `in` itself when g(in) is already on the edge.
template <class G>
double last_inside(G g, double in, double out, double width, std::uintmax_t max_evaluations = 100) {
  auto f = [&](double x) {
    const double v = g(x);
    return std::isnan(v) ? 1e300 : v;
  };
  const double g_in = f(in), g_out = f(out);
  if (!(g_in < 0)) return in;
  if (!(g_out > 0)) return out;
  const bool rising = in < out;
  const double a = rising ? in : out, b = rising ? out : in;
  const auto close = [width](double x, double y) { return std::fabs(y - x) <= width; };
  const std::pair<double, double> r = boost::math::tools::toms748_solve(
      f, a, b, rising ? g_in : g_out, rising ? g_out : g_in, close, max_evaluations);
  return rising ? r.first : r.second;
}

}  // namespace subsim
