// The MPI adapter of a sweep (built with -DSUBSIM_MPI=ON): rank 0 hands out (point, replication)
// jobs one at a time and journals the records; the other ranks simulate. Records are the same as
// on threads, so the files are byte-identical to a one-process sweep.
#pragma once
#ifdef SUBSIM_MPI
#include <boost/mpi/communicator.hpp>

#include "experiment/sweep_runner.hpp"

namespace subsim {

// Collective: every rank calls it. On rank 0 `tasks` and `journal` are the work and where it
// goes (both ignored elsewhere); rank 0 returns with every task journaled, the others when no
// work is left. The returned stats are the calling rank's own.
SweepRunStats run_sweep_mpi(const boost::mpi::communicator& world, const SweepPlan& plan,
                            const std::vector<SweepTask>& tasks, SweepJournal* journal,
                            const SweepProgress& progress);

}  // namespace subsim
#endif
