#include "model/rule_id.hpp"

#include <array>

namespace subsim {

namespace {
// In RuleId order.
constexpr std::array<RuleInfo, kRuleCount> kRules = {{
    {"", "", ""},
    {"C1", "anchored terms", ""},
    {"C2", "renewal date", "the subscription does not exist (yet)"},
    {"C3", "day resolution", ""},
    {"N1", "auto-renew", ""},
    {"N2", "notice period", ""},
    {"N3", "set to terminate", "too late to turn auto-renew back on: the termination is final"},
    {"N4", "no mid-term cancellation, no refunds", ""},
    {"S1", "adding seats", "the policy allows no seat additions mid-term"},
    {"S2", "same type only", "seats of another edition need a new order"},
    {"S3", "removing seats, annual", "annual seats are never removed during the term"},
    {"S4", "removing seats, monthly",
     "monthly seats are not removed mid-month (turn auto-renew off and reorder)"},
    {"S5", "upgrade", "an upgrade goes to a higher edition with at least as many seats"},
    {"S6", "downgrade", "no downgrade mid-term"},
    {"M1", "several editions", ""},
    {"M2", "monthly and annual only across editions",
     "monthly and annual of one edition cannot be mixed"},
    {"M3", "one license basis", "per-device and per-user subscriptions cannot be mixed"},
    {"E1", "expiry", "the subscription has expired"},
    {"E2", "grace window", ""},
    {"E3", "reactivation", "a reactivation needs a payer-path change"},
    {"E4", "deletion", "the account was deleted"},
    {"E5", "renewal snafu", ""},
    {"R1", "one reseller per end user", "another reseller serves this customer"},
    {"R2", "hand-over after expiry", "a hand-over after expiry needs a payer-path change"},
    {"R3", "hand-over in advance",
     "an advance hand-over needs the subscription set to terminate"},
    {"R4", "no self-resale", "a reseller cannot resell to itself"},
    {"T1", "free trial", "one trial per customer, converted while it runs"},
    {"F1", "federal special bid", "the federal special bid was not approved"},
    {"L1", "reallocation", ""},
    {"P1", "price change at renewal", ""},
}};
}  // namespace

const RuleInfo& rule_info(RuleId r) {
  return kRules[static_cast<int>(r)];
}

std::string_view to_string(RuleId r) {
  return kRules[static_cast<int>(r)].id;
}

std::optional<RuleId> parse_rule_id(std::string_view text) {
  for (int i = 1; i < kRuleCount; ++i)
    if (kRules[i].id == text) return static_cast<RuleId>(i);
  return std::nullopt;
}

}  // namespace subsim
