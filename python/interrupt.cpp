#include "python/interrupt.hpp"

#include "python/bindings.hpp"

namespace subsim::python {

void InterruptCheck::poll() const {
  if (std::this_thread::get_id() != thread_) return;
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw Interrupted();
}

}  // namespace subsim::python
