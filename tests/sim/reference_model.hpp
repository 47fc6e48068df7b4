// A second, deliberately simple implementation of the lifecycle rules, written from
// shared/domain/rules.md and the decisions of docs/rules.md — not from the engine's code. It
// walks the calendar day by day (no queue, no caching, no shortcuts) for one account with one
// subscription, and lists what must happen: the lifecycle events where the rules decide, with
// their dates, rules and invoices. tests/sim/reference_model_test.cpp compares it with the
// engine on thousands of random accounts.
//
// Scope (step 1 of issue 12's reference model): one subscription per account (monthly or
// annual, any anchor including month ends, in force before the run or starting inside it, with
// auto-renew on or off), one reseller, and the actions auto_renew_off, auto_renew_on,
// add_seats, remove_seats, upgrade, downgrade, renewal_fails and fix_renewal on any date of the
// run (before the start, in the term, in grace, suspended, after deletion), reallocations, and
// trials (start_trial, convert_trial, a second trial, lapses). Orders quoting a legacy number,
// resellers' hand-overs, several subscriptions per account and federal bids are not modelled.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/date.hpp"
#include <tuple>

namespace subsim::reference {

using Day = boost::gregorian::date;

struct Action {
  Day date;
  std::string kind;    // auto_renew_off, auto_renew_on, add_seats, remove_seats, upgrade, …
  int seats = 0;       // add_seats
  int edition = 0;     // upgrade, downgrade: 0 essentials … 3 enterprise
};

struct Account {
  // A trial account holds nothing at first: `start_trial` opens the trial and `convert_trial`
  // turns it into the subscription below, anchored on the conversion day (T1).
  bool trial_account = false;
  int edition = 1;      // 0 essentials, 1 deluxe, 2 premier, 3 enterprise
  int term_months = 1;  // 1 or 12
  int seats = 1;
  Day start;            // the anchor (the first term's first day)
  bool auto_renew = true;
  std::vector<Action> actions;  // in date order; same-day actions in list order
};

struct Policy {
  int notice_days = 30, grace_days = 15, deletion_days = 60, trial_days = 30;
};

// What happened, as the comparison sees it: a day, an event kind, the rule behind it (only
// where the rules decide it: rejections and renewals) and the money invoiced.
struct Happening {
  Day date;
  std::string kind;
  std::string rule;
  std::int64_t amount = 0;
  bool operator==(const Happening&) const = default;
  bool operator<(const Happening& o) const {
    return std::tie(date, kind, rule, amount) < std::tie(o.date, o.kind, o.rule, o.amount);
  }
};

// Per seat per month, in cents: essentials 4.00, deluxe 5.00, premier 6.00, enterprise 9.00;
// annual terms 12 months less 10 %.
std::int64_t term_price(int edition, int term_months, std::int64_t seats);

// Everything that happens to `a` from `run_start` to `run_end`, day by day.
std::vector<Happening> run(const Account& a, Day run_start, Day run_end, const Policy& p);

}  // namespace subsim::reference
