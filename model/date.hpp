// Calendar days. The whole simulator counts in whole days (rule C3).
#pragma once
#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace subsim {

using Date = boost::gregorian::date;

// Parses YYYY-MM-DD strictly; nullopt for malformed or impossible dates (2027-02-30).
std::optional<Date> parse_iso_date(std::string_view text);
std::string format_iso(Date d);
// "YYYY-MM" of the month containing d.
std::string format_month(Date d);

// Day numbers directly: the engine never holds Boost's special values (not_a_date_time, ±∞).
inline int days_between(Date from, Date to) {
  return static_cast<int>(static_cast<long>(to.day_number()) -
                          static_cast<long>(from.day_number()));
}
inline Date add_days(Date d, int n) {
  return d + boost::gregorian::date_duration(n);
}

// Rule C1: the date `months` calendar months after `anchor`, clamped to the last day of the
// target month when the anchor's day does not exist there. Always computed from the anchor,
// never by stepping (Boost's `months` snaps to month-end and drifts, so it is not used).
Date add_months_clamped(Date anchor, int months);

// A date split into year, month, day once, so that repeated month arithmetic from the same
// anchor (every renewal) skips the conversion.
struct CivilDate {
  int year = 1970;
  unsigned month = 1, day = 1;
};
CivilDate to_civil(Date d);
Date add_months_clamped(const CivilDate& anchor, int months);

// Months elapsed from the month of `from` to the month of `to` (calendar months, may be < 0).
inline int month_index(Date from, Date to) {
  return (to.year() - from.year()) * 12 + (to.month() - from.month());
}

}  // namespace subsim
