// The rule parameters of rules.md. Every number is a policy default a scenario may change; the
// parameter table below names each once (key, range, rules, help) for the scenario reader,
// `subsim run --help` and the docs' test.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

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

// One policy parameter: its scenario key, the field it sets, and (for days) the accepted range.
// A days field holds an integer in [lo, hi]; a double field a probability; a Proration field one
// of kProrationNames.
struct PolicyParameter {
  std::string_view key;
  std::variant<int Policy::*, double Policy::*, bool Policy::*, Proration Policy::*> field;
  int lo = 0, hi = 0;
  std::string_view rules;  // the rule ids it parameterises, e.g. "E3, E4"
  std::string_view help;
};

inline constexpr std::string_view kProrationNames[] = {"daily", "none"};

std::span<const PolicyParameter> policy_parameters();
// The accepted values in words: "integer 0 … 365", "probability", "bool", "daily | none".
std::string parameter_type_text(const PolicyParameter& p);
// The parameter's value in `policy` as a scenario writes it: 30, 1.0, true, daily.
std::string parameter_value_text(const PolicyParameter& p, const Policy& policy);

}  // namespace subsim
