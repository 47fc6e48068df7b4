// catalog.price_changes: dated price changes read, checked and resolved against the catalog's
// editions (each change's ratio and the list prices after it, per edition and term type).
#pragma once
#include "model/catalog.hpp"
#include "scenario/yaml_reader.hpp"

namespace subsim {

// Reads the list `n` into c.price_changes, in date order; `c.editions` must be read already.
void read_price_changes(YamlReader& L, const YAML::Node& n, Catalog& c);
// catalog.promotions: [{from, to, first_terms, discount}], in date order, not overlapping.
void read_promotions(YamlReader& L, const YAML::Node& n, Catalog& c);

}  // namespace subsim
