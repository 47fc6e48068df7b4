#include "report/headline.hpp"

#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

#include "report/html.hpp"
#include "model/metric.hpp"
#include "model/number_format.hpp"

namespace subsim {

namespace {

double number(const JsonView& v) {
  return v.json().is_number() ? v.json().get<double>() : NAN;
}

}  // namespace

std::string headline_table(const JsonView& metrics) {
  std::string h =
      "<table class=\"headline\">\n<tr><th>figure</th><th>mean</th><th>95 % interval</th></tr>\n";
  std::set<std::string> shown = {"rejected_by_rule"};  // a table of its own
  for (const MetricDef& m : metric_registry())
    if (m.is_alias()) shown.insert(m.name);  // aliases: shown under their other name
  auto row = [&](const std::string& name, const std::string& label, MetricUnit kind) {
    JsonView m = metrics[name];
    std::string ci = "n/a";
    if (!m["ci95"].json().is_null())
      ci = "[" + display_text(number(m["ci95"][0]), kind) + ", " + display_text(number(m["ci95"][1]), kind) + "]";
    // The same value in every replication: said so. Only a count never seen keeps its interval
    // (exact Poisson: how rare it may still be).
    if (m.has("zero_variance") && m["zero_variance"].json().is_boolean() &&
        m["zero_variance"].json().get<bool>())
      ci = number(m["mean"]) == 0 && kind == MetricUnit::count ? ci + " (never seen)"
                                                         : "the same in every replication";
    h += "<tr><td>" + html_escape(label) + "</td><td>" + html_escape(display_text(number(m["mean"]), kind)) +
         "</td><td>" + html_escape(ci) + "</td></tr>\n";
    shown.insert(name);
  };
  for (const char* group : metric_groups()) {
    h += "<tr><th colspan=\"3\" class=\"group\">" + std::string(group) + "</th></tr>\n";
    for (const MetricDef* r : metrics_of_group(group))
      if (metrics.has(r->name)) row(r->name, r->label, r->unit);
  }
  // Metrics this table does not know yet: shown under their own names, as counts.
  bool other = false;
  for (const std::string& name : metrics.keys())
    if (!shown.count(name)) {
      if (!other) h += "<tr><th colspan=\"3\" class=\"group\">Other</th></tr>\n";
      other = true;
      row(name, name, MetricUnit::count);
    }
  h += "</table>\n<p class=\"note\">Money in currency units; rates in percent. “n/a”: the "
       "figure has no meaning in these runs (e.g. no customer at risk); an interval needs two "
       "or more replications. Intervals of counts and rates stay inside their possible range "
       "(docs/outputs.md).</p>\n";
  return h;
}

}  // namespace subsim
