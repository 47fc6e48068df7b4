// _sweep (bindings.hpp): a sweep file (or its text) run as `subsim sweep` runs it — the same
// plan, runs and result files (experiment/) — in memory, or into a resumable folder with `out`.
#include <pybind11/stl.h>

#include <mutex>

#include "experiment/provenance.hpp"
#include "experiment/sweep_folder.hpp"
#include "python/common.hpp"
#include "python/interrupt.hpp"
#include "sim/parallel_for.hpp"

namespace subsim::python {

namespace {

struct SweepArgs {
  std::vector<std::string> sets;
  int replications = 0;  // 0: the file's
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::optional<std::string> out;
  bool resume = false;
  std::vector<std::string> command;
};

SweepPlan plan_or_throw(const ScenarioInput& source, const SweepArgs& a) {
  SweepLoad sl = source.text ? load_sweep_text(*source.text, source.path)
                             : load_sweep_file(source.path);
  if (!sl.spec) throw ScenarioFailure(sl.errors);
  for (const std::string& kv : a.sets) {
    if (sets_sweep_replications(kv))
      throw ArgumentFailure("set: a sweep's replications are replications=N, not set");
    sl.spec->sets.push_back(kv);
  }
  if (a.replications > 0) sl.spec->replications = a.replications;
  if (a.seed) sl.spec->scenario_seed = *a.seed;
  SweepPrepared prepared;
  {
    py::gil_scoped_release released;
    prepared = prepare_sweep(*sl.spec, source.path, 0, 1);
  }
  if (!prepared.plan) {
    Diagnostics errors;  // already formatted lines: the message carries its own position
    for (const std::string& e : prepared.errors) errors.push_back(Diagnostic{"", 0, 0, e});
    throw ScenarioFailure(errors);
  }
  return std::move(*prepared.plan);
}

// Every (point, replication) run on `threads` threads; the records in task order.
std::vector<SweepRecord> run_in_memory(const SweepPlan& plan, int threads) {
  std::vector<SweepTask> tasks;
  for (int p = 0; p < static_cast<int>(plan.points.values.size()); ++p)
    for (int r = 0; r < plan.spec.replications; ++r) tasks.push_back({p, r});
  std::vector<SweepRecord> records(tasks.size());
  std::mutex mutex;
  InterruptCheck interrupt;
  py::gil_scoped_release released;
  parallel_for(tasks.size(), threads, [&](std::size_t i) {
    SweepRunStats stats;
    records[i] = run_sweep_task(plan, tasks[i], stats);
    interrupt.poll();
  });
  return records;
}

// The sweep run into its folder (resumed if asked), the records of every run it holds.
std::vector<SweepRecord> run_into_folder(const SweepPlan& plan, const SweepArgs& a,
                                         const ScenarioInput& source, py::list& warnings) {
  const CallRecord call{a.command, utc_now()};
  std::unique_ptr<SweepJournal> journal;
  try {
    journal = open_sweep_folder(*a.out, plan, a.resume);
  } catch (const std::runtime_error& e) {
    throw OutputFolderError(e.what());
  }
  for (const JournalProblem& p : journal->problems())
    warnings.append(*a.out + "/journal.txt:" + std::to_string(p.line) + ": " + p.reason +
                    "; its run is redone");
  InterruptCheck interrupt;
  py::gil_scoped_release released;
  run_sweep_tasks(plan, pending_tasks(plan, *journal), *journal, a.threads,
                  [&](std::size_t, std::size_t, std::uint64_t) { interrupt.poll(); });
  journal->sync();
  std::vector<ManifestFile> written =
      write_sweep_outputs(journal->folder(), plan.points, plan.meta, journal->records());
  Manifest m = start_manifest("sweep");
  record_call(m, call);
  write_sweep_manifest(journal->folder(), std::move(m), input_of(source), plan, written, 0, 1,
                       a.threads, 1);
  return journal->records();
}

py::dict sweep(const ScenarioInput& source, const SweepArgs& a) {
  const SweepPlan plan = plan_or_throw(source, a);
  py::list warnings;
  std::vector<SweepRecord> records =
      a.out ? run_into_folder(plan, a, source, warnings) : run_in_memory(plan, a.threads);
  std::vector<OutputText> files;
  for (auto& [name, text] : sweep_output_files(plan.points, plan.meta, std::move(records)))
    files.push_back({name, std::move(text)});
  py::dict d;
  d["files"] = file_list(files);
  d["design"] = plan.meta.design;
  d["points"] = plan.points.values.size();
  d["replications"] = plan.spec.replications;
  d["warnings"] = warnings;
  return d;
}

}  // namespace

void bind_sweep(py::module_& m) {
  m.def(
      "_sweep",
      [](const std::string& path, const std::optional<std::string>& text,
         std::vector<std::string> sets, int replications, std::optional<std::uint64_t> seed,
         int threads, std::optional<std::string> out, bool resume,
         std::vector<std::string> command) {
        SweepArgs a{std::move(sets), replications, seed, threads, std::move(out), resume,
                    std::move(command)};
        return sweep(ScenarioInput{path, text}, a);
      },
      py::arg("path"), py::arg("text"), py::arg("sets"), py::arg("replications"), py::arg("seed"),
      py::arg("threads"), py::arg("out"), py::arg("resume"), py::arg("command"));
  m.def(
      "_validate_sweep",
      [](const std::string& path, const std::optional<std::string>& text,
         std::vector<std::string> sets) {
        SweepArgs a;
        a.sets = std::move(sets);
        const SweepPlan plan = plan_or_throw(ScenarioInput{path, text}, a);
        py::dict d;
        d["design"] = plan.meta.design;
        d["points"] = plan.points.values.size();
        d["replications"] = plan.spec.replications;
        d["scenario"] = plan.spec.scenario;
        return d;
      },
      py::arg("path"), py::arg("text"), py::arg("sets"));
  m.def("_is_sweep_file", &is_sweep_file, py::arg("path"));
}

}  // namespace subsim::python
