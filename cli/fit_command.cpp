// subsim fit (docs/fitting.md): the kind of table is told by its header (fitting/fit_input).
// A cohort table (survivors by cohort and period) → the shifted-beta-geometric and geometric fits
// of every cohort, fit.json and projection.csv. A subscription export (--as-of) → the behaviour
// estimated, fit.json, book.csv and scenario.yaml. Bad input prints FILE:LINE: error: MESSAGE,
// exits 2 and writes nothing.
#include <charconv>
#include <cstdlib>
#include <cstdio>
#include <optional>

#include "fitting/cohort_fit.hpp"
#include "fitting/export_outputs.hpp"
#include "model/catalog.hpp"
#include "fitting/fit_input.hpp"
#include "cli/commands.hpp"
#include "cli/export_columns.hpp"
#include "cli/options.hpp"
#include "experiment/provenance.hpp"
#include "io/output_folder.hpp"
#include "io/diagnostic.hpp"

namespace subsim::cli {

namespace {

int fail(const InputError& e) {
  std::fprintf(stderr, "%s\n", e.diagnostic().format().c_str());
  return 2;
}

// --discount-rate: a rate from 0 to 10 (0.10 = 10 %), by default 0.10; nullopt after saying why.
std::optional<double> discount_option(const po::variables_map& vm) {
  if (!vm.count("discount-rate")) return 0.10;
  const std::string t = vm["discount-rate"].as<std::string>();
  char* end = nullptr;
  const double d = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || !((d == 0 || d >= 1e-4) && d <= 10)) {
    std::fprintf(stderr,
                 "subsim: --discount-rate must be 0 or a rate from 0.0001 to 10 (0.10 = 10 %%), "
                 "not '%s'\n",
                 printable(t).c_str());
    return std::nullopt;
  }
  return d;
}

// A subscription export: the behaviour estimated, the book in force on the as-of date and a
// scenario that runs forward from it.
int fit_export_command(const CsvTable& table, const std::string& file, const po::variables_map& vm) {
  bool bad = false;
  std::optional<Date> as_of = date_option(vm, "as-of", bad), since = date_option(vm, "since", bad);
  const std::optional<Date> observed = date_option(vm, "observed-since", bad);
  if (bad) return 2;
  if (!as_of) {
    std::fprintf(stderr, "subsim: a subscription export needs --as-of DATE (the export date)\n");
    return 2;
  }
  std::vector<ExportRow> rows;
  note_ignored_columns(table);
  try {
    rows = read_subscription_export(table, *as_of);
  } catch (const InputError& e) {
    return fail(e);
  }
  const std::optional<double> discount = discount_option(vm);
  const std::optional<int> notice = notice_days_option(vm);
  if (!discount || !notice) return 2;
  const ExportFitFiles fitted = fit_export_rows(rows, file, export_currency(table), *as_of,
                                                ExportFitOptions{since, observed, *discount, *notice});
  const ExportFit& fit = fitted.fit;
  const BookStats& stats = fitted.stats;
  OutputFolder folder(vm["out"].as<std::string>());
  for (const OutputText& f : fitted.files) folder.write(f.name, f.text);
  Manifest manifest = start_manifest("fit");
  manifest.inputs.push_back(input_file(file));
  manifest.overrides.push_back("as-of " + format_iso(*as_of));
  if (since) manifest.overrides.push_back("since " + format_iso(*since));
  if (vm.count("discount-rate"))
    manifest.overrides.push_back("discount-rate " + vm["discount-rate"].as<std::string>());
  if (vm.count("notice-days")) manifest.overrides.push_back("notice-days " + std::to_string(*notice));
  if (observed) manifest.overrides.push_back("observed-since " + format_iso(*observed));
  if (vm.count("columns")) manifest.overrides.push_back("columns " + vm["columns"].as<std::string>());
  write_manifest(manifest, folder);
  folder.commit();
  std::fputs(printable_text(export_fit_summary(fit)).c_str(), stdout);
  std::fputs(printable_text(export_book_summary(stats, *as_of, fit.currency)).c_str(), stdout);
  std::printf("wrote %s (run it: subsim run %s/scenario.yaml --out OUT)\n", folder.dir().c_str(),
              folder.dir().c_str());
  return 0;
}

}  // namespace

int fit_command(const std::vector<std::string>& args) {
  po::options_description o("fit options");
  o.add_options()("help,h", "show this help")(
      "table", po::value<std::string>()->required(),
      "a cohort table (cohort,period,active) or a subscription export "
      "(account,subscription,reseller,edition,basis,term,seats,start,end,end_reason)")(
      "out", po::value<std::string>()->required(), "output directory (created if missing)")(
      "holdout", po::value<std::string>(),
      "cohort table: fit all but the last K periods of every cohort and report the projection's "
      "error on them")("as-of", po::value<std::string>(),
                       "subscription export: the export date (required)")(
      "since", po::value<std::string>(),
      "subscription export: count arrivals and first orders from this date (default: 12 "
      "months before --as-of)")(
      "discount-rate", po::value<std::string>(),
      "the discount rate of the expected lifetimes: per year for a subscription export, per "
      "period for a cohort table (default 0.10)")("columns", po::value<std::string>(), kColumnsHelp)(
      "notice-days", po::value<std::string>(), kNoticeDaysHelp)(
      "observed-since", po::value<std::string>(), kObservedSinceHelp);
  auto [vm, code] =
      parse_command(args, o, "table", 1,
                    "usage: subsim fit TABLE.csv --out DIR [--holdout K] [--discount-rate R]\n"
                    "       subsim fit EXPORT.csv --as-of DATE --out DIR [--since DATE] "
                    "[--discount-rate R] [--notice-days N] [--observed-since DATE]\n"
                    "       [--columns OURS=THEIRS,…]");
  if (!vm) return code;
  int holdout = 0;
  if (vm->count("holdout")) {
    const std::string s = (*vm)["holdout"].as<std::string>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), holdout);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || holdout < 0 ||
        holdout > kMaxCohortPeriod) {
      std::fprintf(stderr, "subsim: --holdout must be a whole number from 0 to %d, not '%s'\n",
                   kMaxCohortPeriod, printable(s).c_str());
      return 2;
    }
  }
  const std::string file = (*vm)["table"].as<std::string>();
  std::vector<CohortFit> fits;
  std::optional<double> discount;
  try {
    CsvTable table = CsvTable::read_file(file);
    if (!apply_column_names(*vm, table)) return 2;
    if (fit_input_of(table) == FitInput::subscription_export) {
      if (holdout > 0) {
        std::fprintf(stderr, "subsim: --holdout is for cohort tables, not subscription exports\n");
        return 2;
      }
      return fit_export_command(table, file, *vm);
    }
    if (vm->count("as-of") || vm->count("since")) {
      std::fprintf(stderr, "subsim: --as-of and --since are for subscription exports\n");
      return 2;
    }
    discount = discount_option(*vm);
    if (!discount) return 2;
    fits = fit_cohorts(read_cohort_table(table), holdout, file);
  } catch (const InputError& e) {
    return fail(e);
  }
  OutputFolder folder((*vm)["out"].as<std::string>());
  folder.write("fit.json", fit_json(fits, *discount));
  folder.write("projection.csv", projection_csv(fits));
  Manifest manifest = start_manifest("fit");
  manifest.inputs.push_back(input_file(file));
  if (holdout > 0) manifest.overrides.push_back("holdout " + std::to_string(holdout));
  if (vm->count("discount-rate"))
    manifest.overrides.push_back("discount-rate " + (*vm)["discount-rate"].as<std::string>());
  write_manifest(manifest, folder);
  folder.commit();
  for (const CohortFit& f : fits) std::printf("%s\n", printable(fit_summary_line(f)).c_str());
  std::printf("wrote %s\n", folder.dir().c_str());
  return 0;
}

}  // namespace subsim::cli
