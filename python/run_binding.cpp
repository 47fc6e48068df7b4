// _run and _validate (bindings.hpp): a scenario — a file, or YAML text the package made from a
// dict — loaded as `subsim run` loads it, run with the GIL released, and its files returned as
// bytes; with a folder, also written there as `subsim run --out` writes them.
#include <pybind11/stl.h>

#include <memory>
#include <optional>

#include "analysis/run_report.hpp"
#include "analysis/simulate.hpp"
#include "analysis/trace_stream.hpp"
#include "python/common.hpp"
#include "python/interrupt.hpp"
#include "sim/memory_estimate.hpp"
#include "sim/parallel_for.hpp"

namespace subsim::python {

namespace {

struct RunArgs {
  ScenarioInput source;
  LoadOptions load;
  int replications = 0;  // 0: the scenario's
  std::optional<std::uint64_t> seed;
  int threads = 0;
  bool segments = false;
  std::optional<TraceFilterText> trace;
  std::optional<std::string> out;
  std::vector<std::string> command;  // the Python call, for manifest.json
};

// The trace filter asked for (ArgumentFailure with its problems), or none without a trace.
std::optional<TraceFilter> trace_filter(const RunArgs& a, const Scenario& sc, std::uint64_t seed,
                                        int reps) {
  if (!a.trace) return std::nullopt;
  std::vector<std::string> errors;
  auto filter = parse_trace_filter(sc, seed, static_cast<std::uint32_t>(reps), *a.trace, errors);
  if (!filter) {
    std::string text = "trace: ";
    for (std::size_t i = 0; i < errors.size(); ++i) text += (i ? "; " : "") + errors[i];
    throw ArgumentFailure(text);
  }
  return filter;
}

// A trace kept in memory: events.csv and replication 0's subscriptions.csv.
struct MemoryTrace {
  std::string events, subscriptions;
  std::unique_ptr<TraceStream> stream;
};

std::unique_ptr<MemoryTrace> memory_trace(const TraceFilter& filter, const Scenario& sc,
                                          int threads) {
  auto t = std::make_unique<MemoryTrace>();
  MemoryTrace* p = t.get();
  const int n = std::min(threads > 0 ? threads : default_threads(), 1024);
  t->stream = std::make_unique<TraceStream>(
      sc, filter, [p](std::string_view b) { p->events.append(b); },
      [p](std::string_view b) { p->subscriptions.append(b); },
      static_cast<std::size_t>(n * kTraceUnitsWaitingPerThread));
  return t;
}

py::dict run(const RunArgs& a) {
  RunShape shape{a.threads, a.trace.has_value(), a.replications};
  Scenario sc = load_or_throw(a.source, a.load, shape);
  const std::uint64_t seed = a.seed.value_or(sc.seed);
  const int reps = a.replications > 0 ? a.replications : sc.replications;
  // Checked and locked before the run, as the command does: a bad folder costs nothing.
  const CallRecord call{a.command, utc_now()};
  std::unique_ptr<OutputFolder> folder;
  if (a.out) folder = std::make_unique<OutputFolder>(*a.out);
  const std::optional<TraceFilter> filter = trace_filter(a, sc, seed, reps);
  if (filter) {  // the trace kept in memory counts too: the customers the filter keeps
    shape.trace_in_memory = filter->accounts.empty() ? filter->sample : 0;
    if (auto too_much = check_memory(sc, shape)) throw ScenarioFailure({*too_much});
  }
  std::unique_ptr<MemoryTrace> trace = filter ? memory_trace(*filter, sc, a.threads) : nullptr;
  SimulateOptions so;
  so.threads = a.threads;
  so.segments = a.segments;
  so.stream = trace ? trace->stream.get() : nullptr;
  InterruptCheck interrupt;
  so.progress = [&](std::size_t, std::size_t, std::uint64_t) { interrupt.poll(); };
  RunInfo info{sc.name, seed, reps, sc.start, sc.end,
               a.load.policy.empty() ? "default" : a.load.policy};
  std::vector<OutputText> files;
  SimulationResult result;
  {
    py::gil_scoped_release released;
    result = simulate(sc, sc.policy, seed, reps, so);
    if (trace) {
      trace->stream.reset();  // its writer thread joined: the texts are complete
      // First, as the command streams them into its folder before the others.
      files.push_back({"events.csv", std::move(trace->events)});
      files.push_back({"subscriptions.csv", std::move(trace->subscriptions)});
    }
    for (OutputText& f : run_files(info, result.replications, a.segments ? &result.segments : nullptr))
      files.push_back(std::move(f));
    if (folder) {
      std::vector<std::string> inputs = sc.other_inputs;
      if (a.trace && a.trace->accounts.rfind('@', 0) == 0) inputs.push_back(a.trace->accounts.substr(1));
      Manifest m = call_manifest("run", a.source, inputs, a.load, seed, reps, a.threads, call);
      if (!a.load.policy.empty()) m.overrides.push_back("policy " + a.load.policy);
      write_and_commit(*folder, files, std::move(m));
    }
  }
  py::dict d;
  d["files"] = file_list(files);
  d["seed"] = seed;
  d["replications"] = reps;
  d["events"] = result.stats.events;
  d["customer_years"] = result.stats.customer_years;
  d["wall_seconds"] = result.stats.wall_seconds;
  return d;
}

// The scenario and each of its variants loaded; their names, or ScenarioError with every problem.
py::dict validate(const ScenarioInput& source, const LoadOptions& lo) {
  Scenario sc = load_or_throw(source, lo, RunShape{});
  VariantsChecked variants = check_variants(source, lo, sc);
  if (!variants.problems.empty()) throw ScenarioFailure(variants.problems);
  py::dict d;
  d["name"] = sc.name;
  d["variants"] = variants.names;
  d["start"] = format_iso(sc.start);
  d["end"] = format_iso(sc.end);
  d["seed"] = sc.seed;
  d["replications"] = sc.replications;
  d["customers"] = expected_customers(sc);
  return d;
}

}  // namespace

void bind_run(py::module_& m) {
  m.def(
      "_run",
      [](const std::string& path, const std::optional<std::string>& text,
         const std::vector<std::string>& sets, const std::string& variant, int replications,
         std::optional<std::uint64_t> seed, int threads, bool segments,
         std::optional<std::map<std::string, std::string>> trace, std::optional<std::string> out,
         std::vector<std::string> command) {
        RunArgs a;
        a.source = ScenarioInput{path, text};
        a.load.sets = sets;
        a.load.policy = variant;
        a.replications = replications;
        a.seed = seed;
        a.threads = threads;
        a.segments = segments;
        if (trace) {
          TraceFilterText f;
          auto get = [&](const char* k) { return trace->count(k) ? trace->at(k) : std::string(); };
          f.accounts = get("accounts");
          f.events = get("events");
          f.from = get("from");
          f.to = get("to");
          f.sample = get("sample");
          a.trace = f;
        }
        a.out = std::move(out);
        a.command = std::move(command);
        return run(a);
      },
      py::arg("path"), py::arg("text"), py::arg("sets"), py::arg("variant"),
      py::arg("replications"), py::arg("seed"), py::arg("threads"), py::arg("segments"),
      py::arg("trace"), py::arg("out"), py::arg("command"));
  m.def(
      "_validate",
      [](const std::string& path, const std::optional<std::string>& text,
         const std::vector<std::string>& sets, const std::string& variant) {
        LoadOptions lo;
        lo.sets = sets;
        lo.policy = variant;
        return validate(ScenarioInput{path, text}, lo);
      },
      py::arg("path"), py::arg("text"), py::arg("sets"), py::arg("variant") = "");
}

}  // namespace subsim::python
