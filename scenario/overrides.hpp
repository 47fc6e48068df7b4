// --set a.b.c=value: command-line overrides of a scenario, applied to the YAML tree before it
// is read, so an override is validated like the file (its problems name the override).
#pragma once
#include <string>

#include "scenario/yaml_reader.hpp"

namespace subsim {

// Replaces (or adds) the scalar at the dotted path of "PATH=VALUE" in `root`.
void apply_set(YamlReader& L, YAML::Node root, const std::string& text);

}  // namespace subsim
