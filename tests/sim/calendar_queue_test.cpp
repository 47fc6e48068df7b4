// The event queue: O(1) day buckets, the C3 order within a day, cheap cancellation.
#include "sim/calendar_queue.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "sim/priority_queue_baseline.hpp"
#include "sim/queue_kind.hpp"

using namespace subsim;

namespace {
QueuedEvent ev(std::uint32_t id) {
  return QueuedEvent{id, 0, 0, 0, 0, 0};
}

template <class Q>
std::vector<std::uint32_t> fire_order() {
  Q q(10, 3);
  q.schedule(5, 1, ev(1));
  q.schedule(2, 2, ev(2));
  q.schedule(2, 0, ev(3));
  q.schedule(5, 1, ev(4));  // same bucket: FIFO
  q.schedule(5, 0, ev(5));
  q.schedule(12, 0, ev(6));  // past the horizon: dropped
  std::vector<std::uint32_t> order;
  std::vector<int> days_seen;
  q.run([&](int d) { days_seen.push_back(d); },
        [&](int day, const QueuedEvent& e) {
          order.push_back(e.account);
          // Firing may schedule into the same day and a later class, or the same bucket.
          if (e.account == 3) q.schedule(day, 1, ev(7));
          if (e.account == 7) q.schedule(day, 1, ev(8));
        });
  CHECK(days_seen.size() == 10);
  return order;
}
}  // namespace

TEST_CASE("C3 the calendar queue fires by day, then class, then scheduling order") {
  std::vector<std::uint32_t> expected = {3, 7, 8, 2, 5, 1, 4};
  CHECK(fire_order<CalendarQueue>() == expected);
}

TEST_CASE("C3 the priority_queue baseline fires in exactly the same order") {
  CHECK(fire_order<PriorityQueueBaseline>() == fire_order<CalendarQueue>());
}

TEST_CASE("scheduling into an already fired (day, class) is a bug and throws") {
  CalendarQueue q(5, 3);
  q.schedule(1, 2, ev(1));
  bool threw = false;
  q.run([](int) {},
        [&](int day, const QueuedEvent&) {
          try {
            q.schedule(day, 0, ev(2));
          } catch (const std::logic_error&) {
            threw = true;
          }
        });
  CHECK(threw);
}

TEST_CASE("C3 the day's class order puts deletion before orders and orders before renewals") {
  CHECK(class_of(QueueKind::deletion) < class_of(QueueKind::scripted));
  CHECK(class_of(QueueKind::grace_end) < class_of(QueueKind::scripted));
  CHECK(class_of(QueueKind::expiry) < class_of(QueueKind::pending_start));
  CHECK(class_of(QueueKind::pending_start) < class_of(QueueKind::scripted));
  CHECK(class_of(QueueKind::scripted) < class_of(QueueKind::notice_cutoff));
  CHECK(class_of(QueueKind::notice_cutoff) < class_of(QueueKind::term_end));
  CHECK(class_of(QueueKind::term_end) == kQueueClasses - 1);
}
