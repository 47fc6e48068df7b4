// The metric registry (issue 28): one row per metric, read by every output. Its rows are
// checked here; that each has a computation, reaches summary.json and is defined in
// docs/outputs.md is checked in tests/analysis/run_metrics_test.cpp.
#include "model/metric.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <string>

#include "model/number_format.hpp"

using namespace subsim;

TEST_CASE("metric registry: unique names, every shown metric labelled in a known group") {
  std::set<std::string> names, headlines;
  std::set<std::string> groups(metric_groups().begin(), metric_groups().end());
  for (const MetricDef& m : metric_registry()) {
    INFO(std::string(m.name));
    CHECK(names.insert(m.name).second);
    CHECK(std::string(m.definition).size() > 5);
    CHECK((m.better == -1 || m.better == 0 || m.better == 1));
    if (!m.is_alias()) {
      CHECK(groups.count(m.group) == 1);
      CHECK(std::string(m.label).size() > 2);
    }
    if (m.headline > 0) CHECK(headlines.insert(std::to_string(m.headline)).second);
  }
  CHECK(find_metric("churned_voluntary")->unit == MetricUnit::count);
  CHECK(find_metric("nrr_12m")->unit == MetricUnit::rate);
  CHECK(find_metric("no_such_metric") == nullptr);
  // Each group in the report's order, ranks without gaps.
  for (const char* g : metric_groups()) {
    auto rows = metrics_of_group(g);
    REQUIRE(!rows.empty());
    for (std::size_t i = 0; i < rows.size(); ++i) CHECK(rows[i]->rank == static_cast<int>(i));
  }
}

TEST_CASE("numbers as text: no minus sign on a zero, n/a for NaN, each unit its own form") {
  CHECK(fixed_text(-0.0001, 2) == "0.00");
  CHECK(fixed_text(-0.0, 0) == "0");
  CHECK(fixed_text(-0.0004, 3) == "0.000");
  CHECK(fixed_text(-1.5, 1) == "-1.5");
  CHECK(fixed_text(NAN, 2) == "n/a");
  CHECK(value_text(123456, MetricUnit::money) == "1234.56");
  CHECK(value_text(-0.4, MetricUnit::money) == "0.00");
  CHECK(value_text(12, MetricUnit::count) == "12");
  CHECK(value_text(12.5, MetricUnit::count) == "12.500");
  CHECK(value_text(0.25, MetricUnit::share) == "0.250000");
  CHECK(mean_text(12, MetricUnit::count) == "12.000");
  CHECK(mean_text(250, MetricUnit::money) == "2.50");
  CHECK(display_text(0.0123, MetricUnit::share) == "1.23 %");
  CHECK(display_text(1.5, MetricUnit::rate) == "150.0 %");
  CHECK(display_text(2.25, MetricUnit::ratio) == "2.25");
  CHECK(display_text(12345.6, MetricUnit::money, true) == "+12,346");
  CHECK(display_text(-3, MetricUnit::count, true) == "−3");
}
