// Ctrl-C during a long call. Python runs its signal handlers only on its main thread and only
// while that thread holds the GIL, which a run releases; so when the run was started from the
// main thread, its progress callback — called on that thread too, since the runner's calling
// thread does its share of the work — takes the GIL for a moment and asks Python whether a
// signal came. If one did (the handler has set KeyboardInterrupt), it throws Interrupted: the
// runner stops handing out work, and the error is raised once the call returns to Python. A
// call from another Python thread is not interrupted (Python delivers no signal there), and
// so such a thread never asks for the GIL while the interpreter shuts down.
#pragma once
#include <thread>

namespace subsim::python {

class InterruptCheck {
 public:
  // Called with the GIL held, on the thread that makes the call.
  InterruptCheck();
  // Throws Interrupted if a signal's Python handler raised; does nothing on other threads.
  void poll() const;

 private:
  std::thread::id thread_;
  bool main_ = false;  // the call came from Python's main thread
};

}  // namespace subsim::python
