// Calendar days. The whole simulator counts in whole days (rule C3).
#pragma once
#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <cstdint>
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
// Day-number arithmetic: Boost's `date + days` checks for special values on every call, and
// this runs several times per event.
inline Date add_days(Date d, int n) {
  return Date(static_cast<Date::date_int_type>(static_cast<long>(d.day_number()) + n));
}

// Rule C1: the date `months` calendar months after `anchor`, clamped to the last day of the
// target month when the anchor's day does not exist there. Always computed from the anchor,
// never by stepping (Boost's `months` snaps to month-end and drifts, so it is not used).
Date add_months_clamped(Date anchor, int months);

// A date split into year, month, day once, so that repeated month arithmetic from the same
// anchor (every renewal) skips the conversion.
// Four bytes: every subscription caches its anchor's (years 1400 … 9999, Boost's range).
struct CivilDate {
  std::int16_t year = 1970;
  std::uint8_t month = 1, day = 1;
};
CivilDate to_civil(Date d);

namespace detail {
// Julian day number of the first of each month, 1900-01 … 2299-12 (+ one guard month), built
// at compile time: month arithmetic inside this window is two table reads.
inline constexpr long kTableFirstYear = 1900, kTableMonths = 400 * 12;
constexpr long jdn_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468 + 2440588;
}
struct FirstOfMonth {
  std::int32_t jdn[kTableMonths + 1];
  constexpr FirstOfMonth() : jdn{} {
    for (long i = 0; i <= kTableMonths; ++i)
      jdn[i] = static_cast<std::int32_t>(
          jdn_from_civil(kTableFirstYear + i / 12, static_cast<unsigned>(i % 12 + 1), 1));
  }
};
inline constexpr FirstOfMonth kFirstOfMonth{};
Date add_months_clamped_outside_table(const CivilDate& anchor, long total_months);
}  // namespace detail

inline Date add_months_clamped(const CivilDate& anchor, int months) {
  long total = static_cast<long>(anchor.year) * 12 + static_cast<long>(anchor.month - 1) + months;
  long i = total - detail::kTableFirstYear * 12;
  if (i < 0 || i >= detail::kTableMonths)
    return detail::add_months_clamped_outside_table(anchor, total);
  long first = detail::kFirstOfMonth.jdn[i];
  long length = detail::kFirstOfMonth.jdn[i + 1] - first;
  long day = anchor.day < length ? anchor.day : length;
  return Date(static_cast<Date::date_int_type>(first + day - 1));
}

// Months elapsed from the month of `from` to the month of `to` (calendar months, may be < 0).
inline int month_index(Date from, Date to) {
  return (to.year() - from.year()) * 12 + (to.month() - from.month());
}

}  // namespace subsim
