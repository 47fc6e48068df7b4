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

Date add_months_clamped(Date anchor, int months) {
  const auto ymd = anchor.year_month_day();
  int total = static_cast<int>(ymd.year) * 12 + (static_cast<int>(ymd.month) - 1) + months;
  int year = total / 12;
  int month = total % 12 + 1;
  int last = boost::gregorian::gregorian_calendar::end_of_month_day(year, month);
  int day = static_cast<int>(ymd.day) < last ? static_cast<int>(ymd.day) : last;
  return Date(year, month, day);
}

}  // namespace subsim
