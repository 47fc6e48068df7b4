// Orders: the path an order takes or the rule that refuses it (model/orders), and the E5/L1/C2/F1
// decisions the engine applies without deciding them.
#include "model/orders.hpp"

#include <doctest/doctest.h>

#include "model/seats.hpp"

using namespace subsim;

namespace {

const Date kDay = Date(2026, 3, 10);

// An account served by reseller 1 with one annual Deluxe subscription (edition 1, 10 seats)
// in `state`; it expired on `x` when the state is after expiry.
Account one_subscription(SubState state, Date x = Date(2026, 3, 1)) {
  Account a;
  a.reseller = 1;
  Subscription s;
  s.state = state;
  s.reseller = 1;
  s.edition = 1;
  s.seats = 10;
  s.term = TermType::annual;
  s.set_term(Date(2025, 3, 1), 0);
  s.expiry_day = x;
  a.subs.push_back(s);
  return a;
}

Order continuing(int legacy, std::uint16_t reseller, bool payer_path_change) {
  Order o;
  o.edition = 1;
  o.seats = 10;
  o.term = TermType::annual;
  o.legacy = legacy;
  o.reseller = reseller;
  o.payer_path_change = payer_path_change;
  return o;
}

void check_refused(const OrderDecision& d, RuleId rule) {
  CHECK_FALSE(d.decision.accepted);
  CHECK(to_string(d.decision.rule) == to_string(rule));
}

}  // namespace

TEST_CASE("an order quoting a subscription still renewing is refused: S4 (same reseller), R3 (another)") {
  Account a = one_subscription(SubState::active);
  check_refused(decide_order(a, continuing(0, 1, false), Policy{}, kDay), RuleId::S4);
  check_refused(decide_order(a, continuing(0, 2, true), Policy{}, kDay), RuleId::R3);
}

TEST_CASE("an order quoting a subscription set to terminate is its successor (S4), once (S4), R3 with payer-path change") {
  Account a = one_subscription(SubState::terminating);
  OrderDecision d = decide_order(a, continuing(0, 1, false), Policy{}, kDay);
  CHECK(d.decision.accepted);
  CHECK(d.path == OrderPath::successor);
  CHECK(d.decision.rule == RuleId::S4);
  OrderDecision r3 = decide_order(a, continuing(0, 2, true), Policy{}, kDay);
  CHECK(r3.decision.accepted);
  CHECK(r3.decision.rule == RuleId::R3);
  check_refused(decide_order(a, continuing(0, 2, false), Policy{}, kDay), RuleId::R3);
  a.subs[0].successor = 0;  // already has one
  check_refused(decide_order(a, continuing(0, 1, false), Policy{}, kDay), RuleId::S4);
}

TEST_CASE("an order quoting an expired lineage: E2 restore in grace, E3 needs payer-path change, R2 likewise") {
  Account grace = one_subscription(SubState::grace, Date(2026, 3, 1));
  OrderDecision d = decide_order(grace, continuing(0, 1, false), Policy{}, kDay);
  CHECK(d.decision.accepted);
  CHECK(d.path == OrderPath::continuation);
  CHECK(d.continuation.how == Continuation::restore);
  CHECK(d.decision.rule == RuleId::E2);
  check_refused(decide_order(grace, continuing(0, 2, false), Policy{}, kDay), RuleId::R2);
  // 30 days after expiry: past the 15-day grace, before the 60-day deletion.
  Account late = one_subscription(SubState::suspended, Date(2026, 2, 8));
  check_refused(decide_order(late, continuing(0, 1, false), Policy{}, kDay), RuleId::E3);
  OrderDecision e3 = decide_order(late, continuing(0, 1, true), Policy{}, kDay);
  CHECK(e3.decision.accepted);
  CHECK(e3.continuation.how == Continuation::reactivate);
  CHECK(e3.decision.rule == RuleId::E3);
}

TEST_CASE("a new order: R4 before anything, R1 while another reseller serves, E4 after deletion, M1 otherwise") {
  Account a = one_subscription(SubState::active);
  a.own_reseller = 3;
  check_refused(decide_order(a, continuing(kNoSlot, 3, true), Policy{}, kDay), RuleId::R4);
  check_refused(decide_order(a, continuing(kNoSlot, 2, true), Policy{}, kDay), RuleId::R1);
  Order other_edition = continuing(kNoSlot, 1, false);
  other_edition.edition = 2;
  OrderDecision m1 = decide_order(a, other_edition, Policy{}, kDay);
  CHECK(m1.decision.accepted);
  CHECK(m1.path == OrderPath::new_lineage);
  CHECK(m1.decision.rule == RuleId::M1);
  Account gone = one_subscription(SubState::deleted);
  OrderDecision e4 = decide_order(gone, continuing(0, 2, false), Policy{}, kDay);
  CHECK(e4.decision.accepted);
  CHECK(e4.path == OrderPath::new_lineage);  // the quoted lineage is gone: a brand-new order
  CHECK(e4.decision.rule == RuleId::E4);
}

TEST_CASE("T1 conversion needs a running trial; C2 an existing subscription; F1 an approved bid") {
  Account a = one_subscription(SubState::active);
  CHECK(decide_convert_trial(a, kNoSlot, Order{}).rule == RuleId::T1);
  CHECK_FALSE(decide_convert_trial(a, kNoSlot, Order{}).accepted);
  a.subs[0].state = SubState::trial;
  Order paid = continuing(kNoSlot, 1, false);
  CHECK(decide_convert_trial(a, 0, paid).accepted);
  CHECK_FALSE(check_subscription_exists(false).accepted);
  CHECK(check_subscription_exists(false).rule == RuleId::C2);
  CHECK(check_subscription_exists(true).accepted);
  CHECK_FALSE(decide_federal_bid(false).accepted);
  CHECK(decide_federal_bid(false).rule == RuleId::F1);
  CHECK(decide_federal_bid(true).accepted);
}

TEST_CASE("E5 snafus and L1 reallocation: allowed by state, refused with the state's rule") {
  Subscription s;
  s.state = SubState::active;
  CHECK(decide_renewal_fails(s).accepted);
  CHECK(decide_fix_renewal(s).rule == RuleId::E5);
  CHECK(check_reallocation(s).rule == RuleId::L1);
  s.state = SubState::grace;
  CHECK(decide_fix_renewal(s).rule == RuleId::E2);
  CHECK_FALSE(decide_renewal_fails(s).accepted);
  CHECK(decide_renewal_fails(s).rule == RuleId::E1);
  s.state = SubState::suspended;
  CHECK(decide_fix_renewal(s).rule == RuleId::E3);
  s.state = SubState::trial;
  CHECK(check_reallocation(s).accepted);
  CHECK_FALSE(decide_fix_renewal(s).accepted);
  CHECK(decide_fix_renewal(s).rule == RuleId::T1);
  s.state = SubState::pending;
  CHECK(check_remove_seats(s).rule == RuleId::C2);
  CHECK_FALSE(check_reallocation(s).accepted);
}
