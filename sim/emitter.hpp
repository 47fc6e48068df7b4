// Where lifecycle events leave the engine: each is checked against the lifecycle graph (the
// state machine is data), counted, and handed to the observer if there is one — the record is
// built only then, so an unobserved run pays for nothing but the check and the count.
#pragma once
#include "model/account.hpp"
#include "model/decision.hpp"
#include "model/event.hpp"
#include "model/transitions.hpp"
#include "sim/observer.hpp"
#include "sim/run_spec.hpp"

#include <memory>

namespace subsim {

// What the observer needs of a subscription before a change.
struct Before {
  SubState state;
  Cents mrr;
  std::int32_t seats;
};

class Emitter {
 public:
  explicit Emitter(Observer* observer) : observer_(observer) {
    if (observer_) batch_ = std::make_unique<Event[]>(kBatch);
  }
  // Hands the collected events to the observer (before a new day, and at the end).
  void flush() {
    if (batched_ == 0) return;
    observer_->on_events(batch_.get(), batched_);
    batched_ = 0;
  }

  Observer* observer() const { return observer_; }
  const ShardStats& stats() const { return stats_; }
  void count_stale() { ++stats_.stale; }
  // A notice cut-off that fired without being queued (Lifecycle::enable_cutoff_counting).
  void count_cutoff() {
    ++stats_.events;
    ++counted_cutoffs_;
  }
  std::uint64_t counted_cutoffs() const { return counted_cutoffs_; }
  // A renewal run: subscription `slot` renews unchanged into its next `n` terms; counted as the
  // n events they are, handed over as one record when observed.
  void run(const Account& a, int slot, int n) {
    stats_.events += static_cast<std::uint64_t>(n);
    ++stats_.runs;
    if (observer_) [[unlikely]]
      record_run(a, slot, n);
  }

  // Only the state without an observer: the MRR's division is not free.
  Before before(const Subscription& s) const {
    if (!observer_) return {s.state, 0, 0};
    return {s.state, s.mrr(), earns_mrr(s.state) ? s.seats : 0};
  }
  static Before before_new() { return {SubState::count, 0, 0}; }

  // A lifecycle event of subscription `slot`: from `b.state` to its state now.
  [[gnu::always_inline]] void emit(const Account& a, int slot, Before b, EventKind kind,
                                   RuleId rule, Date day, Cents amount = 0, Cents revenue = 0,
                                   Date rev_from = {}, Date rev_to = {}) {
    const Subscription& s = a.subs[slot];
    if (!transition_allowed(transitions_, b.state, s.state, kind)) [[unlikely]]
      transition_error(b.state, s.state, kind);
    ++stats_.events;
    if (observer_) [[unlikely]]
      record(a, slot, b, kind, rule, day, amount, revenue, rev_from, rev_to);
  }
  // An event that changes no subscription's state (an order accepted, a rejection, F1 pending).
  void note(const Account& a, int id, EventKind kind, RuleId rule, Date day, Cents amount = 0);
  // A refusal decided by the model (`d` is a rejection; its rule is the event's).
  void reject(const Account& a, int id, Decision d, Date day) {
    note(a, id, EventKind::rejected, d.rule, day);
  }

 private:
  [[noreturn]] static void transition_error(SubState from, SubState to, EventKind kind);
  void record(const Account& a, int slot, Before b, EventKind kind, RuleId rule, Date day,
              Cents amount, Cents revenue, Date rev_from, Date rev_to);
  void record_run(const Account& a, int slot, int n);

  // Filled in place and handed over whole (Observer::on_events): no call per event.
  // The slot is not reset: record() writes every field, note() starts from Event{}.
  Event& next_record() {
    if (batched_ == kBatch) flush();
    return batch_[batched_++];
  }
  static constexpr std::size_t kBatch = 128;

  Observer* observer_;
  std::unique_ptr<Event[]> batch_;
  std::size_t batched_ = 0;
  const TransitionMasks& transitions_ = transition_masks();
  ShardStats stats_;
  std::uint64_t counted_cutoffs_ = 0;
};

}  // namespace subsim
