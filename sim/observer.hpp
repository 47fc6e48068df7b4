// Observers receive every fired event (OMNeT++-style signals): the model emits, analysis/
// decides what to record. With no observer attached nothing is built or called.
#pragma once
#include "model/event.hpp"

namespace subsim {

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_event(const Event& e) = 0;
  // Called once at the start of each simulated day, before its events.
  virtual void on_day(Date) {}
  // Called once after the last simulated day.
  virtual void on_finish(Date) {}
};

}  // namespace subsim
