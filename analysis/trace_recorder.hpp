// Keeps every fired event of one shard, for events.csv and explain.
#pragma once
#include <functional>
#include <string>
#include <vector>

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
};

// events.csv rows (without header) of one replication.
void append_trace_csv(std::string& out, int replication, const std::vector<Event>& events,
                      const Names& names);
inline constexpr const char* kTraceHeader =
    "replication,date,account,subscription,event,detail,amount\n";

}  // namespace subsim
