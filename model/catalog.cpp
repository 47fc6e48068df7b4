#include "model/catalog.hpp"

namespace subsim {

std::string_view to_string(Basis b) {
  return b == Basis::per_device ? "per_device" : "per_user";
}

Catalog Catalog::maas360_default() {
  // Illustrative list prices per seat per month; scenarios override them.
  Catalog c;
  c.editions = {{"essentials", 400, -1}, {"deluxe", 500, -1}, {"premier", 600, -1},
                {"enterprise", 900, -1}};
  c.annual_discount_bp = 1000;
  return c;
}

std::optional<Edition> Catalog::find(std::string_view n) const {
  for (std::size_t i = 0; i < editions.size(); ++i)
    if (editions[i].name == n) return static_cast<Edition>(i);
  return std::nullopt;
}

}  // namespace subsim
