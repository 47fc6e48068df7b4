// The scripted accounts' driver: puts each account's subscriptions (held until their start) and
// actions (on their dates, in list order) on the clock, and turns each into the lifecycle's
// order or action when it fires. Labels of the scenario become the account's slots here.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/lifecycle.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

// What a scripted queue entry refers to: an entry of the account's `subscriptions:` or of its
// `actions:`. Travels in the queued event's argument.
struct ScriptedRef {
  bool subscription = false;
  std::uint32_t index = 0;
  std::uint32_t pack() const { return (subscription ? 0x80000000u : 0u) | index; }
  static ScriptedRef unpack(std::uint32_t arg) { return {(arg & 0x80000000u) != 0, arg & 0x7fffffffu}; }
};

class ScriptedDriver {
 public:
  ScriptedDriver(const Scenario& sc, Lifecycle& life, Clock& clock)
      : sc_(sc), life_(life), clock_(clock) {}

  // Sets up scripted account `a` (its id is its index in the scenario) and schedules it.
  void schedule(Account& a);
  // A subscription already in force before the first day opens without its special bid or
  // any order check; everything else is an order or an action.
  bool opens_in_force(const Account& a, ScriptedRef ref) const;
  void open_in_force(Account& a, ScriptedRef ref, Date day);
  // F1: orders (and trial conversions) of a federal end user wait for their special bid.
  bool is_order(const Account& a, ScriptedRef ref) const;
  void apply(Account& a, ScriptedRef ref, Date day);

 private:
  int slot_of(const Account& a, int label) const;
  // An auto-renew change on one of the account's `subscriptions:` that has not started yet.
  bool before_start(Account& a, const ScriptedAction& act, Date day);

  // Auto-renew as set before a scripted subscription's start, by (customer, label); applied to
  // its order when it starts (few entries: only scripted accounts that do this).
  struct PreStart {
    std::uint32_t customer;
    int label;
    bool auto_renew;
  };
  std::vector<PreStart> pre_start_;
  PreStart* pre_start(std::uint32_t customer, int label);

  const Scenario& sc_;
  Lifecycle& life_;
  Clock& clock_;
};

}  // namespace subsim
