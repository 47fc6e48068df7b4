// `subsim explain` for a business reader: who the customer is (reseller, each subscription's
// edition, basis, term and seats), the policy's periods, then the account's life — each row
// with the rule behind it and a plain sentence saying why, a refusal naming the action refused,
// and long runs of identical renewals collapsed into one line.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/event.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

// Why an event happened, in a sentence (from its kind and rule, with the policy's numbers).
std::string plain_reason(const Event& e, const Policy& p);

// The whole text: `title` first, then who, then the timeline.
std::string explain_text(const std::string& title, const Scenario& sc, const Policy& p,
                         std::uint32_t customer, const std::vector<Event>& events);

}  // namespace subsim
