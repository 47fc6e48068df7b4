// Scripted accounts: the exact what-ifs of a scenario — an account's reseller, its
// subscriptions (held at their start dates) and its dated actions, with subscription ids turned
// into labels. An order's id is declared before any action is read, so actions may refer to a
// subscription that a later order creates.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>

#include "scenario/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace subsim {

struct AccountReader {
  YamlReader& L;
  Scenario& sc;
  std::map<std::string, int>& reseller_index;
  bool resellers_declared;

  std::optional<std::uint16_t> reseller(const YAML::Node& n, const std::string& what);
  std::optional<Edition> edition(const YAML::Node& n, const std::string& what);
  int label(ScriptedAccount& a, const YAML::Node& n, const std::string& what, bool declare);
  // {id, edition, basis, term, seats[, start][, auto_renew]}. `declared`: the id was declared
  // by the first pass over the actions (an order's), so it is looked up, not declared.
  std::optional<Order> spec(ScriptedAccount& a, const YAML::Node& n, const std::string& what,
                            bool allow_start, bool declared = false);
  void account(const YAML::Node& n, std::set<std::string>& ids);
  void action(ScriptedAccount& a, const YAML::Node& n);
};

}  // namespace subsim
