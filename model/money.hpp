// Money is exact: integer cents, never accumulated floats.
#pragma once
#include <cstdint>
#include <string>

namespace subsim {

using Cents = std::int64_t;

// amount × part / whole, rounded half up; amount, part >= 0, whole > 0.
inline Cents prorate(Cents amount, std::int64_t part, std::int64_t whole) {
  return (amount * part + whole / 2) / whole;
}

// "1234.50" (currency units, two decimals), sign kept.
std::string format_money(Cents c);

}  // namespace subsim
