// A scenario as loaded from YAML: what to simulate, under which rules, for whom.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/order.hpp"
#include "model/policy.hpp"
#include "scenario/distribution.hpp"

namespace subsim {

// A scripted action. The identifiers are the events' (model/event.hpp: one vocabulary across the
// kind enums); the scenario file's names (scenario/names.cpp, a file format) are in comments.
enum class ActionKind : std::uint8_t {
  order,
  seat_add,        // add_seats
  seat_remove,     // remove_seats
  upgrade,
  downgrade,
  auto_renew_off,
  auto_renew_on,
  renewal_failed,  // renewal_fails
  renewal_fixed,   // fix_renewal
  trial_start,     // start_trial
  trial_convert,   // convert_trial
  reallocation     // reallocate
};

struct ScriptedAction {
  Date date;
  ActionKind kind = ActionKind::order;
  int sub = -1;  // label acted on
  // order, convert_trial, start_trial: id and legacy are labels (indices into
  // ScriptedAccount::labels); reseller kNoReseller = the account's own.
  Order order;
  std::int32_t seats = 0;          // add_seats, remove_seats, upgrade (0 = unchanged)
  std::optional<Edition> edition;  // add_seats (S2), upgrade, downgrade
};

struct ScriptedAccount {
  std::string id;
  std::uint16_t reseller = 0;
  bool federal = false;
  std::vector<Order> subscriptions;  // held at their start dates; id = label
  std::vector<ScriptedAction> actions;          // in date order, list order within a day
  std::vector<std::string> labels;              // every subscription id the account names
};

// The behaviour of synthetic customers. Probabilities are per term unless said otherwise.
struct Behaviour {
  double cancel_monthly = 0.03;  // with a Beta below: its mean a / (a + b)
  double cancel_annual = 0.12;
  // Heterogeneous customers (the shifted-beta-geometric model, Fader & Hardie 2007): with a > 0
  // every customer draws its own per-term cancel probability from Beta(a, b) (its own stream,
  // Purpose::profile, stream_index::cancel_theta), so retention rises with tenure.
  struct Beta {
    double a = 0, b = 0;
    bool on() const { return a > 0; }
  };
  Beta cancel_monthly_beta, cancel_annual_beta;
  std::vector<double> cancel_edition_factor;  // per edition multiplier (empty = 1)
  Distribution notice_days_before = Distribution::uniform_range(0, 60);
  double seat_growth = 0.05;
  Distribution seats_added = Distribution::fixed_value(2);
  double upgrade = 0.01;
  double downgrade_monthly = 0.005;
  double snafu = 0.01;
  Distribution snafu_fix_days = Distribution::uniform_range(0, 30);
  double come_back = 0.2;  // after an expiry nobody fixed: probability to order again
  Distribution come_back_days = Distribution::uniform_range(0, 120);
  double switch_reseller = 0.01;
  double switch_in_advance = 0.5;  // share of switches ordered in advance against "T" (R3)
  double trial_conversion = 0.4;
  // behaviour.price_response: at the first renewal after its own price rose by a share x, a
  // subscription's cancel probability × (1 + cancel_elasticity · x), clamped to 1; new
  // customers per month × (1 + arrival_elasticity · x) while the list is x above the original
  // (normally negative: fewer arrivals at higher prices), never below 0.
  double cancel_elasticity = 0;
  double arrival_elasticity = 0;
};

struct Population {
  std::int64_t initial = 0;            // customers holding a subscription on the first day
  bool opening_anchors_spread = true;  // spread over the term before the start, or all on it
  Distribution monthly_arrivals = Distribution::fixed_value(0);  // new customers per month
  Distribution term = Distribution::choice_of({"monthly", "annual"}, {0.6, 0.4});
  Distribution edition;  // choice over catalog edition names; empty = uniform
  Distribution basis = Distribution::choice_of({"per_device", "per_user"}, {0.7, 0.3});
  Distribution seats = Distribution::fixed_value(10);
  double trial_first = 0.0;
  double federal = 0.0;
  int resellers = 1;
  std::string book;  // population.book: the CSV's path as written (relative to the scenario)
  int book_line = 0, book_column = 0;
};

// The user's real book (population.book): subscriptions in force (or expired but not yet
// deleted) on the scenario's start day, each row of the CSV one subscription — and accounts
// lost before it (every row deleted, E4), which may still come back (come_back).
struct BookSubscription {
  enum class Status : std::uint8_t { active, grace, suspended, lost };
  Order order;                      // edition, basis, term, seats, auto_renew; id = label index
  Date anchor;                      // the first day of the first term (C1)
  std::optional<Date> off_day;      // auto-renew turned off then (default: the start day)
  Status status = Status::active;
  std::optional<Date> expiry;       // grace, suspended, lost: the expiry day X (E1)
  int line = 0;                     // in the book file, for messages
};

struct BookAccount {
  std::string id;
  std::uint16_t reseller = 0;
  bool federal = false;
  std::vector<BookSubscription> subscriptions;
  std::vector<std::string> labels;  // the subscriptions' ids
};

struct NamedPolicy {
  std::string name;
  Policy policy;
};

struct Scenario {
  std::string file;
  int line = 1, column = 1;  // of the scenario's top-level mapping: problems of the whole
  std::string name;
  std::uint64_t seed = 1;
  int replications = 1;
  Date start{2027, 1, 1};
  Date end{2027, 12, 31};
  Catalog catalog = Catalog::maas360_default();
  Policy policy;
  std::vector<NamedPolicy> policies;
  std::vector<std::string> variants;  // the names in variants: (overrides of any section)
  bool has_population = false;
  Population population;
  Behaviour behaviour;
  std::vector<ScriptedAccount> accounts;
  std::vector<BookAccount> book;       // population.book, after the scripted accounts
  std::vector<std::string> resellers;  // names; index = reseller id
  // Synthetic customers are named prefix + index ("c17"): "c" unless a scripted or book id or
  // subscription label starts with "c" and a digit (a book fitted from a subsim trace keeps its
  // c<n> ids); then "new-c", "new2-c", … — the first no id starts with (scenario/names).
  std::string synthetic_prefix = "c";
  // A scripted or book account's subscriptions beyond its labelled ones (a later order) are
  // named id + infix + slot ("c48-s1"): "-s" unless some label is an account's id, that infix
  // and digits (a book fitted from a subsim trace labels c48's first subscription "c48-s1");
  // then "-n", "-new", "-new2", … — the first no label can be confused with (scenario/names).
  std::string slot_infix = "-s";
  std::vector<std::string> other_inputs;  // files read besides the scenario (the book's path),
                                          // for manifest.json

  int days() const { return days_between(start, end) + 1; }
};

}  // namespace subsim
