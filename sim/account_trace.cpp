#include "sim/account_trace.hpp"

#include "scenario/names.hpp"
#include "sim/population_plan.hpp"
#include "sim/shard_engine.hpp"

namespace subsim {

namespace {
struct Recorder : Observer {
  std::vector<Event>* events;
  explicit Recorder(std::vector<Event>* e) : events(e) {}
  void on_event(const Event& e) override { events->push_back(e); }
};
}  // namespace

AccountTrace trace_account(const Scenario& sc, const Policy& policy, std::uint64_t seed,
                           std::uint32_t replication, const std::string& account) {
  AccountTrace out;
  PopulationPlan plan = plan_population(sc, seed, replication);
  out.accounts = plan.total();
  auto id = find_account(sc, account);
  if (!id || *id >= plan.total()) return out;
  out.customer = *id;
  RunSpec spec{&sc, policy, seed, 0};
  Recorder rec(&out.events);
  ShardEngine engine(spec, plan, replication, *id, *id + 1, &rec);
  engine.run();
  return out;
}

}  // namespace subsim
