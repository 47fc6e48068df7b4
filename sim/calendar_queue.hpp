// The event queue: one bucket per (day, event class) over the horizon. Scheduling appends to a
// bucket and popping walks the buckets in order, so both are O(1). Within a bucket events fire in
// the order they were scheduled; the day's class order is rule C3 (see event_class.hpp).
#pragma once
#include "sim/queued_event.hpp"

#include <stdexcept>
#include <vector>

namespace subsim {

class CalendarQueue {
 public:
  CalendarQueue(int days, int classes) : days_(days), classes_(classes), buckets_(days * classes) {}

  int days() const { return days_; }

  // True if (day, cls) has already been fired: scheduling there would be a bug.
  bool is_past(int day, int cls) const { return day * classes_ + cls < cursor_; }

  // Events past the horizon are dropped: nothing after the last simulated day is observed.
  void schedule(int day, int cls, const QueuedEvent& e) {
    if (day >= days_) return;
    int b = day * classes_ + cls;
    if (b < cursor_) throw std::logic_error("event scheduled into the past");
    buckets_[b].push_back(e);
  }

  // Calls on_day(day) when a day begins and fire(day, event) for every event, in order.
  template <class OnDay, class Fire>
  void run(OnDay&& on_day, Fire&& fire) {
    for (int day = 0; day < days_; ++day) {
      on_day(day);
      for (int c = 0; c < classes_; ++c) {
        cursor_ = day * classes_ + c;
        std::vector<QueuedEvent>& bucket = buckets_[cursor_];
        // Index loop: firing may append to this same bucket (same day, same class).
        for (std::size_t i = 0; i < bucket.size(); ++i) fire(day, bucket[i]);
        // A fired bucket is never used again: give its memory back.
        std::vector<QueuedEvent>().swap(bucket);
      }
    }
    cursor_ = days_ * classes_;
  }

 private:
  int days_;
  int classes_;
  int cursor_ = 0;
  std::vector<std::vector<QueuedEvent>> buckets_;
};

}  // namespace subsim
