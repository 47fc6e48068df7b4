// Ctrl-C during a long call. Python runs its signal handlers only on the main thread and only
// while it holds the GIL, which a run releases; so the run's progress callback, when it is called
// on the thread that started the run (the runner's calling thread does its share of the work),
// takes the GIL for a moment and asks Python whether a signal came. If one did (the handler has
// set KeyboardInterrupt), it throws Interrupted: the runner stops handing out work, and the
// error is raised once the call returns to Python.
#pragma once
#include <thread>

namespace subsim::python {

class InterruptCheck {
 public:
  InterruptCheck() : thread_(std::this_thread::get_id()) {}
  // Throws Interrupted if a signal's Python handler raised; does nothing on other threads.
  void poll() const;

 private:
  std::thread::id thread_;
};

}  // namespace subsim::python
