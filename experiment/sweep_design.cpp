#include "experiment/sweep_design.hpp"

#include <boost/random/sobol.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "io/csv.hpp"
#include "model/random_stream.hpp"

namespace subsim {

namespace {
std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}
// A unit-interval coordinate mapped onto the parameter: a range linearly, a list by index.
std::string value_at(const SweepParameter& p, double u) {
  if (p.is_range && p.integer)  // whole numbers low … high, each equally likely
    return number(std::min(p.high, std::floor(p.low + u * (p.high - p.low + 1))));
  if (p.is_range && p.decimals >= 0) {  // rounded, inside the range's rounded bounds
    const DecimalBounds b = decimal_bounds(p.low, p.high, p.decimals);
    const double v = std::round((p.low + u * (p.high - p.low)) * b.scale) / b.scale;
    const double in = std::clamp(v, b.low, b.high);
    return number(in == 0 ? 0.0 : in);  // never "-0"
  }
  if (p.is_range) return number(p.low + u * (p.high - p.low));
  auto i = static_cast<std::size_t>(u * static_cast<double>(p.values.size()));
  return p.values[std::min(i, p.values.size() - 1)];
}
}  // namespace

SweepPoints make_design(const SweepSpec& spec) {
  SweepPoints out;
  const auto& ps = spec.parameters;
  for (const auto& p : ps) out.names.push_back(p.path);
  const std::size_t k = ps.size();
  switch (spec.design) {
    case SweepDesign::grid: {
      std::vector<std::size_t> idx(k, 0);
      for (;;) {
        std::vector<std::string> row;
        for (std::size_t i = 0; i < k; ++i) row.push_back(ps[i].values[idx[i]]);
        out.values.push_back(row);
        std::size_t i = k;  // odometer: the last parameter varies fastest
        while (i > 0) {
          --i;
          if (++idx[i] < ps[i].values.size()) break;
          idx[i] = 0;
          if (i == 0) return out;
        }
        if (k == 0) return out;
      }
    }
    case SweepDesign::lhs: {
      const int n = spec.samples;
      std::vector<std::vector<std::string>> rows(n, std::vector<std::string>(k));
      for (std::size_t i = 0; i < k; ++i) {
        RandomStream rng(spec.seed, 0, static_cast<std::uint32_t>(i), Purpose::amount,
                         stream_index::lhs_design);
        std::vector<int> strata(n);
        std::iota(strata.begin(), strata.end(), 0);
        for (int j = n - 1; j > 0; --j)  // Fisher–Yates with the counter-based stream
          std::swap(strata[j], strata[rng.uniform_int(0, j)]);
        for (int j = 0; j < n; ++j) rows[j][i] = value_at(ps[i], (strata[j] + rng.uniform01()) / n);
      }
      out.values = rows;
      return out;
    }
    case SweepDesign::sobol: {
      out.base_samples = spec.samples;
      out.second_order = spec.second_order;
      boost::random::sobol seq(2 * k);
      // Skip the first 2^m ≥ N points (the origin and the all-½ point among them, where A = B),
      // as SALib does.
      std::uint64_t skip = 1;
      while (skip < static_cast<std::uint64_t>(spec.samples)) skip <<= 1;
      seq.discard(skip * 2 * k);
      const double scale = 1.0 / 18446744073709551616.0;  // 2^-64
      for (int j = 0; j < spec.samples; ++j) {
        std::vector<double> u(2 * k);
        for (double& x : u) x = static_cast<double>(seq()) * scale;
        auto row_from = [&](auto pick) {
          std::vector<std::string> row;
          for (std::size_t i = 0; i < k; ++i) row.push_back(value_at(ps[i], pick(i)));
          return row;
        };
        out.values.push_back(row_from([&](std::size_t i) { return u[i]; }));  // A
        for (std::size_t c = 0; c < k; ++c)                                   // AB_c
          out.values.push_back(row_from([&](std::size_t i) { return i == c ? u[k + i] : u[i]; }));
        for (std::size_t c = 0; spec.second_order && c < k; ++c)  // BA_c: B with A's column c
          out.values.push_back(row_from([&](std::size_t i) { return i == c ? u[i] : u[k + i]; }));
        out.values.push_back(row_from([&](std::size_t i) { return u[k + i]; }));  // B
      }
      return out;
    }
  }
  return out;
}

std::string points_csv(const SweepPoints& points) {
  std::vector<std::string> header = {"point"};
  header.insert(header.end(), points.names.begin(), points.names.end());
  CsvWriter out(header);
  for (std::size_t p = 0; p < points.values.size(); ++p) {
    std::vector<std::string> row = {std::to_string(p)};
    row.insert(row.end(), points.values[p].begin(), points.values[p].end());
    out.row(row);
  }
  return out.take();
}

}  // namespace subsim
