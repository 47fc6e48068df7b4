// The catalog is data, not code: editions in ascending order with their prices.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/money.hpp"
#include "model/price_change.hpp"
#include "model/term.hpp"

namespace subsim {

// Index into Catalog::editions; a higher index is a higher edition (Essentials < … < Enterprise).
using Edition = std::uint8_t;

enum class Basis : std::uint8_t { per_device, per_user };
std::string_view to_string(Basis b);

struct EditionInfo {
  std::string name;
  Cents monthly_price_per_seat = 0;
  int annual_discount_bp = -1;  // its own annual discount (basis points); -1: the catalog's
};

// catalog.promotions: new orders whose first term starts from `from` to `to` pay `discount_bp`
// less for their first `first_terms` terms.
struct Promotion {
  Date from, to;
  int first_terms = 1;
  int discount_bp = 0;
};

struct Catalog {
  std::vector<EditionInfo> editions;
  // Discount on annual terms in basis points (1000 = 10 %), kept integral so prices stay exact.
  int annual_discount_bp = 0;
  // Dated price changes, in date order (at most 255).
  std::vector<PriceChange> price_changes;
  std::vector<Promotion> promotions;        // in date order, not overlapping (at most 255)
  std::vector<int> reseller_discount_bp;    // by reseller index (missing: none)
  std::string currency;  // the prices' ISO 4217 code (catalog.currency), empty when unsaid

  static Catalog maas360_default();
  std::optional<Edition> find(std::string_view name) const;
  const std::string& name(Edition e) const { return editions[e].name; }
  // Every edition's name, in ascending order.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const EditionInfo& e : editions) out.push_back(e.name);
    return out;
  }

  // The invoice for one full term of `seats` seats of edition `e` at `unit_price` per seat per
  // month (the edition's annual discount, or the catalog's, applied to annual terms).
  Cents term_amount(Cents unit_price, Edition e, TermType t, std::int64_t seats) const {
    const Cents list = mul_exact(mul_exact(unit_price, seats, "a term's price"), months_in(t),
                                 "a term's price");
    if (t == TermType::monthly) return list;
    const int bp = editions[e].annual_discount_bp >= 0 ? editions[e].annual_discount_bp
                                                       : annual_discount_bp;
    return prorate(list, 10000 - bp, 10000);
  }
  // The invoice for one full term of `seats` seats at the list price before any price change.
  Cents term_price(Edition e, TermType t, std::int64_t seats) const {
    return term_amount(editions[e].monthly_price_per_seat, e, t, seats);
  }
  // A reseller's discount off the list (resellers: [{name, discount}]).
  Cents reseller_price(Cents list, std::uint16_t reseller) const {
    if (reseller >= reseller_discount_bp.size() || reseller_discount_bp[reseller] == 0) return list;
    return prorate(list, 10000 - reseller_discount_bp[reseller], 10000);
  }
  // The list price per seat per month of edition `e` for term type `t` after the first `step`
  // price changes.
  Cents list_price(Edition e, TermType t, std::size_t step) const {
    if (step == 0) return editions[e].monthly_price_per_seat;
    return price_changes[step - 1].cell(e, t).list_after;
  }
  // How many price changes are dated on or before `day`: the step a new order starts at.
  std::uint8_t changes_by(Date day) const {
    std::uint8_t n = 0;
    while (n < price_changes.size() && price_changes[n].date <= day) ++n;
    return n;
  }
};

}  // namespace subsim
