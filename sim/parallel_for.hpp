// One thread pool for every "do these N independent jobs" in subsim: the runner's work units,
// a sweep's point validation and its (point, replication) runs. Jobs are handed out one at a time
// from a shared counter, so a slow job never holds up a queue of others.
#pragma once
#include <cstddef>
#include <functional>

namespace subsim {

// All cores (at least 1).
int default_threads();

// Calls body(i) once for each i in [0, n), on min(threads, n) threads (threads <= 0: all cores),
// the calling thread among them. The first exception stops the hand-out of further jobs; it is
// rethrown here once every thread has stopped. Returns the number of threads used.
int parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& body);

}  // namespace subsim
