// R1–R4: resellers.
#include "model/reseller.hpp"

#include <doctest/doctest.h>

using namespace subsim;

static Account account_with(SubState state, std::uint16_t reseller) {
  Account a;
  a.reseller = reseller;
  Subscription s;
  s.state = state;
  s.reseller = reseller;
  a.subs.push_back(s);
  return a;
}

TEST_CASE("R1 one reseller at a time: another reseller's order is refused while served") {
  for (SubState s : {SubState::active, SubState::terminating, SubState::grace, SubState::pending}) {
    Decision d = check_one_reseller(account_with(s, 1), 2);
    CHECK_FALSE(d.accepted);
    CHECK(d.rule == RuleId::R1);
  }
  CHECK(check_one_reseller(account_with(SubState::active, 1), 1).accepted);
}

TEST_CASE("R2 after expiry another reseller may order") {
  Decision d = check_one_reseller(account_with(SubState::suspended, 1), 2);
  CHECK(d.accepted);
  CHECK(d.rule == RuleId::R2);
}

TEST_CASE("R3 an advance order needs the old subscription set to terminate and payer-path change") {
  Subscription old;
  old.state = SubState::terminating;
  CHECK(check_advance_handover(old, true).accepted);
  CHECK_FALSE(check_advance_handover(old, false).accepted);
  old.state = SubState::active;
  Decision d = check_advance_handover(old, true);
  CHECK_FALSE(d.accepted);
  CHECK(d.rule == RuleId::R3);
}

TEST_CASE("R4 a reseller cannot be the end user of its own order") {
  Account a;
  a.own_reseller = 3;
  Decision d = check_self_resale(a, 3);
  CHECK_FALSE(d.accepted);
  CHECK(d.rule == RuleId::R4);
  CHECK(check_self_resale(a, 4).accepted);
}

TEST_CASE("R1 for R2 and R3: another reseller continues a lineage only if nothing else is served") {
  Account a = account_with(SubState::suspended, 1);
  CHECK(check_handover_sole_subscription(a, 0).accepted);
  for (SubState other : {SubState::active, SubState::terminating, SubState::pending,
                         SubState::grace, SubState::trial}) {
    Account b = account_with(SubState::grace, 1);
    Subscription s;
    s.state = other;
    b.subs.push_back(s);
    Decision d = check_handover_sole_subscription(b, 0);
    CHECK_FALSE(d.accepted);
    CHECK(d.rule == RuleId::R1);
  }
  Account c = account_with(SubState::grace, 1);
  Subscription gone;
  gone.state = SubState::deleted;
  c.subs.push_back(gone);
  CHECK(check_handover_sole_subscription(c, 0).accepted);
  // R3: the old one set to terminate, another still active → refused R1.
  Account t = account_with(SubState::terminating, 1);
  CHECK(check_handover_sole_subscription(t, 0).accepted);
  Subscription busy;
  busy.state = SubState::active;
  t.subs.push_back(busy);
  CHECK(check_handover_sole_subscription(t, 0).rule == RuleId::R1);
  CHECK_FALSE(check_handover_sole_subscription(t, 0).accepted);
}
