// The ids of ../shared/domain/rules.md. Every decision and every rejection carries one; the rule
// table gives each its title and refusal sentence.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace subsim {

enum class RuleId : std::uint8_t {
  none,
  C1,
  C2,
  C3,
  N1,
  N2,
  N3,
  N4,
  S1,
  S2,
  S3,
  S4,
  S5,
  S6,
  M1,
  M2,
  M3,
  E1,
  E2,
  E3,
  E4,
  E5,
  R1,
  R2,
  R3,
  R4,
  T1,
  F1,
  L1,
  P1,  // subsim's: price changes (catalog.price_changes), not a rule of the FAQ
  count
};

inline constexpr int kRuleCount = static_cast<int>(RuleId::count);

std::string_view to_string(RuleId r);

// One row per rule of rules.md: its id, its title, and what a refusal citing it says in a few
// words (empty for the rules that never refuse). explain and the docs read it.
struct RuleInfo {
  std::string_view id;
  std::string_view title;
  std::string_view refusal;
};
const RuleInfo& rule_info(RuleId r);
std::optional<RuleId> parse_rule_id(std::string_view text);

}  // namespace subsim
