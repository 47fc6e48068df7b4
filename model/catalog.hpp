// The catalog is data, not code: editions in ascending order with their prices.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/money.hpp"
#include "model/term.hpp"

namespace subsim {

// Index into Catalog::editions; a higher index is a higher edition (Essentials < … < Enterprise).
using Edition = std::uint8_t;

enum class Basis : std::uint8_t { per_device, per_user };
std::string_view to_string(Basis b);

struct EditionInfo {
  std::string name;
  Cents monthly_price_per_seat = 0;
};

struct Catalog {
  std::vector<EditionInfo> editions;
  // Discount on annual terms in basis points (1000 = 10 %), kept integral so prices stay exact.
  int annual_discount_bp = 0;

  static Catalog maas360_default();
  std::optional<Edition> find(std::string_view name) const;
  const std::string& name(Edition e) const { return editions[e].name; }
  // Every edition's name, in ascending order.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const EditionInfo& e : editions) out.push_back(e.name);
    return out;
  }

  // The invoice for one full term of `seats` seats.
  Cents term_price(Edition e, TermType t, std::int64_t seats) const {
    const Cents list = mul_exact(mul_exact(editions[e].monthly_price_per_seat, seats, "a term's price"),
                                 months_in(t), "a term's price");
    if (t == TermType::monthly) return list;
    return prorate(list, 10000 - annual_discount_bp, 10000);
  }
};

}  // namespace subsim
