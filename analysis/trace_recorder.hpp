// Keeps every fired event of one shard, for events.csv and explain.
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
};
// The scenario's names: scripted and book ids, c<n> for synthetic customers.
Names trace_names(const Scenario& sc);

// events.csv rows (without header) of one replication. A lifecycle event also says what the
// subscription is after it (edition, term, reseller, seats) and its MRR change; a note (an
// order, a rejection) leaves them empty but the reseller.
void append_trace_csv(std::string& out, int replication, const std::vector<Event>& events,
                      const Names& names);
inline constexpr const char* kTraceHeader =
    "replication,date,account,subscription,event,detail,amount,edition,term,reseller,seats,"
    "mrr_change\n";

}  // namespace subsim
