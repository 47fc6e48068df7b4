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

std::string format_money(Cents c) {
  char buf[32];
  return std::string(buf, write_money(buf, c));
}

}  // namespace subsim
