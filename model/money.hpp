// Money is exact: integer cents, never accumulated floats.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <optional>
#include <string>
#include <string_view>

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
[[noreturn, gnu::cold, gnu::noinline]] void throw_exactness(const char* quantity);
template <class Int>
[[gnu::always_inline]] inline void add_exact(Int& to, Int v, const char* quantity) {
  if (__builtin_add_overflow(to, v, &to)) [[unlikely]]
    throw_exactness(quantity);
}

// a × b, or ExactnessError(quantity).
inline std::int64_t mul_exact(std::int64_t a, std::int64_t b, const char* quantity) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) [[unlikely]]
    throw ExactnessError(quantity);
  return r;
}

__extension__ typedef __int128 Int128;  // GCC and clang; -Wpedantic knows it as an extension
__extension__ typedef unsigned __int128 UInt128;

namespace detail {
// Division by a small whole (a number of days) without a division instruction: for
// 1 <= d <= kReciprocalMax, l = ceil(log2 d) and m = ceil(2^(63+l) / d) < 2^64 give
// floor(n / d) = floor(n·m / 2^(63+l)) for every 0 <= n < 2^63 (Granlund & Montgomery 1994,
// theorem 4.2: m·d − 2^(63+l) < d <= 2^l). Built at compile time.
inline constexpr int kReciprocalMax = 512;
struct Reciprocals {
  std::uint64_t m[kReciprocalMax + 1];
  std::uint8_t shift[kReciprocalMax + 1];
  constexpr Reciprocals() : m{}, shift{} {
    for (int d = 1; d <= kReciprocalMax; ++d) {
      int l = 0;
      while ((1 << l) < d) ++l;
      const UInt128 p = static_cast<UInt128>(1) << (63 + l);
      m[d] = static_cast<std::uint64_t>((p + static_cast<unsigned>(d) - 1) / static_cast<unsigned>(d));
      shift[d] = static_cast<std::uint8_t>(63 + l);
    }
  }
};
inline constexpr Reciprocals kReciprocals{};
}  // namespace detail

// amount × part / whole, rounded half up; amount, part >= 0, whole > 0, part <= whole (so the
// result fits whenever the amount does). In 64 bits when the product fits (nearly always: the
// metrics split recognised revenue for every invoice), by a multiplication instead of a
// division when the whole is a number of days up to 512; otherwise the product is taken in
// 128 bits. The same exact value on every path.
inline Cents prorate(Cents amount, std::int64_t part, std::int64_t whole) {
  std::int64_t product;
  if (!__builtin_mul_overflow(amount, part, &product) && product >= 0 &&
      product <= INT64_MAX - whole / 2) {
    const std::int64_t n = product + whole / 2;
    if (static_cast<std::uint64_t>(whole - 1) < detail::kReciprocalMax) {  // 1 <= whole <= 512
      const auto u = static_cast<UInt128>(static_cast<std::uint64_t>(n)) *
                     detail::kReciprocals.m[whole];
      return static_cast<Cents>(u >> detail::kReciprocals.shift[whole]);
    }
    return n / whole;
  }
  return static_cast<Cents>((static_cast<Int128>(amount) * part + whole / 2) / whole);
}

// "4.5" with places 2 → 450: a non-negative decimal with at most `places` decimals (0 … 6) and
// at most 12 whole digits, as an integer count of 10^-places units; nullopt for anything else
// (a sign, an exponent, a comma, an empty part around the point).
std::optional<std::int64_t> parse_decimal(std::string_view text, int places);
// "4.00" / "4" / "4.5" → cents, exactly; nullopt if it is not a non-negative amount with at most
// two decimals.
inline std::optional<Cents> parse_money(std::string_view text) { return parse_decimal(text, 2); }

// "USD", "EUR": three capital letters A–Z (the form of an ISO 4217 code).
inline bool is_currency_code(std::string_view s) {
  return s.size() == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
         s[2] >= 'A' && s[2] <= 'Z';
}

// "1234.50" (currency units, two decimals), sign kept.
std::string format_money(Cents c);
// The same written at p (at most 24 characters); returns the end. No allocation: traces.
char* write_money(char* p, Cents c);

}  // namespace subsim
