// The rule parameters of rules.md. Every number is a policy default a scenario may change.
#pragma once
#include <cstdint>

namespace subsim {

enum class Proration : std::uint8_t { daily, none };

struct Policy {
  int notice_days = 30;                    // N2
  int grace_days = 15;                     // E2
  int deletion_days = 60;                  // E3, E4
  int trial_days = 30;                     // T1
  Proration proration = Proration::daily;  // S1, S5
  bool annual_reduce_at_renewal = true;    // S4 switch for annual terms
  bool mid_term_seat_additions = true;     // S1 (a planner may forbid them)
  int federal_bid_days = 10;               // F1: delay before a federal order is processed
  double federal_approval = 1.0;           // F1: probability the special bid is approved
};

}  // namespace subsim
