// M1–M3: mixing subscriptions on one end user.
#include "model/mixing.hpp"

#include <doctest/doctest.h>

using namespace subsim;

static Account with(Edition e, Basis b, TermType t) {
  Account a;
  Subscription s;
  s.edition = e;
  s.basis = b;
  s.term = t;
  s.state = SubState::active;
  a.subs.push_back(s);
  return a;
}

TEST_CASE("M1 several editions on one end user: 5 deluxe and 10 essentials") {
  Account a = with(1, Basis::per_device, TermType::monthly);
  Decision d = check_mixing(a, 0, Basis::per_device, TermType::monthly, kNoSlot);
  CHECK(d.accepted);
  CHECK(d.rule == RuleId::M1);
}

TEST_CASE("M2 monthly Deluxe plus annual Deluxe is rejected — plus annual Essentials is fine") {
  Account a = with(1, Basis::per_device, TermType::monthly);
  Decision same = check_mixing(a, 1, Basis::per_device, TermType::annual, kNoSlot);
  CHECK_FALSE(same.accepted);
  CHECK(same.rule == RuleId::M2);
  CHECK(check_mixing(a, 0, Basis::per_device, TermType::annual, kNoSlot).accepted);
  // The subscription being replaced (S4 at renewal) does not count against its successor.
  CHECK(check_mixing(a, 1, Basis::per_device, TermType::annual, 0).accepted);
  // Nor does one that is gone.
  a.subs[0].state = SubState::deleted;
  CHECK(check_mixing(a, 1, Basis::per_device, TermType::annual, kNoSlot).accepted);
}

TEST_CASE("M3 per_device and per_user never mix") {
  Account a = with(1, Basis::per_device, TermType::monthly);
  Decision d = check_mixing(a, 2, Basis::per_user, TermType::monthly, kNoSlot);
  CHECK_FALSE(d.accepted);
  CHECK(d.rule == RuleId::M3);
}
