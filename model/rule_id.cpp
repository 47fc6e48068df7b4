#include "model/rule_id.hpp"

#include <array>

namespace subsim {

namespace {
constexpr std::array<std::string_view, kRuleCount> kNames = {
    "",   "C1", "C2", "C3", "N1", "N2", "N3", "N4", "S1", "S2", "S3", "S4", "S5", "S6", "M1",
    "M2", "M3", "E1", "E2", "E3", "E4", "E5", "R1", "R2", "R3", "R4", "T1", "F1", "L1"};
}

std::string_view to_string(RuleId r) {
  return kNames[static_cast<int>(r)];
}

std::optional<RuleId> parse_rule_id(std::string_view text) {
  for (int i = 1; i < kRuleCount; ++i)
    if (kNames[i] == text) return static_cast<RuleId>(i);
  return std::nullopt;
}

}  // namespace subsim
