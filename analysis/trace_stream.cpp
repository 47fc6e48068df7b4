#include "analysis/trace_stream.hpp"

#include "analysis/subscription_export.hpp"

namespace subsim {

namespace {

class TraceShard : public Observer {
 public:
  TraceShard(TraceStream& stream, const WorkUnit& unit)
      : stream_(stream), unit_(unit), events_(thread_buffer()) {
    events_.clear();
    keep_.resize(unit.last - unit.first);
    for (std::uint32_t c = unit.first; c < unit.last; ++c)
      keep_[c - unit.first] = stream.filter().customer_kept(c);
  }
  void on_event(const Event& e) override {
    if (keep_[e.customer - unit_.first]) events_.push_back(e);
  }
  void on_finish(Date) override {
    stream_.complete(unit_, events_);
    events_.clear();
    std::vector<char>().swap(keep_);
  }

 private:
  // A unit runs start to end on one worker thread: its buffer is that thread's, reused from
  // unit to unit (no fresh pages to fault in for every shard).
  static std::vector<Event>& thread_buffer() {
    thread_local std::vector<Event> buffer;
    return buffer;
  }

  TraceStream& stream_;
  WorkUnit unit_;
  std::vector<Event>& events_;
  std::vector<char> keep_;
};

// Stable counting sort by customer: account order, each account's events in firing order.
// Pointers, not copies; the result is the calling thread's buffer, reused.
const std::vector<const Event*>& by_account(const std::vector<Event>& events, const WorkUnit& u) {
  thread_local std::vector<std::uint32_t> start;
  thread_local std::vector<const Event*> sorted;
  start.assign(u.last - u.first + 1, 0);
  for (const Event& e : events) ++start[e.customer - u.first + 1];
  for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  sorted.resize(events.size());
  for (const Event& e : events) sorted[start[e.customer - u.first]++] = &e;
  return sorted;
}

}  // namespace

TraceStream::TraceStream(const Scenario& sc, TraceFilter filter, Sink events, Sink subscriptions,
                         std::size_t window)
    : filter_(std::move(filter)),
      format_(sc),
      names_(trace_names(sc)),
      subscriptions_(static_cast<bool>(subscriptions)),
      writer_(
          [this, events, subscriptions](OrderedWriter::Chunk& chunk) {
            events(chunk[0]);
            if (subscriptions && !chunk[1].empty()) subscriptions(chunk[1]);
            recycle(chunk);
          },
          window) {
  // Before any unit can hand rows over: the writer's thread calls the sinks only after this.
  events(kTraceHeader);
  if (subscriptions) subscriptions(subscription_export_header());
}

std::unique_ptr<Observer> TraceStream::observer(const WorkUnit& unit) {
  return std::make_unique<TraceShard>(*this, unit);
}

void TraceStream::complete(const WorkUnit& unit, std::vector<Event>& events) {
  const std::vector<const Event*>& sorted = by_account(events, unit);
  OrderedWriter::Chunk chunk = fresh_chunk();
  chunk[0].reserve(sorted.size() * 80);
  std::uint64_t rows = 0;
  const bool all = !filter_.filters_events();
  for (const Event* e : sorted)
    if (all || filter_.event_kept(*e)) {
      format_.append_row(chunk[0], static_cast<int>(unit.replication), *e);
      ++rows;
    }
  if (subscriptions_ && unit.replication == 0) append_subscription_rows(chunk[1], sorted, names_);
  rows_ += rows;
  writer_.submit(unit.index, std::move(chunk));
}

OrderedWriter::Chunk TraceStream::fresh_chunk() {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  if (pool_.empty()) return OrderedWriter::Chunk(2);
  OrderedWriter::Chunk c = std::move(pool_.back());
  pool_.pop_back();
  return c;
}

void TraceStream::recycle(OrderedWriter::Chunk& chunk) {
  for (auto& s : chunk) s.clear();  // capacity kept: the next unit writes into it
  std::lock_guard<std::mutex> lock(pool_mutex_);
  pool_.push_back(std::move(chunk));
}

}  // namespace subsim
