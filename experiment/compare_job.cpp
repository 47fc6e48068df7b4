#include "experiment/compare_job.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <tuple>

#include "analysis/compare.hpp"
#include "io/csv.hpp"
#include "io/diagnostic.hpp"

namespace subsim {

namespace {

// "0.5%" (a share, 0.005) or "0.005" / "1200" (a number): the value and whether it was a %;
// nullopt unless positive and finite (a % below 100).
std::optional<std::pair<double, bool>> share_or_number(std::string text) {
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text.pop_back();
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v > 0) || !std::isfinite(v) || (percent && v >= 100))
    return std::nullopt;
  return std::make_pair(percent ? v / 100 : v, percent);
}

// Each policy's monthly series, for charts: policy,month,metric,mean,ci_low,ci_high,n.
std::string compare_timeseries(const CompareRequest& rq, const std::vector<Scenario>& scenarios,
                               const std::vector<PolicyRun>& runs, std::uint64_t seed, int reps) {
  std::string series = "policy,month,metric,mean,ci_low,ci_high,n\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    // A variant may move the horizon (start, horizon): its months are its own.
    RunInfo info{scenarios[0].name, seed, reps, scenarios[i].start, scenarios[i].end,
                 rq.names[i]};
    std::string ts = timeseries_csv(info, runs[i].replications);
    std::istringstream in(ts);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      append_csv_field(series, rq.names[i]);
      series += "," + line + "\n";
    }
  }
  return series;
}

// What each variant changes from the reference, for verdict.txt and the report: the policy
// parameters that differ, the --set-variant overrides, or its scenario section.
std::string variant_definitions(const CompareRequest& rq, const std::vector<Scenario>& scenarios) {
  std::string out = "\nVariants (what each changes from the reference " + rq.names[0] + "):\n";
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    std::string what;
    const auto it = rq.built.find(rq.names[i]);
    if (it != rq.built.end())  // built on the command line: its overrides say it all
      for (const std::string& kv : it->second) what += (what.empty() ? "" : ", ") + kv;
    for (const PolicyParameter& p : policy_parameters()) {
      if (it != rq.built.end()) break;
      const std::string v = parameter_value_text(p, scenarios[i].policy);
      const std::string r = parameter_value_text(p, scenarios[0].policy);
      if (v != r) what += (what.empty() ? "" : ", ") + std::string(p.key) + " " + v + " (" + r + ")";
    }
    const auto& named = scenarios[0].variants;
    if (std::find(named.begin(), named.end(), rq.names[i]) != named.end())
      what += (what.empty() ? "" : "; ") + std::string("the scenario's variants: section");
    out += "  " + rq.names[i] + ": " + (what.empty() ? "the same policy as the reference" : what) + "\n";
  }
  return out;
}

}  // namespace

std::optional<std::string> add_built_variant(CompareRequest& rq, const std::string& text) {
  std::size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || text.find('=', colon) == std::string::npos)
    return "--set-variant must be NAME:KEY=VALUE, not '" + text + "'";
  const std::string name = text.substr(0, colon);
  if (name == "default")
    return std::string("--set-variant cannot change 'default' (the scenario as written); use "
                       "--set for every variant");
  if (std::find(rq.names.begin(), rq.names.end(), name) == rq.names.end()) rq.names.push_back(name);
  rq.built[name].push_back(text.substr(colon + 1));
  return std::nullopt;
}

std::optional<std::string> set_objective(CompareRequest& rq, const std::string& objective) {
  if (objective != "max" && objective != "min")
    return "--objective must be max or min, not '" + objective + "'";
  rq.objective = objective;
  rq.co.maximize = objective == "max";
  return std::nullopt;
}

std::optional<std::string> add_constraint(CompareRequest& rq, const std::string& text) {
  std::string error;
  auto c = parse_constraint(text, error);
  if (!c) return "--constraint: " + error;
  rq.constraints.push_back(*c);
  return std::nullopt;
}

std::optional<std::string> set_automatic(CompareRequest& rq, const std::optional<std::string>& precision,
                                         const std::optional<std::string>& min_effect,
                                         int max_replications) {
  if (!rq.metric) return std::string("--replications auto needs --metric (whose interval to narrow)");
  if (precision && min_effect)
    return std::string("give --min-effect (select the best, KN) or --precision (narrow an "
                       "interval), not both");
  rq.automatic = true;
  rq.co.automatic = true;
  if (precision) {
    // A share needs its unit ("0.5%"); a bare number is in the metric's unit (issue 31).
    const auto p = share_or_number(*precision);
    if (!p)
      return "--precision must be a share of the reference like 0.5% or a positive number in "
             "the metric's unit, not '" + printable(*precision) + "'";
    std::tie(rq.co.precision, rq.co.precision_share) = *p;
  } else {
    rq.co.select = true;
    rq.co.constraints = rq.constraints;
    if (min_effect) {
      const auto m = share_or_number(*min_effect);
      if (!m)
        return "--min-effect must be a share like 0.5% or a positive number in the metric's "
               "unit, not '" + printable(*min_effect) + "'";
      std::tie(rq.co.min_effect, rq.co.min_effect_share) = *m;
    }
  }
  rq.co.max_replications = max_replications;
  if (max_replications < 2 || max_replications > 100000)
    return std::string("--max-replications must be between 2 and 100000");
  rq.co.metric = *rq.metric;
  return std::nullopt;
}

std::optional<std::string> check_request(const CompareRequest& rq) {
  // The metrics are known before any run: a typo in --metric or a constraint is refused up front.
  std::vector<std::string> known;
  for (const MetricColumn& c : summary_metrics({})) known.push_back(c.name);
  std::vector<std::string> wanted;
  if (rq.metric) wanted.push_back(*rq.metric);
  for (const Constraint& c : rq.constraints) wanted.push_back(c.metric);
  for (const std::string& w : wanted)
    if (std::find(known.begin(), known.end(), w) == known.end()) {
      std::string list;
      for (const std::string& k : known) list += " " + k;
      return "unknown metric '" + w + "'; the metrics are:" + list;
    }
  if (rq.names.size() < 2) return std::string("compare needs at least two variants (--policy/--variant)");
  return std::nullopt;
}

LoadedVariants load_variants(const CompareRequest& rq, const RunShape& shape) {
  LoadedVariants out;
  for (const std::string& name : rq.names) {
    LoadOptions one = rq.lo;
    if (name != "default") one.policy = name;
    if (rq.built.count(name)) one.variant_sets = rq.built.at(name);
    LoadResult r = load_for_run(rq.source, one, shape);
    if (!r.ok()) {
      out.errors = r.errors;
      return out;
    }
    out.scenarios.push_back(std::move(*r.scenario));
  }
  const Scenario& base = out.scenarios[0];
  for (std::size_t i = 1; i < out.scenarios.size(); ++i)
    for (auto [differs, what] : {std::pair{out.scenarios[i].seed != base.seed, "seed"},
                                 std::pair{out.scenarios[i].replications != base.replications,
                                           "replications"}})
      if (differs) {
        out.error = "variant '" + rq.names[i] + "' sets " + what +
                    ": compare runs every variant with the same seed and replications (use "
                    "--seed, --replications)";
        return out;
      }
  return out;
}

int first_replications(const CompareRequest& rq, int requested, const Scenario& base) {
  if (rq.automatic) return std::max(2, std::min(10, rq.co.max_replications));
  return requested > 0 ? requested : base.replications;
}

std::string comparison_answer(const CompareRequest& rq, const std::string& scenario_name,
                              const CompareRunResult& cr, int reps) {
  char heading[512];
  std::snprintf(heading, sizeof heading, "%s: %zu variants, %d replications, %s (reference: %s)\n",
                scenario_name.c_str(), rq.names.size(), reps,
                rq.co.independent ? "independent streams" : "common random numbers",
                rq.names[0].c_str());
  if (!rq.metric) return heading + ranked_headlines(cr.rows);
  Verdict v = verdict(cr.rows, *rq.metric, rq.objective == "max", rq.constraints, false,
                      rq.co.select ? &cr.selection : nullptr);
  return v.line + "\n" + (cr.stop.empty() ? "" : cr.stop + "\n") + "\n" + heading + v.table;
}

std::vector<OutputText> compare_files(const CompareRequest& rq, const std::vector<Scenario>& scenarios,
                                      const CompareRunResult& cr, std::uint64_t seed, int reps,
                                      const std::string& answer) {
  std::vector<OutputText> files;
  files.push_back({"compare.csv", compare_csv(cr.rows)});
  files.push_back({"verdict.txt", answer + variant_definitions(rq, scenarios)});
  files.push_back({"compare_timeseries.csv", compare_timeseries(rq, scenarios, cr.runs, seed, reps)});
  std::vector<Date> starts;
  for (const Scenario& sc : scenarios) starts.push_back(sc.start);
  files.push_back({"compare_differences.csv",
                   compare_differences_csv(cr.runs, starts, !rq.co.independent)});
  std::vector<VariantReplications> per_variant;
  for (const PolicyRun& run : cr.runs) per_variant.push_back({run.name, &run.replications});
  files.push_back({"replications.csv", replications_csv(per_variant)});
  return files;
}

void add_compare_overrides(Manifest& m, const CompareRequest& rq, const CompareRunResult& cr) {
  for (const std::string& name : rq.names) m.overrides.push_back("variant " + name);
  for (const auto& [name, sets] : rq.built)
    for (const std::string& kv : sets) m.overrides.push_back("--set-variant " + name + ":" + kv);
  if (rq.co.independent) m.overrides.push_back("--independent");
  // The number of replications was chosen from the data: by which procedure, and why it stopped.
  if (!cr.stop.empty()) m.overrides.push_back(cr.stop);
}

}  // namespace subsim
