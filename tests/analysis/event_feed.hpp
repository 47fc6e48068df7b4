// Feeds hand-written events to an observer with its day clock, as the engine would: on_day for
// every day up to an event's, then the event; on_finish at the end.
#pragma once
#include <cstdint>
#include <utility>

#include "model/event.hpp"

namespace test_feed {

// A lifecycle event of customer c's subscription 0: its kind, states, MRR change and invoice.
inline subsim::Event event(std::uint32_t c, subsim::EventKind k, subsim::SubState from,
                           subsim::SubState to, subsim::Cents mrr, subsim::Cents amount = 0) {
  subsim::Event e;
  e.customer = c;
  e.sub = 0;
  e.kind = k;
  e.from = from;
  e.to = to;
  e.mrr_delta = mrr;
  e.amount = amount;
  return e;
}

template <class Observer>
struct Feed {
  Observer m;
  subsim::Date day;
  template <class... Extra>
  Feed(subsim::Date start, subsim::Date end, std::uint32_t customers, Extra&&... extra)
      : m(start, end, 0, customers, std::forward<Extra>(extra)...), day(start) {
    m.on_day(start);
  }
  void at(subsim::Date d, subsim::Event e) {
    while (day < d) {
      day = subsim::add_days(day, 1);
      m.on_day(day);
    }
    e.date = d;
    m.on_event(e);
  }
  void finish(subsim::Date end) {
    while (day < end) {
      day = subsim::add_days(day, 1);
      m.on_day(day);
    }
    m.on_finish(end);
  }
};

}  // namespace test_feed
