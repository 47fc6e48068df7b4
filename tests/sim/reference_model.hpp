// A second, deliberately simple implementation of the lifecycle rules, written from
// shared/domain/rules.md and the decisions of docs/rules.md — not from the engine's code. It
// walks the calendar day by day (no queue, no caching, no shortcuts) for one account, and lists
// what must happen: the lifecycle events where the rules decide, with their dates, rules and
// invoices. tests/sim/reference_model_test.cpp compares it with the engine on thousands of
// random accounts.
//
// P1 (docs/rules.md, docs/scenarios.md "Price changes"): with a price change, every
// subscription has its own price per seat per month; new orders pay the list of their day,
// renewals reach the change after the notice and the grandfathered terms.
//
// Scope: accounts with one or more subscriptions (monthly or annual, per device or per user,
// any anchor including month ends, in force before the run or starting inside it, auto-renew on
// or off), two resellers, federal end users (F1 special bids approved or refused), and the
// actions auto_renew_off, auto_renew_on, add_seats, remove_seats, upgrade, downgrade,
// renewal_fails, fix_renewal, reallocate, start_trial, convert_trial and `order` — a new
// subscription (M1–M3, R1, a future start) or one quoting a legacy number (S4 reductions and S6
// downgrades at renewal, E2 restores and E3 reactivations by order, R2 and R3 hand-overs, E4
// after deletion) — on any date of the run (before the start, in the term, in grace, suspended,
// after deletion).
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "model/date.hpp"

namespace subsim::reference {

using Day = boost::gregorian::date;

// A subscription as declared: in the account's `subscriptions:` (declared = true) or by an
// `order` or `convert_trial` action.
struct Spec {
  std::string id = "s";
  int edition = 1;      // 0 essentials, 1 deluxe, 2 premier, 3 enterprise
  int term_months = 1;  // 1 or 12
  int basis = 0;        // 0 per_device, 1 per_user
  int seats = 1;
  Day start;            // declared: the anchor (the first term's first day)
  bool auto_renew = true;
  bool declared = true;
};

struct Action {
  Day date;
  std::string kind;    // auto_renew_off, auto_renew_on, add_seats, remove_seats, upgrade, order, …
  int sub = 0;         // the subscription it names (index into Account::subs); an order's new one
  int seats = 0;       // add_seats
  int edition = 0;     // upgrade, downgrade: 0 essentials … 3 enterprise
  // order:
  int legacy = -1;               // the subscription whose charge agreement number it quotes
  bool payer_path_change = false;
  int reseller = -1;             // -1: the account's reseller
  std::optional<Day> start{};    // a later start (no legacy)
};

struct Account {
  // A trial account holds nothing at first: `start_trial` opens the trial and `convert_trial`
  // turns it into subs[0], anchored on the conversion day (T1).
  bool trial_account = false;
  bool federal = false;
  int reseller = 0;
  std::vector<Spec> subs = {Spec{}};
  std::vector<Action> actions;  // in date order; same-day actions in list order
};

// One catalog price change (catalog.price_changes): every edition by (100 + percent) / 100.
struct PriceChange {
  Day date;
  int percent = 0;
  int notice_days = 0, grandfather_terms = 0;
  bool monthly = true, annual = true;  // the term types it changes
};

struct Policy {
  int notice_days = 30, grace_days = 15, deletion_days = 60, trial_days = 30;
  int federal_bid_days = 10;
  bool federal_approved = true;  // federal_approval 1 (or 0)
  std::optional<PriceChange> price{};
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
// The list price per seat per month; a term of `seats` at `unit` a seat a month.
std::int64_t list_price(int edition);
std::int64_t amount(std::int64_t unit, int term_months, std::int64_t seats);

// Everything that happens to `a` from `run_start` to `run_end`, day by day.
std::vector<Happening> run(const Account& a, Day run_start, Day run_end, const Policy& p);

}  // namespace subsim::reference
