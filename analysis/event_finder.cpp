#include "analysis/event_finder.hpp"

#include <algorithm>
#include <tuple>

#include "sim/runner.hpp"

namespace subsim {

namespace {
class Finder : public Observer {
 public:
  Finder(const WorkUnit& u, EventKind kind, std::optional<RuleId> rule)
      : first_(u.first), slot_(u.last - u.first, -1), kind_(kind), rule_(rule) {}
  void on_event(const Event& e) override {
    if (e.kind != kind_ || (rule_ && e.rule != *rule_)) return;
    int& s = slot_[e.customer - first_];
    if (s >= 0) {
      ++found_[static_cast<std::size_t>(s)].count;
      return;
    }
    s = static_cast<int>(found_.size());
    found_.push_back({e.customer, e.date, 1});
  }
  std::vector<FoundAccount>& found() { return found_; }

 private:
  std::uint32_t first_;
  std::vector<int> slot_;  // customer − first → its entry in found_, −1 while none
  EventKind kind_;
  std::optional<RuleId> rule_;
  std::vector<FoundAccount> found_;
};
}  // namespace

std::vector<FoundAccount> find_accounts(const Scenario& sc, const Policy& policy,
                                        std::uint64_t seed, std::uint32_t replication,
                                        EventKind kind, std::optional<RuleId> rule, int threads) {
  RunSpec spec{&sc, policy, seed, 0};
  auto plans = plan_replications(spec, static_cast<int>(replication) + 1);
  std::vector<WorkUnit> units;
  for (const WorkUnit& u : split_units(plans, kDefaultShardSize))
    if (u.replication == replication) units.push_back(u);
  std::vector<std::unique_ptr<Observer>> observers;
  RunnerOptions ro;
  ro.threads = threads;
  run_units(
      spec, plans, units, [&](const WorkUnit& u) { return std::make_unique<Finder>(u, kind, rule); },
      observers, ro);
  std::vector<FoundAccount> all;
  for (auto& o : observers) {
    auto& f = static_cast<Finder*>(o.get())->found();
    all.insert(all.end(), f.begin(), f.end());
  }
  std::sort(all.begin(), all.end(), [](const FoundAccount& a, const FoundAccount& b) {
    return std::tie(a.first, a.customer) < std::tie(b.first, b.customer);
  });
  return all;
}

}  // namespace subsim
