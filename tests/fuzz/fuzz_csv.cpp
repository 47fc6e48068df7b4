// The checked CSV reader (every output subsim reads back: timeseries.csv, points.csv,
// summary.csv, …) on any bytes, with every accessor the report uses on every cell; and the
// cohort table and the subscription export of `subsim fit` read, and fitted and written when
// they are small.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fitting/cohort_fit.hpp"
#include "fitting/export_outputs.hpp"
#include "fitting/fit_input.hpp"
#include "experiment/sweep_meta.hpp"
#include "io/csv.hpp"
#include "io/diagnostic.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace subsim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    CsvTable t = CsvTable::parse(text, "fuzz.csv");
    for (const std::string& name : {"month", "metric", "mean", "ci_low", "point"})
      if (t.has_column(name)) (void)t.column(name);
    for (std::size_t r = 0; r < t.rows(); ++r)
      for (std::size_t c = 0; c < t.header().size(); ++c) {
        (void)t.at(r, c);
        try {
          (void)t.number(r, c);
        } catch (const InputError&) {
        }
        try {
          (void)t.integer(r, c, -5, 5);
        } catch (const InputError&) {
        }
      }
    try {
      if (fit_input_of(t) == FitInput::cohort_table) {
        std::vector<CohortData> cohorts = read_cohort_table(t);
        std::size_t cells = 0;
        for (const CohortData& c : cohorts) cells += c.active.size();
        if (cells <= 64) {  // the fit's time grows with the periods; keep each input fast
          std::vector<CohortFit> fits = fit_cohorts(cohorts, cells % 3 == 0 ? 1 : 0, "fuzz.csv");
          (void)fit_json(fits);
          (void)projection_csv(fits);
          for (const CohortFit& f : fits) (void)fit_summary_line(f);
        }
      } else if (t.rows() <= 200) {  // a subscription export: read, fitted, written
        const Date as_of(2027, 1, 1);
        std::vector<ExportRow> rows = read_subscription_export(t, as_of);
        ExportFit f = fit_export(rows, "fuzz.csv", as_of, std::nullopt);
        BookStats stats;
        (void)export_fit_json(f);
        (void)export_book_csv(rows, as_of, Policy{}, 120, stats);
        (void)export_scenario_yaml(f, {"essentials", "deluxe"}, stats);
        (void)export_fit_summary(f);
      }
    } catch (const InputError&) {
    }
    (void)sweep_points_of(t);
  } catch (const InputError& e) {
    (void)e.what();
  }
  return 0;
}
