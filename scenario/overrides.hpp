// --set a.b.c=value: command-line overrides of a scenario, applied to the YAML tree before it
// is read, so an override is validated like the file (its problems name the override).
#pragma once
#include <string>

#include "scenario/yaml_reader.hpp"

namespace subsim {

// Replaces (or adds) the scalar at the dotted path of "PATH=VALUE" in `root`.
// Applies variant `name`'s overrides — a mapping of dotted paths to values of any shape — to
// the scenario's tree; the values keep their place in the file, so a bad one is reported at its
// line in `variants:`. With `apply` false only the keys are checked (every variant is, whether
// chosen or not).
void apply_variant(YamlReader& L, YAML::Node root, const YAML::Node& overrides,
                   const std::string& name, bool apply = true);
void apply_set(YamlReader& L, YAML::Node root, const std::string& text);

}  // namespace subsim
