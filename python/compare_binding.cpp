// _compare (bindings.hpp): variants of a scenario compared as `subsim compare` compares them —
// the same request, checks, pairing and files (experiment/compare_job) — with the GIL released.
#include <pybind11/stl.h>

#include <cstring>

#include "experiment/compare_job.hpp"
#include "experiment/provenance.hpp"
#include "python/common.hpp"
#include "python/interrupt.hpp"

namespace subsim::python {

namespace {

struct CompareArgs {
  std::vector<std::string> built;  // NAME:KEY=VALUE
  std::vector<std::string> constraints;
  std::string objective = "max";
  int replications = 0;  // 0: the scenario's
  bool automatic = false;
  std::optional<std::string> precision, min_effect;
  int max_replications = 1000;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> out;
  std::vector<std::string> command;
};

// A problem of the request, named as the Python arguments are (the checks are the command's
// and speak of its options).
void ok_or_throw(const std::optional<std::string>& problem) {
  if (!problem) return;
  static const std::pair<const char*, const char*> kNames[] = {
      {"--replications auto", "replications='auto'"}, {"--set-variant", "set_variant"},
      {"--policy/--variant", "variants"}, {"--objective", "objective"},
      {"--constraint", "constraints"}, {"--metric", "metric"}, {"--min-effect", "min_effect"},
      {"--precision", "precision"}, {"--max-replications", "max_replications"},
      {"--set ", "set= "}};
  std::string text = *problem;
  for (const auto& [flag, name] : kNames)
    for (std::size_t at; (at = text.find(flag)) != std::string::npos;)
      text.replace(at, std::strlen(flag), name);
  throw ArgumentFailure(text);
}

// The request as the command reads it from its options, each problem a ValueError.
void read_request(CompareRequest& rq, const CompareArgs& a) {
  for (const std::string& text : a.built) ok_or_throw(add_built_variant(rq, text));
  ok_or_throw(set_objective(rq, a.objective));
  for (const std::string& text : a.constraints) ok_or_throw(add_constraint(rq, text));
  ok_or_throw(check_request(rq));
  if (a.automatic) ok_or_throw(set_automatic(rq, a.precision, a.min_effect, a.max_replications));
}

py::dict compare(CompareRequest& rq, const CompareArgs& a) {
  read_request(rq, a);
  RunShape shape{rq.co.threads, false, rq.automatic ? rq.co.max_replications : a.replications};
  LoadedVariants loaded = load_variants(rq, shape);
  if (!loaded.error.empty()) loaded.errors.push_back(Diagnostic{rq.source.path, 0, 0, loaded.error});
  if (!loaded.ok()) throw ScenarioFailure(loaded.errors);
  const std::vector<Scenario>& scenarios = loaded.scenarios;
  const std::uint64_t seed = a.seed.value_or(scenarios[0].seed);
  int reps = first_replications(rq, a.replications, scenarios[0]);
  if (reps < 2) throw ArgumentFailure("replications: compare needs at least 2 for its intervals");
  const CallRecord call{a.command, utc_now()};
  std::unique_ptr<OutputFolder> folder;
  if (a.out) folder = std::make_unique<OutputFolder>(*a.out);
  rq.co.replications = reps;
  InterruptCheck interrupt;
  rq.co.progress = [&](std::size_t, std::size_t, std::uint64_t) { interrupt.poll(); };
  CompareRunResult cr;
  std::string answer;
  std::vector<OutputText> files;
  {
    py::gil_scoped_release released;
    cr = run_comparison(scenarios, rq.names, seed, rq.co);
    reps = static_cast<int>(cr.runs[0].replications.size());
    answer = comparison_answer(rq, scenarios[0].name, cr, reps);
    files = compare_files(rq, scenarios, cr, seed, reps, answer);
    if (folder) {
      Manifest m = call_manifest("compare", rq.source, other_inputs_of(scenarios), rq.lo, seed,
                                 reps, rq.co.threads, call);
      add_compare_overrides(m, rq, cr);
      write_and_commit(*folder, files, std::move(m));
    }
  }
  py::dict d;
  d["files"] = file_list(files);
  d["answer"] = answer;
  d["seed"] = seed;
  d["replications"] = reps;
  d["variants"] = rq.names;
  d["events"] = cr.events;
  d["wall_seconds"] = cr.wall_seconds;
  return d;
}

}  // namespace

void bind_compare(py::module_& m) {
  m.def(
      "_compare",
      [](const std::string& path, const std::optional<std::string>& text,
         std::vector<std::string> names, std::vector<std::string> built,
         std::vector<std::string> sets, std::optional<std::string> metric, std::string objective,
         std::vector<std::string> constraints, int replications, bool automatic,
         std::optional<std::string> precision, std::optional<std::string> min_effect,
         int max_replications, bool independent, std::optional<std::uint64_t> seed, int threads,
         std::optional<std::string> out, std::vector<std::string> command) {
        CompareRequest rq;
        rq.source = ScenarioInput{path, text};
        rq.names = std::move(names);
        rq.lo.sets = std::move(sets);
        rq.metric = std::move(metric);
        rq.co.independent = independent;
        rq.co.threads = threads;
        CompareArgs a{std::move(built), std::move(constraints), std::move(objective),
                      replications, automatic, std::move(precision), std::move(min_effect),
                      max_replications, seed, std::move(out), std::move(command)};
        return compare(rq, a);
      },
      py::arg("path"), py::arg("text"), py::arg("names"), py::arg("built"), py::arg("sets"),
      py::arg("metric"), py::arg("objective"), py::arg("constraints"), py::arg("replications"),
      py::arg("automatic"), py::arg("precision"), py::arg("min_effect"),
      py::arg("max_replications"), py::arg("independent"), py::arg("seed"), py::arg("threads"),
      py::arg("out"), py::arg("command"));
}

}  // namespace subsim::python
