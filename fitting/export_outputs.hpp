// The files `subsim fit` writes for a subscription export (docs/fitting.md).
#pragma once
#include <string>
#include <vector>

#include "fitting/export_fit.hpp"
#include "io/csv.hpp"
#include "io/output_text.hpp"
#include "model/policy.hpp"

namespace subsim {

// What went into book.csv, and what was left out and why.
struct BookStats {
  std::int64_t active = 0, expired = 0;
  std::int64_t lost = 0;  // accounts' last rows deleted (E4) before the export date, kept to come back
  std::int64_t dropped_other_reseller = 0;  // an account's rows of a reseller it has left
  std::int64_t dropped_mixing = 0;          // M2/M3 against a row kept before
  std::int64_t dropped_off_term = 0;        // an end that is not a term end of its start
  std::int64_t off_dates_dropped = 0;       // a turn-off date before the row's last term (N2)
  std::int64_t replaced = 0;  // ended, its account's next row starting the next day (not expired)
  // The rows that earn MRR on the first day (active, in grace) and how many of them the export
  // priced (price or mrr); the sum of those prices: the book's MRR that day when all are.
  std::int64_t earning = 0, priced = 0;
  Cents mrr = 0;
};

// fit.json: every estimate as {"value", "ci": [low, high]} (null where undefined).
std::string export_fit_json(const ExportFit& f);
// book.csv (population.book's format): the subscriptions active on `as_of` and those expired
// less than deletion_days before it (grace, suspended, by `p`) unless their account started
// another row the day after (replaced: a downgrade or reduction, not an expiry), anchored on
// their start; each at its MRR (the `mrr` column) when the export priced it. An account whose
// service ended for good — every row ended, deleted (E4) by `as_of` but at most
// `lost_within_days` after its expiry — keeps its last rows as `lost`: it may still come back.
std::string export_book_csv(const std::vector<ExportRow>& rows, Date as_of, const Policy& p,
                            int lost_within_days, BookStats& stats);
// The longest come-back delay the fitted scenario draws (come_back's days): the longest seen,
// else the default's 120.
int longest_come_back_days(const ExportFit& f);
// scenario.yaml: starts on `as_of` from book.csv with the fitted behaviour; `catalog`: the
// edition names of the default catalog (editions the export adds get a catalog of their own).
std::string export_scenario_yaml(const ExportFit& f, const std::vector<std::string>& catalog,
                                 const BookStats& book);
// The lines `subsim fit` prints.
std::string export_fit_summary(const ExportFit& f);

// How `subsim fit` fits an export (--since, --observed-since, --discount-rate, --notice-days).
struct ExportFitOptions {
  std::optional<Date> since, observed_since;
  double discount = 0.10;
  int notice_days = 30;
};
// An export's rows (read_subscription_export) fitted as of `as_of`, with what went into its
// book, and its files: fit.json, book.csv, scenario.yaml. `file` names the export, `currency`
// is export_currency's.
struct ExportFitFiles {
  ExportFit fit;
  BookStats stats;
  std::vector<OutputText> files;
};
ExportFitFiles fit_export_rows(const std::vector<ExportRow>& rows, const std::string& file,
                               const std::string& currency, Date as_of, const ExportFitOptions& o);
// The lines `subsim fit` prints about the book after export_fit_summary's: what went in, what was
// left out and why, its MRR on the first day.
std::string export_book_summary(const BookStats& stats, Date as_of, const std::string& currency);

}  // namespace subsim
