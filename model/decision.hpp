// A rule's verdict: accepted (citing the rule that allows it) or rejected (citing the refusing
// rule). A rejection changes nothing on the account.
#pragma once
#include "model/rule_id.hpp"

namespace subsim {

struct Decision {
  bool accepted = true;
  RuleId rule = RuleId::none;

  static Decision accept(RuleId r) { return {true, r}; }
  static Decision reject(RuleId r) { return {false, r}; }
  explicit operator bool() const { return accepted; }
};

}  // namespace subsim
