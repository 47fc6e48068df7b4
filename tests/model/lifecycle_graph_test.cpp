// The state machine as data.
#include "model/lifecycle_graph.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace subsim;

TEST_CASE("the lifecycle graph has the transitions the rules allow, and no others") {
  CHECK(transition_allowed(SubState::active, SubState::active, EventKind::renewal));
  CHECK(transition_allowed(SubState::terminating, SubState::grace, EventKind::expiry));
  CHECK(transition_allowed(SubState::grace, SubState::suspended, EventKind::grace_end));
  CHECK(transition_allowed(SubState::suspended, SubState::deleted, EventKind::deletion));
  CHECK(transition_allowed(SubState::pending, SubState::active, EventKind::handover));
  CHECK(transition_allowed(SubState::count, SubState::trial, EventKind::trial_start));
  // Forbidden: renewing a terminating term, deleting during grace, reviving the deleted.
  CHECK_FALSE(transition_allowed(SubState::terminating, SubState::terminating, EventKind::renewal));
  CHECK_FALSE(transition_allowed(SubState::grace, SubState::deleted, EventKind::deletion));
  CHECK_FALSE(transition_allowed(SubState::deleted, SubState::active, EventKind::reactivation));
  CHECK_FALSE(
      transition_allowed(SubState::lapsed_trial, SubState::active, EventKind::trial_convert));
}

TEST_CASE("subsim graph prints DOT with rule ids on the edges") {
  std::ostringstream out;
  write_lifecycle_dot(out);
  std::string dot = out.str();
  CHECK(dot.rfind("digraph", 0) == 0);
  for (const char* label :
       {"renewal (N1)", "renewal (N2)", "expiry (E1)", "grace_end (E2)", "reactivation (E3)",
        "deletion (E4)", "handover (R3)", "trial_convert (T1)", "notice_cutoff (N3)",
        "seat_add (S1)", "upgrade (S5)", "reallocation (L1)"})
    CHECK_MESSAGE(dot.find(label) != std::string::npos, label);
  CHECK(boost::num_vertices(lifecycle_graph()) == kSubStateCount + 1);
}

TEST_CASE("in a paid term: exactly active and set to terminate") {
  for (int i = 0; i < kSubStateCount; ++i) {
    auto s = static_cast<SubState>(i);
    CHECK(in_paid_term(s) == (s == SubState::active || s == SubState::terminating));
  }
}
