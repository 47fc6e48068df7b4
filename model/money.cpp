#include "model/money.hpp"

#include <cstdio>

namespace subsim {

std::string format_money(Cents c) {
  char buf[32];
  const char* sign = c < 0 ? "-" : "";
  std::uint64_t a =
      c < 0 ? static_cast<std::uint64_t>(-(c + 1)) + 1 : static_cast<std::uint64_t>(c);
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", sign, static_cast<unsigned long long>(a / 100),
                static_cast<unsigned long long>(a % 100));
  return buf;
}

}  // namespace subsim
