// subsim backtest (docs/fitting.md, "Back-test"): fit on what a subscription export showed
// before --as-of, run forward from the book in force that day, compare month by month with what
// the export shows after it. Writes backtest.csv beside the fit's own files (fit.json, book.csv,
// scenario.yaml). Bad input prints FILE:LINE: error: MESSAGE (or what is wrong with an option),
// exits 2 and writes nothing.
#include <charconv>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "fitting/export_outputs.hpp"
#include "fitting/fit_input.hpp"
#include "cli/commands.hpp"
#include "cli/export_columns.hpp"
#include "cli/options.hpp"
#include "experiment/provenance.hpp"
#include "experiment/backtest.hpp"
#include "io/output_folder.hpp"
#include "scenario/scenario_loader.hpp"

namespace subsim::cli {

namespace {

constexpr int kMaxHorizonMonths = 120;

// --horizon: N months ("12m") or years ("1y"), 1 … 120 months; 0 after saying why.
int horizon_months(const std::string& s) {
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  const bool unit = ec == std::errc() && end + 1 == s.data() + s.size() && (*end == 'm' || *end == 'y');
  const int months = unit ? (*end == 'y' ? n * 12 : n) : 0;
  if (!unit || n < 1 || months > kMaxHorizonMonths) {
    std::fprintf(stderr, "subsim: --horizon must be months or years from 1m to %dm (12m, 2y), not '%s'\n",
                 kMaxHorizonMonths, printable(s).c_str());
    return 0;
  }
  return months;
}

// The last date an export shows: its latest start, end or turn-off date.
Date last_date(const std::vector<ExportRow>& rows) {
  Date last = rows.front().start;
  for (const ExportRow& r : rows) {
    last = std::max(last, r.start);
    if (r.end) last = std::max(last, *r.end);
    if (r.off_date) last = std::max(last, *r.off_date);
  }
  return last;
}

Date first_start(const std::vector<ExportRow>& rows) {
  Date first = rows.front().start;
  for (const ExportRow& r : rows) first = std::min(first, r.start);
  return first;
}

int input_error(const std::string& file, const std::string& message) {
  std::fprintf(stderr, "%s: error: %s\n", printable(file).c_str(), message.c_str());
  return 2;
}

// backtest's options.
po::options_description backtest_options() {
  po::options_description o("backtest options");
  o.add_options()("help,h", "show this help")(
      "export", po::value<std::string>()->required(),
      "a subscription export (account,subscription,reseller,edition,basis,term,seats,start,end,"
      "end_reason[,auto_renew,auto_renew_off_date])")(
      "as-of", po::value<std::string>()->required(),
      "the cut: fit on what the export showed before this day, forecast from it")(
      "horizon", po::value<std::string>()->default_value("12m"),
      "months compared after the cut (12m, 2y; at most 120m)")(
      "out", po::value<std::string>()->required(), "output directory (created if missing)")(
      "replications", po::value<std::string>(), "forecast replications (default 40)")(
      "seed", po::value<std::string>(), "the forecast's seed (default 1)")(
      "threads", po::value<int>()->default_value(0), "worker threads (0 = all cores)")(
      "since", po::value<std::string>(),
      "count arrivals and first orders from this date (default: 12 months before --as-of)")(
      "columns", po::value<std::string>(), kColumnsHelp)(
      "notice-days", po::value<std::string>(), kNoticeDaysHelp)(
      "observed-since", po::value<std::string>(), kObservedSinceHelp)(
      "export-date", po::value<std::string>(),
      "the day the export was taken (default: the latest date it shows)")(
      "fixed-parameters",
      "every replication runs the fitted point estimate: the band then leaves out the "
      "parameters' uncertainty");
  return o;
}

// What backtest was asked, from its options.
struct BacktestRequest {
  std::optional<Date> cut, since, taken;  // --as-of, --since, --export-date
  std::optional<Date> observed;           // --observed-since
  int months = 0;                         // --horizon
  int replications = 40;
  std::uint64_t seed = 1;
  std::string file;  // the export
  bool fixed = false;
  std::string columns;  // --columns as given
  int notice_days = 30;  // --notice-days
  bool notice_given = false;
};

// backtest's options read and checked (dates, horizon, --since before --as-of); false (printed)
// on a problem.
bool read_backtest_request(const po::variables_map& vm, BacktestRequest& rq) {
  bool bad = false;
  rq.cut = date_option(vm, "as-of", bad);
  rq.since = date_option(vm, "since", bad);
  rq.taken = date_option(vm, "export-date", bad);
  rq.observed = date_option(vm, "observed-since", bad);
  if (bad) return false;
  rq.months = horizon_months(vm["horizon"].as<std::string>());
  if (rq.months == 0) return false;
  if (rq.since && *rq.since >= *rq.cut) {
    std::fprintf(stderr, "subsim: --since %s must be before --as-of %s\n",
                 format_iso(*rq.since).c_str(), format_iso(*rq.cut).c_str());
    return false;
  }
  rq.replications = vm.count("replications") ? replications_option(vm) : 40;
  rq.seed = seed_option(vm, 1);
  rq.file = vm["export"].as<std::string>();
  rq.fixed = vm.count("fixed-parameters") > 0;
  if (vm.count("columns")) rq.columns = vm["columns"].as<std::string>();
  const std::optional<int> notice = notice_days_option(vm);
  if (!notice) return false;
  rq.notice_days = *notice;
  rq.notice_given = vm.count("notice-days") > 0;
  return true;
}

// The export's rows, checked to be a subscription export that covers the cut and the horizon
// after it; an empty list after saying what is wrong.
std::vector<ExportRow> read_export(const BacktestRequest& rq, const po::variables_map& vm,
                                   std::string& currency) {
  const std::string& file = rq.file;
  std::vector<ExportRow> rows;
  try {
    CsvTable table = CsvTable::read_file(file);
    if (!apply_column_names(vm, table)) return {};
    if (fit_input_of(table) != FitInput::subscription_export) {
      input_error(file, "a back-test needs a subscription export, not a cohort table");
      return {};
    }
    note_ignored_columns(table);
    rows = read_subscription_export(table, rq.taken.value_or(Date(9799, 12, 31)));
    currency = export_currency(table);
  } catch (const InputError& e) {
    std::fprintf(stderr, "%s\n", e.diagnostic().format().c_str());
    return {};
  }
  if (rows.empty()) {
    input_error(file, "no subscription: nothing to fit or compare");
    return {};
  }
  const Date last = rq.taken.value_or(last_date(rows)), first = first_start(rows);
  if (*rq.cut <= first) {
    input_error(file, "--as-of " + format_iso(*rq.cut) + " is not after the export's first start (" +
                          format_iso(first) + "): no history to fit");
    return {};
  }
  const Date end = add_days(add_months_clamped(*rq.cut, rq.months), -1);
  if (end > last) {
    input_error(file, "the horizon ends on " + format_iso(end) + ", after the export's last date " +
                          format_iso(last) +
                          " (--export-date says when the export was taken if later)");
    return {};
  }
  return rows;
}

// The back-test's comparison, and the rows of editions without a price the actual counted at 0.
struct BacktestRun {
  Backtest backtest;
  std::int64_t unpriced = 0;
};

// The forecast, compared month by month with the export after the cut. Each replication runs
// the fitted scenario (written at `scenario_path`) with its parameters drawn from their
// sampling distribution (or the point estimate, --fixed-parameters).
BacktestRun forecast_and_compare(const BacktestRequest& rq, const std::vector<ExportRow>& rows,
                                 const std::vector<ExportRow>& past, const ExportFit& fit,
                                 const std::vector<std::string>& editions,
                                 const BookStats& stats,
                                 const std::filesystem::path& scenario_path, int threads) {
  LoadOptions lo;
  lo.sets = {"horizon=" + std::to_string(rq.months) + "m"};
  auto load = [&](const ExportFit& f) {
    LoadResult loaded =
        load_scenario_text(export_scenario_yaml(f, editions, stats), scenario_path.string(), lo);
    if (!loaded.ok())  // fit's scenarios validate (tested): a bug, not the user's input
      throw std::logic_error("the fitted scenario does not load: " +
                             (loaded.errors.empty() ? std::string("?") : loaded.errors[0].format()));
    return std::move(*loaded.scenario);
  };
  // The point estimate, loaded once: the actual is priced by its catalog, and with
  // --fixed-parameters every replication runs it.
  const Scenario point = load(fit);
  auto scenario_of = [&](int r) {
    return rq.fixed ? point : load(draw_export_fit(fit, rq.seed, static_cast<std::uint32_t>(r)));
  };
  const std::vector<MonthTable> forecasts =
      forecast_months(scenario_of, past, rq.seed, rq.replications, threads, rq.months);
  std::int64_t unpriced = 0;
  const MonthTable actual = export_months(rows, point.catalog, *rq.cut, rq.months, &unpriced);
  return {compare_backtest(forecasts, actual, *rq.cut, rq.months), unpriced};
}

// backtest.csv, fit.json and the manifest, committed.
void write_backtest_outputs(OutputFolder& folder, const BacktestRequest& rq, const Backtest& b,
                            const ExportFit& fit) {
  folder.write("backtest.csv", backtest_csv(b));
  folder.write("fit.json", export_fit_json(fit));
  Manifest manifest = start_manifest("backtest");
  manifest.inputs.push_back(input_file(rq.file));
  manifest.seed = rq.seed;
  manifest.replications = rq.replications;
  manifest.overrides.push_back("as-of " + format_iso(*rq.cut));
  manifest.overrides.push_back("horizon " + std::to_string(rq.months) + "m");
  if (rq.since) manifest.overrides.push_back("since " + format_iso(*rq.since));
  if (rq.taken) manifest.overrides.push_back("export-date " + format_iso(*rq.taken));
  if (rq.fixed) manifest.overrides.push_back("fixed-parameters");
  if (!rq.columns.empty()) manifest.overrides.push_back("columns " + rq.columns);
  if (rq.notice_given) manifest.overrides.push_back("notice-days " + std::to_string(rq.notice_days));
  if (rq.observed) manifest.overrides.push_back("observed-since " + format_iso(*rq.observed));
  write_manifest(manifest, folder);
  folder.commit();
}

// The back-test's summary on stdout: its table, what it was fitted on, and where it is.
void print_backtest(const BacktestRequest& rq, const BacktestRun& run, std::size_t fitted,
                    const BookStats& stats, const std::filesystem::path& dir) {
  std::fputs(backtest_summary(run.backtest).c_str(), stdout);
  std::printf("fitted on %lld subscriptions before %s (book: %lld active, %lld expired, %lld "
              "lost); %d replications, %s\n",
              static_cast<long long>(fitted), format_iso(*rq.cut).c_str(),
              static_cast<long long>(stats.active), static_cast<long long>(stats.expired),
              static_cast<long long>(stats.lost),
              rq.replications,
              rq.fixed ? "each the fitted point estimate (--fixed-parameters)"
                       : "each with the parameters drawn from their sampling distribution");
  if (run.unpriced > 0)
    std::printf("%lld rows of editions without a price counted at 0 (set their prices in "
                "scenario.yaml's catalog)\n",
                static_cast<long long>(run.unpriced));
  std::printf("wrote %s\n", dir.c_str());
}

}  // namespace

// subsim backtest: reads the options and the export, fits the past, writes the fit's files,
// forecasts and compares, writes the outputs and prints the summary.
int backtest_command(const std::vector<std::string>& args) {
  const po::options_description o = backtest_options();
  auto [vm, code] = parse_command(
      args, o, "export", 1,
      "usage: subsim backtest EXPORT.csv --as-of DATE --out DIR [--horizon 12m] "
      "[--replications R] [--seed S] [--since DATE] [--export-date DATE] [--fixed-parameters]\n"
      "       [--notice-days N] [--observed-since DATE] [--columns OURS=THEIRS,…]");
  if (!vm) return code;
  BacktestRequest rq;
  if (!read_backtest_request(*vm, rq)) return 2;
  std::string currency;
  const std::vector<ExportRow> rows = read_export(rq, *vm, currency);
  if (rows.empty()) return 2;

  // The fit on the past, as `subsim fit` makes it on the export censored at the cut.
  const std::vector<ExportRow> past = censor_export(rows, *rq.cut);
  ExportFit fit = fit_export(past, rq.file, *rq.cut, rq.since, 0.10, rq.notice_days, rq.observed);
  fit.currency = currency;  // the scenario and fit.json say it, as `subsim fit` writes them
  BookStats stats;
  const std::vector<std::string> editions = Catalog::maas360_default().names();
  Policy policy;
  policy.notice_days = rq.notice_days;
  const std::string book = export_book_csv(past, *rq.cut, policy, longest_come_back_days(fit), stats);

  OutputFolder folder((*vm)["out"].as<std::string>());
  folder.write_staged("book.csv", book);
  const auto scenario_path =
      folder.write_staged("scenario.yaml", export_scenario_yaml(fit, editions, stats));
  const BacktestRun run =
      forecast_and_compare(rq, rows, past, fit, editions, stats, scenario_path,
                           (*vm)["threads"].as<int>());
  write_backtest_outputs(folder, rq, run.backtest, fit);
  print_backtest(rq, run, past.size(), stats, folder.dir());
  return 0;
}

}  // namespace subsim::cli
