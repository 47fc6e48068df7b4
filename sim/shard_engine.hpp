// The engine for one shard of customers over the whole horizon: the day clock pops events and
// dispatches them to the lifecycle (contract transitions), the scripted accounts' driver and the
// synthetic customers' driver. Shards never interact.
#pragma once
#include <cstdint>
#include <vector>

#include "model/account.hpp"
#include "sim/behaviour_driver.hpp"
#include "sim/clock.hpp"
#include "sim/emitter.hpp"
#include "sim/lifecycle.hpp"
#include "sim/observer.hpp"
#include "sim/population_plan.hpp"
#include "sim/scripted_driver.hpp"
#include "sim/run_spec.hpp"

namespace subsim {

class ShardEngine {
 public:
  // Customers [first, last) of replication `replication`; `observer` may be null.
  ShardEngine(const RunSpec& spec, const PopulationPlan& plan, std::uint32_t replication,
              std::uint32_t first, std::uint32_t last, Observer* observer,
              QueueImpl queue = QueueImpl::calendar);
  ShardEngine(const ShardEngine&) = delete;
  ShardEngine& operator=(const ShardEngine&) = delete;
  ~ShardEngine();  // its accounts go to the next shard of this thread (scratch_pool.hpp)

  ShardStats run();
  const Account& account(std::uint32_t customer) const { return accounts_[customer - first_]; }

 private:
  // `bid_passed`: the event is an order of a federal end user whose special bid was approved.
  void fire(Date today, const QueuedEvent& e, bool bid_passed = false);
  // F1: holds an order of a federal end user for its special bid. True if it was held.
  bool hold_for_federal_bid(Account& a, const QueuedEvent& e, Date day, bool bid_passed, bool is_order);
  void decide_bid(Account& a, const QueuedEvent& e, Date day);

  const RunSpec& spec_;
  const PopulationPlan& plan_;
  ReplicationStreams streams_;
  std::uint32_t first_;
  Clock clock_;
  Emitter out_;
  Lifecycle life_;
  ScriptedDriver scripted_;
  BehaviourDriver behaviour_;
  std::vector<Account> accounts_;
};

}  // namespace subsim
