// The sections of a scenario that are plain settings: policy (the rule parameters), catalog,
// population and behaviour.
#pragma once
#include <string>
#include <vector>

#include "scenario/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace subsim {

// `where` names the map in messages: "policy", or "policies.NAME".
void read_policy(YamlReader& L, const YAML::Node& n, Policy& p, const std::string& where);
void read_catalog(YamlReader& L, const YAML::Node& n, Catalog& c);
// catalog.editions (replacing the default's).
void read_editions(YamlReader& L, const YAML::Node& eds, Catalog& c);
void read_population(YamlReader& L, const YAML::Node& n, Scenario& sc);
void read_behaviour(YamlReader& L, const YAML::Node& n, Scenario& sc);

}  // namespace subsim
