#include "python/interrupt.hpp"

#include "python/bindings.hpp"

namespace subsim::python {

InterruptCheck::InterruptCheck() : thread_(std::this_thread::get_id()) {
  py::module_ threading = py::module_::import("threading");
  main_ = threading.attr("get_ident")().equal(threading.attr("main_thread")().attr("ident"));
}

void InterruptCheck::poll() const {
  if (!main_ || std::this_thread::get_id() != thread_) return;
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw Interrupted();
}

}  // namespace subsim::python
