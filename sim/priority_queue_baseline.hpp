// The baseline the benchmark compares the calendar queue with: a binary heap
// (std::priority_queue) keyed by (day, class, insertion number), so it fires in exactly the
// calendar queue's order.
#pragma once
#include <cstdint>
#include <queue>
#include <stdexcept>
#include <vector>

#include "sim/queued_event.hpp"

namespace subsim {

class PriorityQueueBaseline {
 public:
  PriorityQueueBaseline(int days, int classes) : days_(days), classes_(classes) {}

  int days() const { return days_; }

  bool is_past(int day, int cls) const { return day * classes_ + cls < cursor_; }

  void schedule(int day, int cls, const QueuedEvent& e) {
    if (day >= days_) return;
    std::uint64_t key = (static_cast<std::uint64_t>(day * classes_ + cls) << 40) | seq_++;
    if ((key >> 40) < static_cast<std::uint64_t>(cursor_))
      throw std::logic_error("event scheduled into the past");
    heap_.push(Entry{key, e});
  }

  // A heap cannot tell what comes after its top: no prefetching.
  template <class OnDay, class Fire, class Prefetch>
  void run(OnDay&& on_day, Fire&& fire, Prefetch&&) {
    run(on_day, fire);
  }

  template <class OnDay, class Fire>
  void run(OnDay&& on_day, Fire&& fire) {
    int day = -1;
    while (!heap_.empty()) {
      Entry top = heap_.top();
      heap_.pop();
      cursor_ = static_cast<int>(top.key >> 40);
      int d = cursor_ / classes_;
      while (day < d) on_day(++day);
      fire(d, top.event);
    }
    while (day < days_ - 1) on_day(++day);
  }

 private:
  struct Entry {
    std::uint64_t key;
    QueuedEvent event;
    bool operator<(const Entry& o) const { return key > o.key; }  // min-heap
  };
  int days_;
  int classes_;
  int cursor_ = 0;
  std::uint64_t seq_ = 0;
  std::priority_queue<Entry> heap_;
};

}  // namespace subsim
