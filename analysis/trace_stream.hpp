// A traced run's files, written while it runs and in bounded memory.
//
// Each work unit (a shard of consecutive customers of one replication) keeps the events of its
// traced customers. When the unit ends, its worker puts them in account order (a stable
// counting sort: each account's events stay in firing order), formats them (trace_format.hpp)
// and hands the rows to an OrderedWriter, whose thread writes the units in their order. So
//   events.csv rows are ordered by replication, then account (customer id: scripted accounts,
//   then the book, then synthetic customers c<n>), then firing order (dates never go back);
// subscriptions.csv (replication 0) by account, then first paid day, then subscription. Both
// are byte-identical for any thread count and any shard size. Memory: the units in flight
// (threads) and at most `window` finished units waiting to be written — a fixed budget,
// whatever the population.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "analysis/trace_filter.hpp"
#include "analysis/trace_format.hpp"
#include "analysis/trace_recorder.hpp"
#include "io/ordered_writer.hpp"
#include "sim/observer.hpp"
#include "sim/runner.hpp"

namespace subsim {

class TraceStream {
 public:
  using Sink = std::function<void(std::string_view)>;
  // `events` receives events.csv (header first); `subscriptions`, if set, the subscription
  // export of replication 0. Both are called on the writer's thread only.
  TraceStream(const Scenario& sc, TraceFilter filter, Sink events, Sink subscriptions,
              std::size_t window);

  // The observer of one unit: collects its traced customers' events, hands them on at the end.
  std::unique_ptr<Observer> observer(const WorkUnit& unit);
  // A unit failed: stop (waiting workers go on, nothing more is written).
  void abort() { writer_.abort(); }
  // Waits until the rows of units [0, units) are written; rethrows a write error.
  void finish(std::size_t units) { writer_.finish(units); }

  std::uint64_t rows() const { return rows_; }  // events.csv rows written (header excepted)
  std::size_t most_waiting() const { return writer_.most_waiting(); }

  // Called by a unit's observer when the unit ends.
  void complete(const WorkUnit& unit, std::vector<Event>& events);
  const TraceFilter& filter() const { return filter_; }

 private:
  // Chunks' strings go back to a pool once written, so their memory is reused, not refaulted.
  OrderedWriter::Chunk fresh_chunk();
  void recycle(OrderedWriter::Chunk& chunk);

  TraceFilter filter_;
  TraceFormatter format_;
  Names names_;
  bool subscriptions_;
  std::atomic<std::uint64_t> rows_{0};
  std::mutex pool_mutex_;
  std::vector<OrderedWriter::Chunk> pool_;
  OrderedWriter writer_;  // last: its thread stops before the pool goes
};

}  // namespace subsim
