// subsim sweep / subsim merge: parameter sweeps, resumable, on threads or as job-array shards.
#include "io/atomic_file.hpp"
#include "analysis/simulate.hpp"
#include "analysis/sweep_report.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "sim/memory_estimate.hpp"
#include "scenario/sweep_spec.hpp"
#include "io/text_file.hpp"

#ifdef SUBSIM_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#endif

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace subsim::cli {

namespace {

struct Meta {
  std::string fingerprint;
  std::size_t points = 0;
  int replications = 0;
  std::string design;
  std::uint64_t seed = 0;
  std::vector<std::string> metrics;
  int shard = 0, shards = 1;
};

std::string meta_text(const Meta& m) {
  std::string s = "fingerprint " + m.fingerprint + "\npoints " + std::to_string(m.points) +
                  "\nreplications " + std::to_string(m.replications) + "\ndesign " + m.design +
                  "\nseed " + std::to_string(m.seed) + "\nshard " + std::to_string(m.shard) + "/" +
                  std::to_string(m.shards) + "\nmetrics";
  for (const auto& x : m.metrics) s += " " + x;
  return s + "\n";
}

Meta read_meta(const std::filesystem::path& dir) {
  std::ifstream in(dir / "sweep.meta");
  if (!in) throw std::runtime_error((dir / "sweep.meta").string() + ": not a sweep directory");
  Meta m;
  std::string key;
  while (in >> key) {
    if (key == "fingerprint")
      in >> m.fingerprint;
    else if (key == "points")
      in >> m.points;
    else if (key == "replications")
      in >> m.replications;
    else if (key == "design")
      in >> m.design;
    else if (key == "seed")
      in >> m.seed;
    else if (key == "shard") {
      char slash;
      in >> m.shard >> slash >> m.shards;
    } else if (key == "metrics") {
      std::string line;
      std::getline(in, line);
      std::istringstream ls(line);
      for (std::string x; ls >> x;) m.metrics.push_back(x);
    }
  }
  return m;
}

SweepPoints read_points(const std::filesystem::path& dir) {
  std::ifstream in(dir / "points.csv");
  if (!in) throw std::runtime_error((dir / "points.csv").string() + ": missing");
  SweepPoints p;
  std::string line;
  std::getline(in, line);
  std::istringstream head(line);
  std::string cell;
  std::getline(head, cell, ',');
  while (std::getline(head, cell, ',')) p.names.push_back(cell);
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::getline(row, cell, ',');
    std::vector<std::string> v;
    while (std::getline(row, cell, ',')) v.push_back(cell);
    p.values.push_back(v);
  }
  return p;
}

// Writes the final files of a complete sweep.
void write_final(const std::filesystem::path& out, const SweepPoints& points, const Meta& meta,
                 std::vector<SweepRecord> records) {
  auto metrics = sweep_metrics(meta.metrics);
  records = complete_records(std::move(records), points.values.size(), meta.replications);
  write_file_atomically(out / "points.csv", points_csv(points));
  write_file_atomically(out / "results.csv", results_csv(records, metrics));
  write_file_atomically(
      out / "summary.csv",
      sweep_summary_csv(records, metrics, points.values.size(), meta.replications));
  if (meta.design == "sobol")
    write_file_atomically(out / "sensitivity.csv",
                          sensitivity_csv(records, metrics, points, meta.replications, meta.seed));
}

}  // namespace

int sweep_command(const std::vector<std::string>& args) {
  po::options_description o("sweep options");
  o.add_options()("help,h", "show this help")("sweep", po::value<std::string>()->required(),
                                              "the sweep YAML")(
      "out", po::value<std::string>()->required(), "output directory")(
      "threads", po::value<int>()->default_value(0), "parallel runs (0 = all cores)")(
      "resume", "finish an interrupted sweep in --out, running only what is missing")(
      "shard", po::value<std::string>(), "I/N: run every N-th point (I = 0 … N-1), for job arrays")(
      "quiet,q", "no progress on stderr")("report", "also write DIR/report.html");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  bool help = false;
  auto vm = parse(args, o, pos,
                  "usage: subsim sweep SWEEP.yaml --out DIR [--threads N] [--resume] [--shard I/N]",
                  help);
  if (!vm) return help ? 0 : 2;
  const std::string sweep_file = (*vm)["sweep"].as<std::string>();
#ifdef SUBSIM_MPI
  boost::mpi::communicator world;
  const int ranks = world.size();
  const bool is_root = world.rank() == 0;
#else
  const bool is_root = true;
#endif
  SweepLoad sl = load_sweep_file(sweep_file);
  if (!sl.spec) {
    for (const Diagnostic& d : sl.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
    return 2;
  }
  const SweepSpec& spec = *sl.spec;
  int shard = 0, shards = 1;
  if (vm->count("shard")) {
    std::string s = (*vm)["shard"].as<std::string>();
    if (std::sscanf(s.c_str(), "%d/%d", &shard, &shards) != 2 || shards < 1 || shard < 0 ||
        shard >= shards) {
      std::fprintf(stderr, "subsim: --shard must be I/N with 0 <= I < N, not '%s'\n", s.c_str());
      return 2;
    }
  }
  std::string read_error;
  auto scenario_file = read_text_file(spec.scenario, read_error);
  if (!scenario_file) {
    std::fprintf(stderr, "%s: error: %s\n", spec.scenario.c_str(), read_error.c_str());
    return 2;
  }
  const std::string scenario_text = *scenario_file;
  auto metrics = sweep_metrics(spec.metrics);
  if (metrics.size() != (spec.metrics.empty() ? metrics.size() : spec.metrics.size())) {
    std::fprintf(stderr, "%s: error: unknown metric in metrics:\n", sweep_file.c_str());
    return 2;
  }
  SweepPoints points = make_design(spec);
  // Every point's scenario is validated before anything runs (in parallel: it is per point).
  std::vector<Scenario> scenarios(points.values.size());
  std::vector<Diagnostics> problems(points.values.size());
  {
    std::atomic<std::size_t> next_point{0};
    auto load_points = [&] {
      for (std::size_t p; (p = next_point.fetch_add(1)) < points.values.size();) {
        if (static_cast<int>(p % shards) != shard) continue;
        LoadOptions lo;
        lo.sets = spec.sets;
        for (std::size_t i = 0; i < points.names.size(); ++i)
          lo.sets.push_back(points.names[i] + "=" + points.values[p][i]);
        LoadResult r = load_text_for_run(scenario_text, spec.scenario, lo, RunShape{});
        if (r.ok())
          scenarios[p] = std::move(*r.scenario);
        else
          problems[p] = std::move(r.errors);
      }
    };
    std::vector<std::thread> loaders;
    for (int t = 1; t < default_threads(); ++t) loaders.emplace_back(load_points);
    load_points();
    for (auto& t : loaders) t.join();
  }
  for (std::size_t p = 0; p < problems.size(); ++p)
    if (!problems[p].empty()) {
      std::fprintf(stderr, "point %zu:\n", p);
      for (const Diagnostic& d : problems[p]) std::fprintf(stderr, "%s\n", d.format().c_str());
      return 2;
    }
  Meta meta;
  meta.points = points.values.size();
  meta.replications = spec.replications;
  meta.design = spec.design == SweepDesign::grid  ? "grid"
                : spec.design == SweepDesign::lhs ? "lhs"
                                                  : "sobol";
  meta.seed = spec.seed;
  for (const auto& m : metrics) meta.metrics.push_back(m.name);
  meta.shard = shard;
  meta.shards = shards;
  std::string identity = points_csv(points) + scenario_text + meta.design + "\n" +
                         std::to_string(spec.replications) +
                         (spec.common_random_numbers ? "crn" : "ind") +
                         std::to_string(spec.scenario_seed.value_or(0)) + std::to_string(spec.seed);
  for (const auto& s : spec.sets) identity += "\n" + s;
  for (const auto& m : meta.metrics) identity += " " + m;
  meta.fingerprint = fingerprint_of(identity);

  const std::filesystem::path out = (*vm)["out"].as<std::string>();
  std::error_code ec;
  if (is_root) std::filesystem::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "%s: error: %s\n", out.c_str(), ec.message().c_str());
    return 2;
  }
  std::unique_ptr<SweepJournal> journal;
  int journal_ok = 1;
  if (is_root) {
    try {
      journal = std::make_unique<SweepJournal>(out / "journal.txt", meta.fingerprint, meta.metrics,
                                               vm->count("resume") > 0);
      write_file_atomically(out / "sweep.meta", meta_text(meta));
      write_file_atomically(out / "points.csv", points_csv(points));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
      journal_ok = 0;
    }
  }
#ifdef SUBSIM_MPI
  if (ranks > 1) boost::mpi::broadcast(world, journal_ok, 0);
#endif
  if (!journal_ok) return 2;

  struct Task {
    int point, replication;
  };
  // One (point, replication): its own simulation on one thread; results never depend on who
  // runs it, so threads, ranks and shards all give the same records.
  auto run_task = [&](const Task& t, std::uint64_t& events, double& seconds) {
    const Scenario& sc = scenarios[t.point];
    SimulateOptions so;
    so.threads = 1;
    so.stream_offset =
        static_cast<std::uint32_t>(t.replication) +
        (spec.common_random_numbers ? 0u : independent_stream_offset(t.point));
    SimulationResult res = simulate(sc, sc.policy, spec.scenario_seed.value_or(sc.seed), 1, so);
    auto cols = summary_metrics(res.replications);
    SweepRecord rec{t.point, t.replication, {}};
    for (const auto& m : metrics)
      for (const auto& c : cols)
        if (c.name == m.name) rec.values.push_back(c.values[0]);
    events += res.stats.events;
    seconds += res.stats.wall_seconds;
    return rec;
  };
  std::vector<Task> tasks;
  std::size_t ran_elsewhere = 0;  // by other MPI ranks
  if (is_root)
    for (std::size_t p = 0; p < points.values.size(); ++p)
      if (static_cast<int>(p % shards) == shard)
        for (int r = 0; r < spec.replications; ++r)
          if (!journal->done(static_cast<int>(p), r)) tasks.push_back({static_cast<int>(p), r});
  std::size_t already = is_root ? journal->records().size() : 0;
  Progress progress(vm->count("quiet") == 0 && is_root, "runs");
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::size_t finished = 0;
  std::exception_ptr failure;
  auto t0 = std::chrono::steady_clock::now();
  std::uint64_t events = 0;
  double sim_seconds = 0;
  auto worker = [&] {
    for (;;) {
      std::size_t i = next.fetch_add(1);
      if (i >= tasks.size()) return;
      try {
        std::uint64_t ev = 0;
        double secs = 0;
        SweepRecord rec = run_task(tasks[i], ev, secs);
        std::lock_guard<std::mutex> lock(mutex);
        journal->append(rec);
        events += ev;
        sim_seconds += secs;
        progress.update(++finished, tasks.size(), events);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        next = tasks.size();
        return;
      }
    }
  };
#ifdef SUBSIM_MPI
  if (ranks > 1) {
    // Rank 0 hands out (point, replication) pairs one at a time and journals the results;
    // the other ranks simulate.
    const int width = 2 + static_cast<int>(metrics.size());
    std::vector<double> buf(width);
    if (is_root) {
      int active = ranks - 1;
      std::size_t handed = 0;
      while (active > 0) {
        boost::mpi::status st = world.recv(boost::mpi::any_source, 1, buf.data(), width);
        if (buf[0] >= 0) {
          SweepRecord rec{static_cast<int>(buf[0]), static_cast<int>(buf[1]),
                          std::vector<double>(buf.begin() + 2, buf.end())};
          journal->append(rec);
          progress.update(++finished, tasks.size());
        }
        if (handed < tasks.size()) {
          int task[2] = {tasks[handed].point, tasks[handed].replication};
          ++handed;
          world.send(st.source(), 2, task, 2);
        } else {
          int none[2] = {-1, -1};
          world.send(st.source(), 3, none, 2);
          --active;
        }
      }
    } else {
      buf[0] = -1;
      for (;;) {
        world.send(0, 1, buf.data(), width);
        int task[2];
        boost::mpi::status st = world.recv(0, boost::mpi::any_tag, task, 2);
        if (st.tag() == 3) break;
        SweepRecord rec = run_task({task[0], task[1]}, events, sim_seconds);
        buf[0] = rec.point;
        buf[1] = rec.replication;
        std::copy(rec.values.begin(), rec.values.end(), buf.begin() + 2);
      }
      return 0;
    }
    ran_elsewhere = tasks.size();
    tasks.clear();
  }
#endif
  int threads = (*vm)["threads"].as<int>();
  if (threads <= 0) threads = default_threads();
  threads =
      std::max(1, std::min<int>(threads, static_cast<int>(std::max<std::size_t>(1, tasks.size()))));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  progress.finish();
  if (failure) std::rethrow_exception(failure);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (shards == 1) write_final(out, points, meta, journal->records());
  std::printf(
      "sweep %s: %zu points × %d replications (%s), %zu runs now, %zu from before; "
      "%llu events, wall %.2f s, simulation %.2f s on %d thread(s)%s\n",
      sweep_file.c_str(), points.values.size(), spec.replications, meta.design.c_str(),
      tasks.size() + ran_elsewhere, already, static_cast<unsigned long long>(events), wall,
      sim_seconds, threads,
      ran_elsewhere ? "; runs simulated by the other MPI ranks"
      : shards > 1  ? "; merge the shards with subsim merge"
                    : "");
  if (vm->count("report") && shards == 1) return make_report(out.string());
  return 0;
}

int merge_command(const std::vector<std::string>& args) {
  po::options_description o("merge options");
  o.add_options()("help,h", "show this help")(
      "dirs", po::value<std::vector<std::string>>()->required(), "shard directories")(
      "out", po::value<std::string>()->required(), "output directory");
  po::positional_options_description pos;
  pos.add("dirs", -1);
  bool help = false;
  auto vm = parse(args, o, pos, "usage: subsim merge DIR... --out DIR", help);
  if (!vm) return help ? 0 : 2;
  try {
    auto dirs = (*vm)["dirs"].as<std::vector<std::string>>();
    Meta meta = read_meta(dirs[0]);
    SweepPoints points = read_points(dirs[0]);
    std::vector<SweepRecord> all;
    for (const std::string& d : dirs) {
      Meta m = read_meta(d);
      if (m.fingerprint != meta.fingerprint) {
        std::fprintf(stderr, "%s: error: a shard of a different sweep\n", d.c_str());
        return 2;
      }
      auto recs = SweepJournal::read(std::filesystem::path(d) / "journal.txt", meta.fingerprint,
                                     meta.metrics.size());
      all.insert(all.end(), recs.begin(), recs.end());
    }
    const std::filesystem::path out = (*vm)["out"].as<std::string>();
    std::filesystem::create_directories(out);
    meta.shard = 0;
    meta.shards = 1;
    write_final(out, points, meta, all);
    write_file_atomically(out / "sweep.meta", meta_text(meta));
    std::printf("merged %zu shard(s): %zu results into %s\n", dirs.size(), all.size(), out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "subsim: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace subsim::cli
