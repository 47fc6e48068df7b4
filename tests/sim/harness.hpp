// Runs a scenario written inline and returns what each account did.
#pragma once
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scenario/names.hpp"
#include "scenario/scenario_loader.hpp"
#include "sim/account_trace.hpp"

namespace subsim::test {

struct Fired {
  std::string date, event, sub, rule;
  Cents amount;
  SubState from, to;
};

inline Scenario load(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "test.yaml");
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  return *r.scenario;
}

// Every event of one scripted account, in firing order (sim/account_trace, as `explain` runs it).
inline std::vector<Fired> run_account(const Scenario& sc, const std::string& account,
                                      const Policy* policy = nullptr) {
  AccountTrace t = trace_account(sc, policy ? *policy : sc.policy, sc.seed, 0, account);
  REQUIRE(t.customer.has_value());
  std::vector<Fired> out;
  for (const Event& e : t.events)
    out.push_back({format_iso(e.date), std::string(to_string(e.kind)),
                   e.sub >= 0 ? subscription_name(sc, e.customer, e.sub) : "",
                   std::string(to_string(e.rule)), e.amount, e.from, e.to});
  return out;
}

// The first event of that kind (and subscription, if given); fails the test if there is none.
inline Fired find(const std::vector<Fired>& events, const std::string& kind,
                  const std::string& sub = "") {
  for (const Fired& f : events)
    if (f.event == kind && (sub.empty() || f.sub == sub)) return f;
  FAIL("no event " << kind << " " << sub);
  return {};
}
inline int count(const std::vector<Fired>& events, const std::string& kind) {
  int n = 0;
  for (const Fired& f : events) n += f.event == kind;
  return n;
}

// A scenario header: 2027–2028, default catalog and policy, three resellers.
inline std::string header(const std::string& extra = "") {
  return "name: t\nseed: 7\nstart: 2027-01-01\nend: 2028-12-31\nresellers: [north, south, east]\n" +
         extra + "accounts:\n";
}

}  // namespace subsim::test
