// Keeps every fired event of one shard in memory: explain and tests. A run's trace files are
// streamed instead (trace_stream.hpp).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"
#include "sim/observer.hpp"

namespace subsim {

class TraceRecorder : public Observer {
 public:
  void on_event(const Event& e) override { events_.push_back(e); }
  const std::vector<Event>& events() const { return events_; }
  std::vector<Event>& events() { return events_; }

 private:
  std::vector<Event> events_;
};

// Puts the concatenated shards of one replication in trace order: by date, then account id,
// then firing order within the account — the same for any split into shards.
void sort_trace(std::vector<Event>& events);

struct Names {
  std::function<std::string(std::uint32_t customer)> account;
  std::function<std::string(std::uint32_t customer, int sub)> subscription;
  std::vector<std::string> editions, resellers;  // by index
  std::string currency;                          // catalog.currency, may be empty
};
// The scenario's names: scripted and book ids, c<n> for synthetic customers.
Names trace_names(const Scenario& sc);

}  // namespace subsim
