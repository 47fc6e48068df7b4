#include "experiment/sweep_runner.hpp"

#include <algorithm>
#include <mutex>
#include <thread>
#include <sstream>

#include "analysis/run_report.hpp"
#include "analysis/simulate.hpp"
#include "io/sha256.hpp"
#include "io/text_file.hpp"
#include "scenario/scenario_loader.hpp"
#include "sim/memory_estimate.hpp"
#include "sim/parallel_for.hpp"
#include "model/random_stream.hpp"

namespace subsim {

namespace {

bool in_shard(std::size_t point, const SweepMeta& meta) {
  return static_cast<int>(point % static_cast<std::size_t>(meta.shards)) == meta.shard;
}

// Every name of metrics: is a metric the sweep can record; else the error naming the unknown
// ones.
std::optional<std::string> unknown_metrics(const SweepSpec& spec,
                                           const std::vector<SweepMetric>& metrics,
                                           const std::string& sweep_file) {
  if (spec.metrics.empty() || metrics.size() == spec.metrics.size()) return std::nullopt;
  std::string unknown;
  for (const std::string& name : spec.metrics)
    if (std::none_of(metrics.begin(), metrics.end(),
                     [&](const SweepMetric& m) { return m.name == name; }))
      unknown += std::string(unknown.empty() ? "" : ", ").append(name);
  return sweep_file + ": error: unknown metric in metrics: " + unknown +
         " (summary.json's names, or SERIES@MONTH such as mrr@12)";
}

// Every point keeps its validated scenario and every run its record until the sweep ends: the
// error if that needs more than 80 % of the memory available.
std::optional<std::string> too_much_memory(const SweepSpec& spec, const SweepPlan& plan,
                                           const std::string& sweep_file) {
  const double points = static_cast<double>(design_points(spec));
  const double bytes =
      points * (4096.0 + 4.0 * static_cast<double>(plan.scenario_text.size()) +
                64.0 * static_cast<double>(spec.parameters.size())) +
      points * spec.replications * (2.0 * (96.0 + 8.0 * static_cast<double>(plan.metrics.size())));
  const MemoryLimit limit = memory_limit();
  if (bytes <= 0.8 * limit.bytes) return std::nullopt;
  std::ostringstream msg;
  msg.precision(3);
  msg << sweep_file << ": error: this sweep (" << points << " points × " << spec.replications
      << " replications) needs about " << bytes / (1 << 30) << " GiB of memory but "
      << limit.what << " " << limit.bytes / (1 << 30)
      << " GiB (at most 80 % of it is used); use fewer points or replications";
  return msg.str();
}

// The sweep's identity (sweep.meta): its size, design, seed, metrics, shard and the fingerprint
// of everything that decides its results.
void describe_plan(SweepPlan& plan, const SweepSpec& spec, int shard, int shards) {
  SweepMeta& meta = plan.meta;
  meta.points = plan.points.values.size();
  meta.replications = spec.replications;
  meta.design = design_name(spec.design);
  meta.second_order = spec.second_order;
  meta.seed = spec.seed;
  for (const auto& m : plan.metrics) meta.metrics.push_back(m.name);
  meta.shard = shard;
  meta.shards = shards;
  std::string identity = points_csv(plan.points) + plan.scenario_text + meta.design +
                         (meta.second_order ? " second_order" : "") + "\n" +
                         std::to_string(spec.replications) +
                         (spec.common_random_numbers ? "crn" : "ind") +
                         std::to_string(spec.scenario_seed.value_or(0)) + std::to_string(spec.seed);
  for (const auto& s : spec.sets) identity += "\n" + s;
  for (const auto& m : meta.metrics) identity += " " + m;
  meta.fingerprint = fingerprint_of(identity);
}

// Every point's scenario of this shard, loaded and validated (in parallel) before anything
// runs; false with the first point's problems in `errors`.
bool load_points(SweepPlan& plan, const SweepSpec& spec, std::vector<std::string>& errors) {
  const std::size_t n = plan.points.values.size();
  plan.scenarios.resize(n);
  std::vector<Diagnostics> problems(n);
  parallel_for(n, 0, [&](std::size_t p) {
    if (!in_shard(p, plan.meta)) return;
    LoadOptions lo;
    lo.sets = spec.sets;
    for (std::size_t i = 0; i < plan.points.names.size(); ++i)
      if (plan.points.names[i] == "variant")  // a categorical factor: a named variant
        lo.policy = plan.points.values[p][i];
      else  // a+b: a linked factor sets every path to the same value
        for (const std::string& path : linked_paths(plan.points.names[i]))
          lo.sets.push_back(path + "=" + plan.points.values[p][i]);
    LoadResult r = load_text_for_run(plan.scenario_text, spec.scenario, lo, RunShape{});
    if (r.ok())
      plan.scenarios[p] = std::move(*r.scenario);
    else
      problems[p] = std::move(r.errors);
  });
  for (std::size_t p = 0; p < n; ++p)
    if (!problems[p].empty()) {
      errors.push_back("point " + std::to_string(p) + ":");
      for (const Diagnostic& d : problems[p]) errors.push_back(d.format());
      return false;
    }
  return true;
}

}  // namespace

// A sweep's plan: its scenario read, its metrics and memory checked, its design made and
// described, and every point of the shard validated.
SweepPrepared prepare_sweep(const SweepSpec& spec, const std::string& sweep_file, int shard,
                            int shards) {
  SweepPrepared out;
  SweepPlan plan;
  plan.spec = spec;
  std::string read_error;
  auto scenario_file = read_text_file(spec.scenario, read_error, kMaxScenarioBytes);
  if (!scenario_file) {
    out.errors.push_back(spec.scenario + ": error: " + read_error);
    return out;
  }
  plan.scenario_text = std::move(*scenario_file);
  plan.metrics = sweep_metrics(spec.metrics);
  if (auto error = unknown_metrics(spec, plan.metrics, sweep_file)) {
    out.errors.push_back(*error);
    return out;
  }
  if (auto error = too_much_memory(spec, plan, sweep_file)) {
    out.errors.push_back(*error);
    return out;
  }
  plan.points = make_design(spec);
  describe_plan(plan, spec, shard, shards);
  if (!load_points(plan, spec, out.errors)) return out;
  out.plan = std::move(plan);
  return out;
}

std::vector<SweepTask> pending_tasks(const SweepPlan& plan, const SweepJournal& journal) {
  std::vector<SweepTask> tasks;
  for (std::size_t p = 0; p < plan.points.values.size(); ++p)
    if (in_shard(p, plan.meta))
      for (int r = 0; r < plan.spec.replications; ++r)
        if (!journal.done(static_cast<int>(p), r)) tasks.push_back({static_cast<int>(p), r});
  return tasks;
}

SweepRecord run_sweep_task(const SweepPlan& plan, SweepTask task, SweepRunStats& stats) {
  const Scenario& sc = plan.scenarios.at(static_cast<std::size_t>(task.point));
  SimulateOptions so;
  so.threads = 1;
  so.stream_offset =
      static_cast<std::uint32_t>(task.replication) +
      (plan.spec.common_random_numbers ? 0u
                                       : independent_stream_offset(static_cast<std::size_t>(task.point)));
  SimulationResult res = simulate(sc, sc.policy, plan.spec.scenario_seed.value_or(sc.seed), 1, so);
  auto cols = summary_metrics(res.replications);
  SweepRecord rec{task.point, task.replication, {}};
  for (const auto& m : plan.metrics) {
    if (m.month > 0) {  // SERIES@MONTH: the monthly series at that month (n/a past the end)
      const RunMetrics& r = res.replications[0];
      rec.values.push_back(m.month <= r.months()
                               ? static_cast<double>(r.series(m.series, m.month - 1))
                               : Interval::kNaN);
      continue;
    }
    for (const auto& c : cols)
      if (c.name == m.name) rec.values.push_back(c.values[0]);
  }
  stats.events += res.stats.events;
  stats.sim_seconds += res.stats.wall_seconds;
  return rec;
}

SweepRunStats run_sweep_tasks(const SweepPlan& plan, const std::vector<SweepTask>& tasks,
                              SweepJournal& journal, int threads, const SweepProgress& progress) {
  SweepRunStats total;
  std::mutex mutex;
  std::size_t finished = 0;
  total.threads = parallel_for(tasks.size(), threads, [&](std::size_t i) {
    SweepRunStats one;
    SweepRecord rec = run_sweep_task(plan, tasks[i], one);
    std::lock_guard<std::mutex> lock(mutex);
    journal.append(rec);
    total.events += one.events;
    total.sim_seconds += one.sim_seconds;
    if (progress) progress(++finished, tasks.size(), total.events);
  });
  return total;
}

std::string sweep_dry_run_text(const SweepPlan& plan, int threads) {
  std::string out = "design " + plan.meta.design + ": " + std::to_string(plan.points.values.size()) +
                    " points × " + std::to_string(plan.spec.replications) + " replications = " +
                    std::to_string(plan.points.values.size() *
                                   static_cast<std::size_t>(plan.spec.replications)) +
                    " runs\n";
  const std::string csv = points_csv(plan.points);
  std::size_t at = 0;
  for (int line = 0; line < 21 && at < csv.size(); ++line) at = csv.find('\n', at) + 1;
  out += csv.substr(0, at);
  if (at < csv.size()) out += "… (all points: points.csv of the sweep folder)\n";
  double events = 0, bytes = 0;
  for (std::size_t p = 0; p < plan.scenarios.size(); ++p) {
    if (!in_shard(p, plan.meta)) continue;  // another shard's point: not loaded
    const Scenario& sc = plan.scenarios[p];
    const double months = month_index(sc.start, sc.end) + 1;
    events += expected_customers(sc) * months * 0.58 * plan.spec.replications;
    bytes = std::max(bytes, estimated_run_bytes(sc, RunShape{1, false, 1}));
  }
  const int t = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "estimate: about %.3g events, %.3g s on %d thread(s); about %.3g MiB per run "
                "in flight; nothing was run\n",
                events, events / (9e6 * t), t, bytes / (1 << 20));
  return out + buf;
}

std::vector<std::pair<std::string, std::string>> sweep_output_files(
    const SweepPoints& points, const SweepMeta& meta, std::vector<SweepRecord> records) {
  auto metrics = sweep_metrics(meta.metrics);
  records = complete_records(std::move(records), points.values.size(), meta.replications);
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("points.csv", points_csv(points));
  files.emplace_back("results.csv", results_csv(records, metrics));
  files.emplace_back("summary.csv",
                     sweep_summary_csv(records, metrics, points, meta.replications));
  if (meta.design == "sobol")
    files.emplace_back("sensitivity.csv", sensitivity_csv(records, metrics, points,
                                                          meta.replications, meta.seed,
                                                          meta.second_order));
  if (meta.design == "sobol" && meta.second_order)
    files.emplace_back("sensitivity_second_order.csv",
                       second_order_csv(records, metrics, points, meta.replications, meta.seed));
  return files;
}

std::vector<ManifestFile> write_sweep_outputs(GrowingFolder& out, const SweepPoints& points,
                                              const SweepMeta& meta,
                                              std::vector<SweepRecord> records) {
  std::vector<ManifestFile> written;
  for (const auto& [name, content] : sweep_output_files(points, meta, std::move(records)))
    written.push_back(out.write(name, content));
  return written;
}

}  // namespace subsim
