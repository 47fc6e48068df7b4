// A subscription export, read and checked: the second input of `subsim fit` (docs/fitting.md).
// Columns `account,subscription,reseller,edition,basis,term,seats,start,end,end_reason` in any
// order, optionally `auto_renew` (on/off on the export date) and `auto_renew_off_date`, and no
// others; one row per subscription (per charge agreement number and reseller, as
// `subsim run --trace` writes subscriptions.csv). Every problem is an InputError naming
// FILE:LINE of the row at fault.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/csv.hpp"
#include "model/date.hpp"

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
  int line = 0;
  int months() const { return annual ? 12 : 1; }
};

// The rows of `table`, checked against the export date `as_of` (no start after it, no end
// after it, an end with its reason and a reason with its end, end ≥ start − 1).
std::vector<ExportRow> read_subscription_export(const CsvTable& table, Date as_of);

}  // namespace subsim
