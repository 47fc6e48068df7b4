// Observers receive every fired event (OMNeT++-style signals): the model emits, analysis/
// decides what to record. With no observer attached nothing is built or called.
#pragma once
#include <cstddef>

#include "model/event.hpp"
#include "model/money.hpp"

namespace subsim {

// Calls handle(e) for each of n events in order; an ExactnessError that names no account is
// given the account of the event it came from. Observer::on_events and the observers that
// override it for speed share this.
template <class Handle>
void for_each_event(const Event* events, std::size_t n, Handle&& handle) {
  std::size_t i = 0;
  try {
    for (; i < n; ++i) handle(events[i]);
  } catch (const ExactnessError& x) {
    if (x.has_customer()) throw;
    throw ExactnessError(x.quantity(), events[i].customer);
  }
}

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_event(const Event& e) = 0;
  // Events come in batches, in firing order: the engine collects a day's events (up to a
  // batch) and hands them over before the next on_day and before on_finish. One virtual call
  // per batch; an observer that loops faster over an array overrides this.
  // An ExactnessError that names no account is given the event's (for_each_event).
  virtual void on_events(const Event* events, std::size_t n) {
    for_each_event(events, n, [this](const Event& e) { on_event(e); });
  }
  // Renewal runs (model/event.hpp): an observer that books them in bulk says so; the engine
  // makes runs only when every observer does. A run comes when it is decided, ahead of the
  // days of its renewals (an observer taking runs must not depend on their order).
  virtual bool takes_renewal_runs() const { return false; }
  virtual void on_renewal_run(const RenewalRun&) {}
  // Notice cut-offs (N3) change nothing: an observer for which one is just one more event says
  // so, and when every observer does the engine queues none but counts each that would have
  // fired; the count comes once, before on_finish.
  virtual bool counts_notice_cutoffs() const { return false; }
  virtual void on_counted(EventKind, std::uint64_t) {}
  // Called once at the start of each simulated day, before its events.
  virtual void on_day(Date) {}
  // Called once after the last simulated day.
  virtual void on_finish(Date) {}
};

}  // namespace subsim

#include <memory>
#include <vector>

namespace subsim {

// Forwards to several observers in order (e.g. metrics and a trace).
class FanOut : public Observer {
 public:
  void add(std::unique_ptr<Observer> o) { observers_.push_back(std::move(o)); }
  Observer* at(std::size_t i) const { return observers_[i].get(); }
  void on_event(const Event& e) override {
    for (auto& o : observers_) o->on_event(e);
  }
  void on_events(const Event* events, std::size_t n) override {
    for (auto& o : observers_) o->on_events(events, n);
  }
  bool takes_renewal_runs() const override {
    for (const auto& o : observers_)
      if (!o->takes_renewal_runs()) return false;
    return true;
  }
  void on_renewal_run(const RenewalRun& r) override {
    for (auto& o : observers_) o->on_renewal_run(r);
  }
  bool counts_notice_cutoffs() const override {
    for (const auto& o : observers_)
      if (!o->counts_notice_cutoffs()) return false;
    return true;
  }
  void on_counted(EventKind kind, std::uint64_t n) override {
    for (auto& o : observers_) o->on_counted(kind, n);
  }
  void on_day(Date d) override {
    for (auto& o : observers_) o->on_day(d);
  }
  void on_finish(Date d) override {
    for (auto& o : observers_) o->on_finish(d);
  }

 private:
  std::vector<std::unique_ptr<Observer>> observers_;
};

}  // namespace subsim
