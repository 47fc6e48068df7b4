#include "model/policy.hpp"

#include <array>
#include <charconv>

namespace subsim {

namespace {
const std::array<PolicyParameter, 9> kParameters = {{
    {"notice_days", &Policy::notice_days, 0, 365, "N2",
     "days before a term's end by which auto-renew must be off to stop that renewal"},
    {"grace_days", &Policy::grace_days, 1, 365, "E2",
     "days of service after expiry, when an order restores it (fewer than deletion_days)"},
    {"deletion_days", &Policy::deletion_days, 1, 3650, "E3, E4",
     "days after expiry until the account is deleted (reactivation until then)"},
    {"trial_days", &Policy::trial_days, 1, 365, "T1", "length of the free trial"},
    {"proration", &Policy::proration, 0, 0, "S1, S5",
     "mid-term seat additions and upgrades: charged by the day, or the full term price"},
    {"annual_reduce_at_renewal", &Policy::annual_reduce_at_renewal, 0, 0, "S4",
     "annual seats may be reduced at the renewal through the S4 steps"},
    {"mid_term_seat_additions", &Policy::mid_term_seat_additions, 0, 0, "S1",
     "seats may be added during a term"},
    {"federal_bid_days", &Policy::federal_bid_days, 0, 365, "F1",
     "days a federal order waits for its special bid"},
    {"federal_approval", &Policy::federal_approval, 0, 0, "F1",
     "probability that a federal special bid is approved"},
}};
}  // namespace

std::span<const PolicyParameter> policy_parameters() {
  return kParameters;
}

std::string parameter_type_text(const PolicyParameter& p) {
  struct Text {
    const PolicyParameter& p;
    std::string operator()(int Policy::*) const {
      return "integer " + std::to_string(p.lo) + " … " + std::to_string(p.hi);
    }
    std::string operator()(double Policy::*) const { return "probability"; }
    std::string operator()(bool Policy::*) const { return "bool"; }
    std::string operator()(Proration Policy::*) const {
      std::string t;
      for (std::string_view n : kProrationNames) t += (t.empty() ? "" : " | ") + std::string(n);
      return t;
    }
  };
  return std::visit(Text{p}, p.field);
}

std::string parameter_value_text(const PolicyParameter& p, const Policy& policy) {
  struct Text {
    const Policy& policy;
    std::string operator()(int Policy::*f) const { return std::to_string(policy.*f); }
    std::string operator()(double Policy::*f) const {
      char buf[32];
      std::string t(buf, std::to_chars(buf, buf + sizeof buf, policy.*f).ptr);  // shortest exact
      return t.find('.') == std::string::npos && t.find('e') == std::string::npos ? t + ".0" : t;
    }
    std::string operator()(bool Policy::*f) const { return policy.*f ? "true" : "false"; }
    std::string operator()(Proration Policy::*f) const {
      return std::string(kProrationNames[static_cast<int>(policy.*f)]);
    }
  };
  return std::visit(Text{policy}, p.field);
}

}  // namespace subsim
