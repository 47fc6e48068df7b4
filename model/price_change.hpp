// A dated change of the catalog's prices (catalog.price_changes), resolved per edition and term
// type when the scenario is read: whether it applies, the ratio it moves a subscription's own
// price by, and the list price after it. Changes compose in date order.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "model/date.hpp"
#include "model/money.hpp"
#include "model/term.hpp"

namespace subsim {

// An exact multiplier num/den: a factor 1.05 is 105/100; a new list price p over the old q is p/q.
struct PriceRatio {
  std::int64_t num = 1, den = 1;
};

// `price` × num / den, rounded half up to the cent; ExactnessError past the exact range (many
// large factors on a large price).
inline Cents apply_ratio(Cents price, PriceRatio r) {
  if (r.num > r.den && price > (std::int64_t{1} << 52) / r.num * r.den)
    throw ExactnessError("a subscription's price after price changes");
  return prorate(price, r.num, r.den);
}

struct PriceChange {
  Date date;                           // new orders pay the new price from this day
  std::int32_t notice_days = 0;        // existing subscriptions: terms starting date + D or later
  std::int32_t grandfather_terms = 0;  // … after this many more terms at their old price
  struct Cell {
    bool applies = false;
    PriceRatio ratio;      // what it multiplies a subscription's own price by
    Cents list_after = 0;  // the list price per seat per month after it (applying or not)
  };
  std::vector<std::array<Cell, 2>> cells;  // by edition, then monthly / annual

  Date effective() const { return add_days(date, notice_days); }
  const Cell& cell(std::uint8_t edition, TermType t) const {
    return cells[edition][t == TermType::annual ? 1 : 0];
  }
};

}  // namespace subsim
