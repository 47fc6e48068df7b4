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

// One row of the timeline, in words.
struct ExplainRow {
  const Event* event;
  std::string subscription, before, after, why;  // "-" for no subscription or state
  std::string invoiced, mrr_change;              // "" when none
};
std::vector<ExplainRow> explain_rows(const Scenario& sc, const Policy& p, std::uint32_t customer,
                                     const std::vector<Event>& events);

// Who the customer is: its reseller and each subscription as first seen (edition, basis, term,
// seats, anchor) with its state on the first and the last simulated day.
struct ExplainSubscription {
  std::string id, edition, basis, term, anchor, first_day, last_day;
  std::int32_t seats;
};
struct ExplainWho {
  std::string reseller;
  std::vector<ExplainSubscription> subscriptions;
};
ExplainWho explain_who_of(const Scenario& sc, std::uint32_t customer,
                          const std::vector<Event>& events);
std::string explain_who(const Scenario& sc, std::uint32_t customer,
                        const std::vector<Event>& events);  // as text
std::string explain_policy(const Policy& p);

// The whole text: `title` first, then who, then the timeline. Runs of four or more identical
// renewals are one line unless `full`.
std::string explain_text(const std::string& title, const Scenario& sc, const Policy& p,
                         std::uint32_t customer, const std::vector<Event>& events,
                         bool full = false);

// The timeline as CSV (date,event,subscription,state_before,state_after,rule,invoiced,
// mrr_change,why — every row) and as JSON (account, who, policy, events).
std::string explain_csv(const Scenario& sc, const Policy& p, std::uint32_t customer,
                        const std::vector<Event>& events);
std::string explain_json(const std::string& account, const Scenario& sc, const Policy& p,
                         std::uint32_t customer, const std::vector<Event>& events);

// Two variants of one account side by side: the rows both share once (marked "A=B"), then
// each variant's own rows (marked "A" or "B") in date order, and the day the timelines part.
struct ExplainVariant {
  std::string name;
  const Scenario* scenario;
  const std::vector<Event>* events;
};
std::string explain_side_by_side(const std::string& title, std::uint32_t customer,
                                 const ExplainVariant& a, const ExplainVariant& b);

}  // namespace subsim
