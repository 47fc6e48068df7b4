#include "experiment/sweep_report.hpp"

#include <optional>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "stats/sobol_indices.hpp"
#include "io/csv.hpp"

namespace subsim {

std::vector<SweepMetric> sweep_metrics(const std::vector<std::string>& only) {
  std::vector<SweepMetric> out;
  for (const MetricColumn& c : summary_metrics({}))
    if (only.empty() || std::find(only.begin(), only.end(), c.name) != only.end())
      out.push_back({c.name, c.unit});
  for (const std::string& name : only) {
    const std::size_t at = name.find('@');
    if (at == std::string::npos) continue;
    int month = 0;
    const std::string m = name.substr(at + 1);
    auto [end, ec] = std::from_chars(m.data(), m.data() + m.size(), month);
    if (m.empty() || ec != std::errc() || end != m.data() + m.size() || month < 1 || month > 1200)
      continue;  // not a metric: the caller sees the count differ and names it unknown
    for (int s = 0; s < kSeriesCount; ++s)
      if (name.compare(0, at, series_name(static_cast<Series>(s))) == 0 &&
          std::string(series_name(static_cast<Series>(s))).size() == at)
        out.push_back({name, series_unit(static_cast<Series>(s)), month, static_cast<Series>(s)});
  }
  return out;
}

std::vector<SweepRecord> complete_records(std::vector<SweepRecord> records, std::size_t points,
                                          int replications) {
  std::sort(records.begin(), records.end(), [](const SweepRecord& a, const SweepRecord& b) {
    return a.point != b.point ? a.point < b.point : a.replication < b.replication;
  });
  records.erase(std::unique(records.begin(), records.end(),
                            [](const SweepRecord& a, const SweepRecord& b) {
                              return a.point == b.point && a.replication == b.replication;
                            }),
                records.end());
  std::size_t expected = points * static_cast<std::size_t>(replications);
  if (records.size() != expected)
    throw std::runtime_error("the sweep has " + std::to_string(records.size()) + " of " +
                             std::to_string(expected) + " (point, replication) results");
  return records;
}

std::string results_csv(const std::vector<SweepRecord>& records,
                        const std::vector<SweepMetric>& metrics) {
  CsvWriter out({"point", "replication", "metric", "value"});
  for (const SweepRecord& r : records)
    for (std::size_t m = 0; m < metrics.size(); ++m)
      out.row({std::to_string(r.point), std::to_string(r.replication), metrics[m].name,
               value_text(r.values[m], metrics[m].unit)});
  return out.take();
}

std::string sweep_summary_csv(const std::vector<SweepRecord>& records,
                              const std::vector<SweepMetric>& metrics, const SweepPoints& design,
                              int replications) {
  // The parameters' values beside each point's results: no join with points.csv needed.
  std::vector<std::string> header = {"point"};
  header.insert(header.end(), design.names.begin(), design.names.end());
  for (const char* c : {"metric", "mean", "ci_low", "ci_high", "n"}) header.push_back(c);
  CsvWriter out(header);
  const std::size_t points = design.values.size();
  std::vector<double> column(replications);
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      for (int r = 0; r < replications; ++r)
        column[r] = records[p * replications + r].values[k];
      auto u = metrics[k].unit;
      Interval iv = summary_interval(column, support_of(u));
      std::vector<std::string> row = {std::to_string(p)};
      row.insert(row.end(), design.values[p].begin(), design.values[p].end());
      for (std::string v : {metrics[k].name, value_text(iv.mean, u), value_text(iv.low, u),
                            value_text(iv.high, u), std::to_string(iv.n)})
        row.push_back(std::move(v));
      out.row(row);
    }
  }
  return out.take();
}

namespace {

std::string f6(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return std::string(buf);
}

// The model output of each point for metric `mi`: its mean over replications (over those where
// the metric is defined; a point where it never is leaves the metric's indices undefined:
// nullopt).
std::optional<std::vector<double>> point_means(const std::vector<SweepRecord>& records,
                                               std::size_t mi, std::size_t points,
                                               int replications) {
  std::vector<double> y(points);
  for (std::size_t p = 0; p < points; ++p) {
    double s = 0;
    int n = 0;
    for (int r = 0; r < replications; ++r) {
      const double v = records[p * replications + r].values[mi];
      if (std::isfinite(v)) {
        s += v;
        ++n;
      }
    }
    if (n == 0) return std::nullopt;
    y[p] = s / n;
  }
  return y;
}

}  // namespace

std::string sensitivity_csv(const std::vector<SweepRecord>& records,
                            const std::vector<SweepMetric>& metrics, const SweepPoints& design,
                            int replications, std::uint64_t seed, bool second_order) {
  CsvWriter out({"metric", "parameter", "first_order", "first_order_ci_low",
                 "first_order_ci_high", "total", "total_ci_low", "total_ci_high"});
  const int k = static_cast<int>(design.names.size());
  for (std::size_t mi = 0; mi < metrics.size(); ++mi) {
    const auto y = point_means(records, mi, design.values.size(), replications);
    if (!y) {
      for (int i = 0; i < k; ++i)
        out.row({metrics[mi].name, design.names[i], "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"});
      continue;
    }
    auto idx = sobol_indices(*y, k, 1000, seed, second_order);
    for (int i = 0; i < k; ++i) {
      out.row({metrics[mi].name, design.names[i], f6(idx[i].first.value), f6(idx[i].first.low),
               f6(idx[i].first.high), f6(idx[i].total.value), f6(idx[i].total.low),
               f6(idx[i].total.high)});
    }
  }
  return out.take();
}

std::string second_order_csv(const std::vector<SweepRecord>& records,
                             const std::vector<SweepMetric>& metrics, const SweepPoints& design,
                             int replications, std::uint64_t seed) {
  CsvWriter out({"metric", "parameter_1", "parameter_2", "second_order", "ci_low", "ci_high"});
  const int k = static_cast<int>(design.names.size());
  for (std::size_t mi = 0; mi < metrics.size(); ++mi) {
    const auto y = point_means(records, mi, design.values.size(), replications);
    if (!y) {
      for (int i = 0; i < k; ++i)
        for (int j = i + 1; j < k; ++j)
          out.row({metrics[mi].name, design.names[i], design.names[j], "n/a", "n/a", "n/a"});
      continue;
    }
    for (const SobolPair& p : sobol_second_order(*y, k, 1000, seed))
      out.row({metrics[mi].name, design.names[p.i], design.names[p.j], f6(p.index.value),
               f6(p.index.low), f6(p.index.high)});
  }
  return out.take();
}

}  // namespace subsim
