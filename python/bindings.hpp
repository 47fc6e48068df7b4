// The extension module _subsim: the libraries bound for the Python package subsim (python/subsim/).
// It returns the texts a command would write (a run's CSV and JSON files, as bytes) and the
// package turns them into pandas DataFrames; nothing is written unless the caller names a folder.
// Errors cross as the package's exceptions (subsim._errors): a scenario's problems as
// ScenarioError with file, line and column, a data file's as InputError, a folder's as
// OutputError; Ctrl-C stops a run and raises KeyboardInterrupt.
#pragma once
#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>

#include "io/diagnostic.hpp"

namespace subsim::python {

namespace py = pybind11;

// A scenario that did not load: every problem, each with its position.
struct ScenarioFailure : std::runtime_error {
  explicit ScenarioFailure(Diagnostics d)
      : std::runtime_error(d.empty() ? "scenario error" : d.front().text()), errors(std::move(d)) {}
  Diagnostics errors;
};

// A bad value of a named argument (ValueError in Python).
struct ArgumentFailure : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Ctrl-C reached the run: the KeyboardInterrupt is already set in Python.
struct Interrupted : std::exception {
  const char* what() const noexcept override { return "interrupted"; }
};

// The C++ exceptions as the package's Python exceptions.
void register_errors(py::module_& m);
// version(), metrics(), series(): what this build is and what it measures.
void bind_info(py::module_& m);
// _run(...) and _validate(...).
void bind_run(py::module_& m);
// _compare(...).
void bind_compare(py::module_& m);
// _explain(...).
void bind_explain(py::module_& m);
// _fit(...).
void bind_fit(py::module_& m);
// _sweep(...).
void bind_sweep(py::module_& m);

}  // namespace subsim::python
