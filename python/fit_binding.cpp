// _fit (bindings.hpp): a cohort table or a subscription export fitted as `subsim fit` fits it —
// the same readers and files (fitting/) — from a file or from CSV text the package made of a
// DataFrame.
#include <pybind11/stl.h>

#include <cstdio>

#include "experiment/provenance.hpp"
#include "fitting/cohort_fit.hpp"
#include "fitting/cohort_table.hpp"
#include "fitting/export_outputs.hpp"
#include "fitting/fit_input.hpp"
#include "fitting/subscription_table.hpp"
#include "python/common.hpp"

namespace subsim::python {

namespace {

struct FitArgs {
  std::optional<std::string> as_of, since, observed_since, columns, out;
  double discount = 0.10;
  int notice_days = 30;
  int holdout = 0;
  std::vector<std::string> command;
};

std::optional<Date> date_arg(const char* name, const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto d = parse_iso_date(*text);
  if (!d) throw ArgumentFailure(std::string(name) + " must be a date (YYYY-MM-DD), not '" + *text + "'");
  return d;
}

// fit.json, book.csv and scenario.yaml of an export, with the lines fit prints.
std::vector<OutputText> fit_export_table(const CsvTable& table, const FitArgs& a, std::string& summary) {
  if (!a.as_of) throw ArgumentFailure("as_of: a subscription export needs as_of (the export date)");
  if (a.holdout > 0) throw ArgumentFailure("holdout is for cohort tables, not subscription exports");
  ExportFitOptions o{date_arg("since", a.since), date_arg("observed_since", a.observed_since),
                     a.discount, a.notice_days};
  const Date as_of = *date_arg("as_of", a.as_of);
  const std::vector<ExportRow> rows = read_subscription_export(table, as_of);
  ExportFitFiles fitted;
  {
    py::gil_scoped_release released;
    fitted = fit_export_rows(rows, table.file(), export_currency(table), as_of, o);
  }
  summary = export_fit_summary(fitted.fit) + export_book_summary(fitted.stats, as_of, fitted.fit.currency);
  return fitted.files;
}

// What manifest.json records of fit's options, as the command records them.
std::vector<std::string> fit_overrides(const FitArgs& a, bool is_export) {
  std::vector<std::string> o;
  if (is_export) {
    o.push_back("as-of " + *a.as_of);
    if (a.since) o.push_back("since " + *a.since);
  } else if (a.holdout > 0) {
    o.push_back("holdout " + std::to_string(a.holdout));
  }
  if (a.discount != 0.10) {
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", a.discount);
    o.push_back(std::string("discount-rate ") + text);
  }
  if (is_export && a.notice_days != 30) o.push_back("notice-days " + std::to_string(a.notice_days));
  if (a.observed_since) o.push_back("observed-since " + *a.observed_since);
  if (a.columns) o.push_back("columns " + *a.columns);
  return o;
}

// fit.json and projection.csv of a cohort table, with a line per cohort.
std::vector<OutputText> fit_cohort_table(const CsvTable& table, const FitArgs& a, std::string& summary) {
  if (a.as_of || a.since) throw ArgumentFailure("as_of and since are for subscription exports");
  std::vector<CohortFit> fits;
  {
    py::gil_scoped_release released;
    fits = fit_cohorts(read_cohort_table(table), a.holdout, table.file());
  }
  for (const CohortFit& f : fits) summary += fit_summary_line(f) + "\n";
  return {{"fit.json", fit_json(fits, a.discount)}, {"projection.csv", projection_csv(fits)}};
}

py::dict fit(const ScenarioInput& source, const FitArgs& a) {
  CsvTable table = source.text ? CsvTable::parse(*source.text, source.path)
                               : CsvTable::read_file(source.path);
  if (a.columns) {
    std::string error;
    const auto names = parse_column_names(*a.columns, error);
    if (!names) throw ArgumentFailure("columns: " + error);
    rename_export_columns(table, *names);
  }
  const bool is_export = fit_input_of(table) == FitInput::subscription_export;
  const CallRecord call{a.command, utc_now()};
  std::string summary;
  std::vector<OutputText> files = is_export ? fit_export_table(table, a, summary)
                                            : fit_cohort_table(table, a, summary);
  if (a.out) {
    OutputFolder folder(*a.out);
    Manifest m = start_manifest("fit");
    record_call(m, call);
    m.inputs.push_back(input_of(source));
    m.overrides = fit_overrides(a, is_export);
    write_and_commit(folder, files, std::move(m));
  }
  py::dict d;
  d["kind"] = is_export ? "export" : "cohorts";
  d["files"] = file_list(files);
  d["summary"] = py::bytes(summary);
  py::list ignored;
  if (is_export)
    for (const std::string& c : ignored_export_columns(table)) ignored.append(c);
  d["ignored_columns"] = ignored;
  return d;
}

}  // namespace

void bind_fit(py::module_& m) {
  m.def(
      "_fit",
      [](const std::string& path, const std::optional<std::string>& text,
         std::optional<std::string> as_of, std::optional<std::string> since,
         std::optional<std::string> observed_since, double discount, int notice_days, int holdout,
         std::optional<std::string> columns, std::optional<std::string> out,
         std::vector<std::string> command) {
        FitArgs a{as_of, since, observed_since, columns, out, discount, notice_days, holdout,
                  std::move(command)};
        return fit(ScenarioInput{path, text}, a);
      },
      py::arg("path"), py::arg("text"), py::arg("as_of"), py::arg("since"),
      py::arg("observed_since"), py::arg("discount"), py::arg("notice_days"), py::arg("holdout"),
      py::arg("columns"), py::arg("out"), py::arg("command"));
}

}  // namespace subsim::python
