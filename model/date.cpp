#include "model/date.hpp"

#include <charconv>
#include <cstdio>

namespace subsim {

namespace {
bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{};
}
}  // namespace

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
      !parse_int(text.substr(8, 2), d))
    return std::nullopt;
  if (y < 1400 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > boost::gregorian::gregorian_calendar::end_of_month_day(y, m)) return std::nullopt;
  return Date(y, m, d);
}

std::string format_iso(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()),
                static_cast<int>(d.month()), static_cast<int>(d.day()));
  return buf;
}

std::string format_month(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(d.year()),
                static_cast<int>(d.month()));
  return buf;
}

namespace {
// Howard Hinnant's civil-calendar algorithms on Julian day numbers (Boost's day_number()):
// a few integer operations instead of Boost's validated conversions, on the renewal hot path.
constexpr long kJdnUnixEpoch = 2440588;
struct Civil {
  long y;
  unsigned m, d;
};
inline Civil civil_from_jdn(long jdn) {
  long z = jdn - kJdnUnixEpoch + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<long>(yoe) + era * 400 + (m <= 2), m, d};
}
inline unsigned last_day_of(long y, unsigned m) {
  static constexpr unsigned char kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m != 2) return kDays[m - 1];
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return leap ? 29 : 28;
}
}  // namespace

CivilDate to_civil(Date d) {
  Civil c = civil_from_jdn(static_cast<long>(d.day_number()));
  return {static_cast<std::int16_t>(c.y), static_cast<std::uint8_t>(c.m),
          static_cast<std::uint8_t>(c.d)};
}

Date detail::add_months_clamped_outside_table(const CivilDate& anchor, long total) {
  long year = total >= 0 ? total / 12 : (total - 11) / 12;
  auto month = static_cast<unsigned>(total - year * 12 + 1);
  unsigned last = last_day_of(year, month);
  unsigned day = anchor.day < last ? anchor.day : last;
  return Date(static_cast<Date::date_int_type>(detail::jdn_from_civil(year, month, day)));
}

Date add_months_clamped(Date anchor, int months) {
  return add_months_clamped(to_civil(anchor), months);
}

}  // namespace subsim
