// One customer's life in one replication, simulated alone — customers never interact, so this
// is exactly that customer's part of a full run. `subsim explain` prints it; rule tests read it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/observer.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

struct AccountTrace {
  std::optional<std::uint32_t> customer;  // empty: no such account in this replication
  std::uint32_t accounts = 0;             // customers in the replication
  std::vector<Event> events;              // in firing order
};

// `account` is a scripted account's id or c<number> for a synthetic customer.
AccountTrace trace_account(const Scenario& sc, const Policy& policy, std::uint64_t seed,
                           std::uint32_t replication, const std::string& account);

}  // namespace subsim
