// Invariants of the event stream, checked on every run in debug and sanitizer builds (the
// SUBSIM_INVARIANTS definition): an observer beside the metrics, so a defect the tests did not
// foresee still stops a run instead of becoming a plausible number. (The lifecycle graph itself
// is checked in every build by the emitter.)
//
// - C1/C2: every renewal is dated its term's last day, and the new term starts the next day and
//   ends where the anchor says (computed from the anchor, never by stepping);
// - E2/E4: a grace end is exactly grace_days after its expiry and a deletion exactly
//   deletion_days after it, unless a restore or reactivation came first;
// - money: no event invoices or recognises a negative amount; a subscription's MRR and seats
//   never go below 0.
// A failure throws InvariantViolation naming the customer (the runner names the account), the
// rule and what was expected.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "model/policy.hpp"
#include "sim/observer.hpp"

namespace subsim {

class InvariantViolation : public std::logic_error {
 public:
  InvariantViolation(std::uint32_t customer, const std::string& message)
      : std::logic_error(message), customer_(customer) {}
  std::uint32_t customer() const { return customer_; }

 private:
  std::uint32_t customer_;
};

class InvariantChecker : public Observer {
 public:
  explicit InvariantChecker(const Policy& policy) : policy_(policy) {}
  void on_event(const Event& e) override;

 private:
  struct Sub {
    Date term_end;  // of the current term, once known
    Date expiry;    // X of the last expiry not yet restored, reactivated or deleted
    std::int64_t mrr = 0;
    std::int64_t seats = 0;
  };
  [[noreturn]] void fail(const Event& e, const char* rule, const std::string& what) const;
  void check_anchored(const Event& e) const;

  const Policy& policy_;
  std::unordered_map<std::uint64_t, Sub> subs_;
};

}  // namespace subsim
