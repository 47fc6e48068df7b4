// `subsim explain --find EVENT[:RULE]`: which accounts of a replication have such an event, so a
// user can pick an interesting one to explain.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "model/event.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

struct FoundAccount {
  std::uint32_t customer;
  Date first;          // its first such event
  std::uint32_t count;  // how many it had
};

// Every account of `replication` with an event of `kind` (and `rule`, when given), in order of
// the first such event, then customer id. Simulates that replication only.
std::vector<FoundAccount> find_accounts(const Scenario& sc, const Policy& policy,
                                        std::uint64_t seed, std::uint32_t replication,
                                        EventKind kind, std::optional<RuleId> rule, int threads);

}  // namespace subsim
