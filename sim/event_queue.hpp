// The engine's event queue: the calendar queue, or — for the benchmark and the order-equivalence
// test — the std::priority_queue baseline, chosen when a shard is built. Both fire in the same
// order (rule C3); the choice costs one well-predicted branch per scheduled event (measured:
// docs/performance.md), so the engine is not a template over its queue.
#pragma once
#include <memory>

#include "sim/calendar_queue.hpp"
#include "sim/priority_queue_baseline.hpp"

namespace subsim {

enum class QueueImpl : std::uint8_t { calendar, heap };

class EventQueue {
 public:
  EventQueue(int days, int classes, QueueImpl impl)
      : calendar_(impl == QueueImpl::calendar ? days : 0, classes),
        heap_(impl == QueueImpl::heap ? std::make_unique<PriorityQueueBaseline>(days, classes)
                                      : nullptr) {}

  [[gnu::always_inline]] void schedule(int day, int cls, const QueuedEvent& e) {
    if (heap_) [[unlikely]]
      heap_->schedule(day, cls, e);
    else
      calendar_.schedule(day, cls, e);
  }
  bool is_past(int day, int cls) const {
    return heap_ ? heap_->is_past(day, cls) : calendar_.is_past(day, cls);
  }
  template <class OnDay, class Fire, class Prefetch>
  void run(OnDay&& on_day, Fire&& fire, Prefetch&& prefetch) {
    if (heap_)
      heap_->run(on_day, fire, prefetch);
    else
      calendar_.run(on_day, fire, prefetch);
  }

 private:
  CalendarQueue calendar_;
  std::unique_ptr<PriorityQueueBaseline> heap_;
};

}  // namespace subsim
