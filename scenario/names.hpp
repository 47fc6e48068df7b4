// How accounts and subscriptions are named in traces and by `explain`: scripted and book accounts
// by their ids, synthetic customers as c<number> with subscriptions c<number>-s<slot>.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace subsim {

std::string account_name(const Scenario& sc, std::uint32_t customer);
// The prefix of synthetic customers' names that no scripted or book id or label can be
// confused with (Scenario::synthetic_prefix; the loader sets it).
std::string synthetic_prefix_for(const Scenario& sc);
// The infix of a labelled account's later subscriptions (Scenario::slot_infix; the loader sets
// it): no label equals a labelled account's id, the infix and digits.
std::string slot_infix_for(const Scenario& sc);
// The scenario names of the scripted actions, indexed by ActionKind.
const std::vector<std::string>& action_names();
std::string subscription_name(const Scenario& sc, std::uint32_t customer, int sub);
// The customer id behind a name, if the scenario has it (synthetic ids are not range-checked).
std::optional<std::uint32_t> find_account(const Scenario& sc, const std::string& name);

}  // namespace subsim
