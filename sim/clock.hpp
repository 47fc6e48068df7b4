// The day clock of one shard: the event queue and the mapping between dates and day numbers.
// Transitions schedule through it by date; days before the first simulated day (an opening
// book's anchors) are scheduled on the first day, days past the horizon are dropped.
#pragma once
#include <cstdint>

#include "model/account.hpp"
#include "model/date.hpp"
#include "sim/event_queue.hpp"
#include "sim/queue_kind.hpp"

namespace subsim {

class Clock {
 public:
  Clock(Date start, int days, std::uint32_t first_customer, QueueImpl impl)
      : start_(start), after_last_(add_days(start, days)), after_last_civil_(to_civil(after_last_)),
        first_(first_customer), queue_(days, kQueueClasses, impl) {}

  Date start() const { return start_; }
  // The day after the horizon's last (nothing is scheduled from it on), also as year/month/day.
  Date after_last() const { return after_last_; }
  const CivilDate& after_last_civil() const { return after_last_civil_; }
  int day_of(Date d) const { return days_between(start_, d); }
  // On or before the horizon's last day (an event scheduled later is dropped).
  bool in_horizon(Date d) const { return d < after_last_; }
  Date date_of(int day) const { return add_days(start_, day); }
  std::uint32_t local(const Account& a) const { return a.customer - first_; }

  [[gnu::always_inline]] void schedule(Date day, QueueKind kind, const Account& a, int slot,
                                       std::uint32_t arg, std::uint32_t gen = 0) {
    int d = day_of(day);
    if (d < 0) d = 0;
    queue_.schedule(d, class_of(kind),
                    QueuedEvent{local(a), arg, gen, static_cast<std::int16_t>(slot),
                                static_cast<std::uint8_t>(kind), 0});
  }
  // F1: `e` waits `delay` days for its special bid, as a federal event that remembers its kind.
  void hold_for_bid(const QueuedEvent& e, Date day, int delay) {
    QueuedEvent held = e;
    held.held_kind = e.kind;
    held.kind = static_cast<std::uint8_t>(QueueKind::federal);
    queue_.schedule(day_of(day) + delay, class_of(QueueKind::federal), held);
  }
  // True if `kind`'s events of `day` have already fired: scheduling there would be too late.
  bool is_past(Date day, QueueKind kind) const {
    return queue_.is_past(day_of(day), class_of(kind));
  }
  template <class OnDay, class Fire, class Prefetch>
  void run(OnDay&& on_day, Fire&& fire, Prefetch&& prefetch) {
    queue_.run(on_day, fire, prefetch);
  }

 private:
  Date start_, after_last_;
  CivilDate after_last_civil_;
  std::uint32_t first_;
  EventQueue queue_;
};

}  // namespace subsim
