// Money is exact: integer cents, never accumulated floats.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace subsim {

using Cents = std::int64_t;

// A sum of money or seats past what subsim holds exactly (int64 cents, int32 seats): the run
// stops (exit 1) naming the quantity and, once known, the account — never a wrapped number.
class ExactnessError : public std::overflow_error {
 public:
  static constexpr std::uint32_t kNoCustomer = 0xffffffffu;
  explicit ExactnessError(const std::string& quantity, std::uint32_t customer = kNoCustomer)
      : std::overflow_error(quantity + " is past the range subsim computes exactly"),
        quantity_(quantity),
        customer_(customer) {}
  const std::string& quantity() const { return quantity_; }
  std::uint32_t customer() const { return customer_; }
  bool has_customer() const { return customer_ != kNoCustomer; }

 private:
  std::string quantity_;
  std::uint32_t customer_;
};

// to += v, or ExactnessError(quantity) when the sum leaves the type.
template <class Int>
inline void add_exact(Int& to, Int v, const char* quantity) {
  if (__builtin_add_overflow(to, v, &to)) [[unlikely]]
    throw ExactnessError(quantity);
}

// a × b, or ExactnessError(quantity).
inline std::int64_t mul_exact(std::int64_t a, std::int64_t b, const char* quantity) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) [[unlikely]]
    throw ExactnessError(quantity);
  return r;
}

// amount × part / whole, rounded half up; amount, part >= 0, whole > 0, part <= whole (so the
// result fits whenever the amount does; the product is taken in 128 bits).
__extension__ typedef __int128 Int128;  // GCC and clang; -Wpedantic knows it as an extension
inline Cents prorate(Cents amount, std::int64_t part, std::int64_t whole) {
  // In 64 bits when the product fits (nearly always: the same exact value, without the slow
  // 128-bit division the metrics would otherwise do for every recognised revenue split).
  std::int64_t product;
  if (!__builtin_mul_overflow(amount, part, &product) && product <= INT64_MAX - whole / 2)
    return (product + whole / 2) / whole;
  return static_cast<Cents>((static_cast<Int128>(amount) * part + whole / 2) / whole);
}

// "1234.50" (currency units, two decimals), sign kept.
std::string format_money(Cents c);
// The same written at p (at most 24 characters); returns the end. No allocation: traces.
char* write_money(char* p, Cents c);

}  // namespace subsim
