// The distribution grammar of scenarios: {fixed: x} (or a bare number), {uniform: [a, b]},
// {exponential: {mean: m}}, {lognormal: {median: m, sigma: s}}, {poisson: {mean: m}},
// {choice: {key: weight}}, {empirical: [[value, weight], …]}; and shares, a choice over named
// keys whose weights add up to 1.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "scenario/distribution.hpp"
#include "scenario/yaml_reader.hpp"

namespace subsim {

// Values (and a bare number) must lie in [lo, hi].
std::optional<Distribution> read_distribution(YamlReader& R, const YAML::Node& n,
                                              const std::string& what, double lo, double hi);
// {choice: {k: share, …}} whose keys are some of `allowed` and whose shares add up to 1.
std::optional<Distribution> read_shares(YamlReader& R, const YAML::Node& n, const std::string& what,
                                        const std::vector<std::string>& allowed);

}  // namespace subsim
