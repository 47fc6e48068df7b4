// A subscription export, read and checked: the second input of `subsim fit` (docs/fitting.md).
// Columns `account,subscription,reseller,edition,basis,term,seats,start,end,end_reason` in any
// order, optionally `auto_renew` (on/off on the export date), `auto_renew_off_date`, `price`
// (per seat per month after every discount), `mrr` and `currency` (others are ignored); one row per subscription (per charge agreement number and reseller, as
// `subsim run --trace` writes subscriptions.csv). Every problem is an InputError naming
// FILE:LINE of the row at fault.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "io/csv.hpp"
#include "model/date.hpp"
#include "model/money.hpp"

namespace subsim {

struct ExportRow {
  enum class End : std::uint8_t { active, cancelled, lapsed, switched };
  std::string account, subscription, reseller, edition;
  bool per_user = false;
  bool annual = false;
  std::int64_t seats = 0;
  Date start;
  std::optional<Date> end;  // the last day paid for; none while active on the as-of date
  End end_reason = End::active;
  std::optional<bool> auto_renew;  // on the export date, when the export says (paying rows)
  std::optional<Date> off_date;    // the day auto-renew was turned off, when the export says
  // Its MRR in cents (on the export date; on its last paid day once ended): the `mrr` column,
  // else `price` × seats rounded to the cent; none when the export gives neither.
  std::optional<Cents> mrr;
  int line = 0;
  int months() const { return annual ? 12 : 1; }
};

// The rows of `table`, checked against the export date `as_of` (no start after it, no end
// after it, an end with its reason and a reason with its end, end ≥ start − 1; `price` and
// `mrr` non-negative amounts, `currency` one three-letter code for the whole file).
std::vector<ExportRow> read_subscription_export(const CsvTable& table, Date as_of);
// The export's currency (its `currency` column's one code), empty when it names none.
std::string export_currency(const CsvTable& table);

// The columns of an export that are none of a subscription export's (a billing system's plan
// name, currency, …): read_subscription_export ignores them; the commands say so.
std::vector<std::string> ignored_export_columns(const CsvTable& table);

// `--columns account="Customer ID",start=Created`: each subscription-export column's name in
// the user's file, as (ours, theirs) pairs; nullopt and `error` set when malformed (a pair
// without '=', an unknown column of ours, a name given twice). A name may be quoted to hold a
// comma ("Customer, ID").
using ColumnNames = std::vector<std::pair<std::string, std::string>>;
std::optional<ColumnNames> parse_column_names(const std::string& text, std::string& error);
// The table's header renamed to subsim's names; InputError when the file lacks one of them.
void rename_export_columns(CsvTable& table, const ColumnNames& names);

}  // namespace subsim
