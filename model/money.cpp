#include "model/money.hpp"

#include <charconv>

namespace subsim {

void throw_exactness(const char* quantity) { throw ExactnessError(quantity); }

char* write_money(char* p, Cents c) {
  if (c < 0) *p++ = '-';
  std::uint64_t a =
      c < 0 ? static_cast<std::uint64_t>(-(c + 1)) + 1 : static_cast<std::uint64_t>(c);
  p = std::to_chars(p, p + 21, a / 100).ptr;
  *p++ = '.';
  *p++ = static_cast<char>('0' + a % 100 / 10);
  *p++ = static_cast<char>('0' + a % 10);
  return p;
}

std::optional<std::int64_t> parse_decimal(std::string_view text, int places) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (places < 0 || places > 6 || whole.empty() || whole.size() > 12 || !digits(whole) ||
      !digits(frac) || frac.size() > static_cast<std::size_t>(places) ||
      (dot != std::string_view::npos && frac.empty()))
    return std::nullopt;
  std::int64_t v = 0;
  for (char c : whole) v = v * 10 + (c - '0');
  for (int i = 0; i < places; ++i)
    v = v * 10 + (static_cast<std::size_t>(i) < frac.size() ? frac[i] - '0' : 0);
  return v;
}

std::string format_money(Cents c) {
  char buf[32];
  return std::string(buf, write_money(buf, c));
}

}  // namespace subsim
