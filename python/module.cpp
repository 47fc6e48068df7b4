// The extension module _subsim (see bindings.hpp): its exceptions and what the build offers.
#include <pybind11/stl.h>

#include "experiment/provenance.hpp"
#include "io/output_stream.hpp"
#include "model/metric.hpp"
#include "model/money.hpp"
#include "python/bindings.hpp"

namespace subsim::python {

namespace {

py::tuple diagnostic_tuple(const Diagnostic& d) {
  return py::make_tuple(d.file, d.line, d.column, d.message);
}

// Sets the Python error of class `name` of subsim._errors, made from `args`.
void raise_as(const char* name, const py::tuple& args) {
  py::object cls = py::module_::import("subsim._errors").attr(name);
  py::object error = cls(*args);
  PyErr_SetObject(cls.ptr(), error.ptr());
}

const char* unit_name(MetricUnit u) {
  switch (u) {
    case MetricUnit::money: return "money";
    case MetricUnit::count: return "count";
    case MetricUnit::share: return "share";
    case MetricUnit::rate: return "rate";
    case MetricUnit::ratio: return "ratio";
  }
  return "";
}

}  // namespace

void register_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Interrupted&) {
      if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
    } catch (const ScenarioFailure& e) {
      py::list errors;
      for (const Diagnostic& d : e.errors) errors.append(diagnostic_tuple(d));
      raise_as("ScenarioError", py::make_tuple(errors));
    } catch (const InputError& e) {
      raise_as("InputError", py::make_tuple(py::make_tuple(diagnostic_tuple(e.diagnostic()))));
    } catch (const OutputFolderError& e) {
      raise_as("OutputError", py::make_tuple(std::string(e.what())));
    } catch (const ArgumentFailure& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
}

void bind_info(py::module_& m) {
  m.def("version", &version_text, "subsim's version and the git commit of this build");
  m.def(
      "metrics",
      [] {
        py::list rows;
        for (const MetricDef& d : metric_registry())
          rows.append(py::make_tuple(d.name, unit_name(d.unit), d.better, d.group, d.label,
                                     d.definition, d.is_alias()));
        return rows;
      },
      "every summary metric: (name, unit, better, group, label, definition, alias)");
  m.def(
      "series",
      [] {
        py::list rows;
        for (const SeriesDef& d : series_registry())
          rows.append(py::make_tuple(d.name, unit_name(d.unit), d.definition));
        return rows;
      },
      "every monthly series of timeseries.csv: (name, unit, definition)");
}

}  // namespace subsim::python

PYBIND11_MODULE(_subsim, m) {
  m.doc() = "subsim's libraries for the Python package subsim (use the package, not this module)";
  subsim::python::register_errors(m);
  subsim::python::bind_info(m);
  subsim::python::bind_run(m);
  subsim::python::bind_compare(m);
  subsim::python::bind_explain(m);
  subsim::python::bind_fit(m);
  subsim::python::bind_sweep(m);
}
