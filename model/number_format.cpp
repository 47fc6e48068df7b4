#include "model/number_format.hpp"

#include <cmath>
#include <cstdio>

namespace subsim {

std::string fixed_text(double v, int decimals) {
  if (std::isnan(v)) return "n/a";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string value_text(double v, MetricUnit u) {
  if (std::isnan(v)) return "n/a";
  switch (u) {
    case MetricUnit::money:
      return fixed_text(v / 100.0, 2);
    case MetricUnit::count:
      if (std::fabs(v - std::round(v)) < 1e-9) return fixed_text(std::round(v), 0);
      return fixed_text(v, 3);
    case MetricUnit::share:
    case MetricUnit::rate:
    case MetricUnit::ratio:
      return fixed_text(v, 6);
  }
  return "";
}

std::string mean_text(double v, MetricUnit u) {
  return u == MetricUnit::count ? fixed_text(v, 3) : value_text(v, u);
}

std::string display_text(double v, MetricUnit u, bool sign) {
  if (std::isnan(v)) return "n/a";
  if (sign && v > 0) return "+" + display_text(v, u, false);
  switch (u) {
    case MetricUnit::money:
      return group_thousands(v, std::fabs(v) >= 10000 ? 0 : 2);
    case MetricUnit::count:
      return group_thousands(v, std::fabs(v - std::round(v)) < 1e-9 ? 0 : 1);
    case MetricUnit::share:
    case MetricUnit::rate:
      return percent_text(100 * v, false);
    case MetricUnit::ratio:
      return group_thousands(v, 2);
  }
  return "";
}

std::string difference_text(double v, MetricUnit u) {
  if ((u != MetricUnit::share && u != MetricUnit::rate) || std::isnan(v)) return display_text(v, u, true);
  const double p = 100 * v;
  return with_plus(group_thousands(p, std::fabs(p) >= 10 ? 1 : 2) + " pp", p);
}

std::string percent_text(double percent, bool sign, int decimals) {
  if (std::isnan(percent)) return "n/a";
  if (decimals < 0) decimals = std::fabs(percent) >= 10 ? 1 : 2;
  const std::string text = group_thousands(percent, decimals) + " %";
  return sign ? with_plus(text, percent) : text;
}

std::size_t terminal_width(const std::string& text) {
  std::size_t columns = 0;
  for (unsigned char c : text) columns += (c & 0xc0) != 0x80;
  return columns;
}

std::string with_plus(const std::string& text, double v) {
  const bool zero = text.find_first_of("123456789") > text.find(' ');  // rounds to 0: no sign
  return v > 0 && !zero ? "+" + text : text;
}

std::string pad_columns(const std::string& text, std::size_t width, bool right) {
  const std::size_t columns = terminal_width(text);
  const std::string fill(columns < width ? width - columns : 0, ' ');
  return right ? fill + text : text + fill;
}

std::string group_thousands(double v, int decimals) {
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string digits = buf, frac;
  if (auto dot = digits.find('.'); dot != std::string::npos) {
    frac = digits.substr(dot);
    digits.erase(dot);
  }
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  const bool negative = v < 0 && (out + frac).find_first_not_of("0.,") != std::string::npos;
  return (negative ? "−" : "") + out + frac;
}

}  // namespace subsim
