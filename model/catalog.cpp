#include "model/catalog.hpp"

namespace subsim {

std::string_view to_string(Basis b) {
  return b == Basis::per_device ? "per_device" : "per_user";
}

Catalog Catalog::maas360_default() {
  // Illustrative list prices per seat per month; scenarios override them.
  return Catalog{{{"essentials", 400}, {"deluxe", 500}, {"premier", 600}, {"enterprise", 900}},
                 1000};
}

std::optional<Edition> Catalog::find(std::string_view n) const {
  for (std::size_t i = 0; i < editions.size(); ++i)
    if (editions[i].name == n) return static_cast<Edition>(i);
  return std::nullopt;
}

Cents Catalog::term_price(Edition e, TermType t, std::int64_t seats) const {
  const Cents list = editions[e].monthly_price_per_seat * seats * months_in(t);
  if (t == TermType::monthly) return list;
  return prorate(list, 10000 - annual_discount_bp, 10000);
}

}  // namespace subsim
