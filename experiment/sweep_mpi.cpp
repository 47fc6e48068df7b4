#include "experiment/sweep_mpi.hpp"

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/status.hpp>

#include <functional>

namespace subsim {

namespace {
enum Tag : int { kResult = 1, kTask = 2, kDone = 3 };

// Every rank's events and simulation time summed on rank 0, for the closing line.
SweepRunStats with_workers_events(const boost::mpi::communicator& world, SweepRunStats s) {
  unsigned long long events = s.events, total_events = 0;
  double seconds = s.sim_seconds, total_seconds = 0;
  boost::mpi::reduce(world, events, total_events, std::plus<unsigned long long>(), 0);
  boost::mpi::reduce(world, seconds, total_seconds, std::plus<double>(), 0);
  if (world.rank() == 0) {
    s.events = total_events;
    s.sim_seconds = total_seconds;
    s.threads = world.size() - 1;
  }
  return s;
}
}

SweepRunStats run_sweep_mpi(const boost::mpi::communicator& world, const SweepPlan& plan,
                            const std::vector<SweepTask>& tasks, SweepJournal* journal,
                            const SweepProgress& progress) {
  // A message is [point, replication, metric values…]; point < 0 means "no result yet".
  const int width = 2 + static_cast<int>(plan.metrics.size());
  std::vector<double> buf(static_cast<std::size_t>(width));
  SweepRunStats stats;
  if (world.rank() == 0) {
    int active = world.size() - 1;
    std::size_t handed = 0, finished = 0;
    while (active > 0) {
      boost::mpi::status st = world.recv(boost::mpi::any_source, kResult, buf.data(), width);
      if (buf[0] >= 0) {
        journal->append({static_cast<int>(buf[0]), static_cast<int>(buf[1]),
                         std::vector<double>(buf.begin() + 2, buf.end())});
        if (progress) progress(++finished, tasks.size(), 0);
      }
      if (handed < tasks.size()) {
        int task[2] = {tasks[handed].point, tasks[handed].replication};
        ++handed;
        world.send(st.source(), kTask, task, 2);
      } else {
        int none[2] = {-1, -1};
        world.send(st.source(), kDone, none, 2);
        --active;
      }
    }
    return with_workers_events(world, stats);
  }
  buf[0] = -1;
  for (;;) {
    world.send(0, kResult, buf.data(), width);
    int task[2];
    boost::mpi::status st = world.recv(0, boost::mpi::any_tag, task, 2);
    if (st.tag() == kDone) break;
    if (task[0] < 0 || static_cast<std::size_t>(task[0]) >= plan.scenarios.size())
      throw std::runtime_error("MPI: a task for a point this sweep does not have");
    SweepRecord rec = run_sweep_task(plan, {task[0], task[1]}, stats);
    buf[0] = rec.point;
    buf[1] = rec.replication;
    std::copy(rec.values.begin(), rec.values.end(), buf.begin() + 2);
  }
  return with_workers_events(world, stats);
}

}  // namespace subsim
