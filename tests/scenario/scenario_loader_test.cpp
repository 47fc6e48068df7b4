// Validation: every problem reported as FILE:LINE:COL (1-based) with a precise message.
#include "scenario/scenario_loader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <variant>

using namespace subsim;

namespace {
const char* kHead =
    "name: t\n"            // 1
    "start: 2027-01-01\n"  // 2
    "end: 2027-12-31\n";   // 3

Diagnostics errors_of(const std::string& yaml, LoadOptions o = {}) {
  return load_scenario_text(yaml, "s.yaml", o).errors;
}

// The first error is at `line`, at the column where `token` starts on that line, and its
// message contains `text`.
void expect_error(const std::string& yaml, int line, const std::string& token,
                  const std::string& text) {
  std::size_t begin = 0;
  for (int l = 1; l < line; ++l) begin = yaml.find('\n', begin) + 1;
  std::string row = yaml.substr(begin, yaml.find('\n', begin) - begin);
  int col = static_cast<int>(row.find(token)) + 1;
  REQUIRE_MESSAGE(col > 0, row);
  Diagnostics e = errors_of(yaml);
  REQUIRE_MESSAGE(e.size() >= 1, yaml);
  CHECK_MESSAGE(e[0].line == line, e[0].format());
  CHECK_MESSAGE(e[0].column == col, e[0].format());
  CHECK_MESSAGE(e[0].message.find(text) != std::string::npos, e[0].format());
  CHECK(e[0].format().rfind(
            "s.yaml:" + std::to_string(line) + ":" + std::to_string(col) + ": error: ", 0) == 0);
}

const std::string kAccount =
    "accounts:\n"                                                                      // 4
    "  - id: a\n"                                                                      // 5
    "    reseller: north\n"                                                            // 6
    "    subscriptions:\n"                                                             // 7
    "      - {id: s, edition: deluxe, basis: per_device, term: monthly, seats: 10}\n"  // 8
    "    actions:\n";                                                                  // 9
}  // namespace

TEST_CASE("a valid scenario loads") {
  LoadResult r = load_scenario_text(
      std::string(kHead) + kAccount +
          "      - {date: 2027-01-15, action: auto_renew_off, subscription: s}\n",
      "s.yaml");
  for (auto& d : r.errors) MESSAGE(d.format());
  CHECK(r.ok());
  CHECK(r.scenario->accounts.at(0).actions.size() == 1);
}

TEST_CASE("YAML syntax errors carry the parser's position, 1-based") {
  Diagnostics syntax = errors_of("name: t\nstart: [2027\n");
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].line == 3);
  CHECK(syntax[0].column == 1);
  Diagnostics e = errors_of("name: t\n  bad: : indent\n");
  REQUIRE(!e.empty());
  CHECK(e[0].line == 2);
}

TEST_CASE("unknown keys, with did-you-mean for near misses") {
  expect_error(std::string(kHead) + "polcy: {notice_days: 10}\n", 4, "polcy",
               "unknown key 'polcy' in the scenario; did you mean 'policy'?");
  expect_error(std::string(kHead) + "policy: {notice_dayz: 10}\n", 4, "notice_dayz",
               "did you mean 'notice_days'?");
  expect_error(std::string(kHead) + "policy: {zzz: 10}\n", 4, "zzz", "unknown key 'zzz'");
}

TEST_CASE("wrong types") {
  expect_error(std::string(kHead) + "policy: {notice_days: thirty}\n", 4, "thirty",
               "must be a whole number");
  expect_error(std::string(kHead) + "policy: {annual_reduce_at_renewal: maybe}\n", 4, "maybe",
               "must be true or false");
  expect_error(std::string(kHead) + "policy: [1, 2]\n", 4, "[1", "policy must be a mapping");
}

TEST_CASE("impossible dates and end before start") {
  expect_error("name: t\nstart: 2027-02-30\nend: 2027-12-31\naccounts: []\n", 2, "2027",
               "'2027-02-30' is not a valid date");
  expect_error("name: t\nstart: 2027-06-01\nend: 2027-05-31\naccounts: []\n", 3, "2027",
               "is before start");
  expect_error("name: t\nstart: 2027-06-01\nhorizon: 3 years\n", 3, "3 years",
               "horizon must look like");
}

TEST_CASE("probabilities outside [0, 1] and shares not adding up to 1") {
  expect_error(
      std::string(kHead) + "population: {initial: 10}\nbehaviour:\n  cancel: {monthly: 1.5}\n", 6,
      "1.5", "between 0 and 1");
  expect_error(std::string(kHead) +
                   "population:\n  initial: 10\n  term: {choice: {monthly: 0.5, annual: 0.4}}\n",
               6, "{monthly", "shares add up to 0.9, not 1");
}

TEST_CASE("negative or absurd counts") {
  expect_error(std::string(kHead) + "population: {initial: -5}\n", 4, "-5", "between 0 and");
  expect_error(std::string(kHead) + kAccount.substr(0, kAccount.find("      - {id")) +
                   "      - {id: s, edition: deluxe, basis: per_device, term: monthly, seats: 0}\n",
               8, "0}", "seats must be between 1");
  expect_error(std::string(kHead) + "policy: {grace_days: 100000}\n", 4, "100000",
               "between 1 and 365");
}

TEST_CASE("unknown edition, basis, term, reseller, subscription id") {
  std::string pre = std::string(kHead) + kAccount.substr(0, kAccount.find("      - {id"));
  expect_error(
      pre + "      - {id: s, edition: deluxxe, basis: per_device, term: monthly, seats: 1}\n", 8,
      "deluxxe", "unknown edition 'deluxxe'; did you mean 'deluxe'?");
  expect_error(pre + "      - {id: s, edition: deluxe, basis: per_seat, term: monthly, seats: 1}\n",
               8, "per_seat", "basis must be per_device or per_user");
  expect_error(
      pre + "      - {id: s, edition: deluxe, basis: per_device, term: weekly, seats: 1}\n", 8,
      "weekly", "term must be monthly or annual");
  expect_error(std::string(kHead) + kAccount +
                   "      - {date: 2027-01-15, action: auto_renew_off, subscription: t}\n",
               10, "t}", "no subscription 't' in account 'a'");
  expect_error(
      "name: t\nstart: 2027-01-01\nend: 2027-12-31\nresellers: [north]\n"
      "accounts:\n  - id: a\n    reseller: nort\n",
      7, "nort", "unknown reseller 'nort'; did you mean 'north'?");
}

TEST_CASE("duplicate ids") {
  expect_error(
      std::string(kHead) + "accounts:\n  - {id: a, reseller: r}\n  - {id: a, reseller: r}\n", 6,
      "a,", "duplicate account id 'a'");
  std::string pre = std::string(kHead) + kAccount.substr(0, kAccount.find("    actions:"));
  expect_error(
      pre + "      - {id: s, edition: deluxe, basis: per_device, term: annual, seats: 1}\n", 9,
      "s,", "duplicate subscription id 's'");
}

TEST_CASE("editions go from the lowest price to the highest: an upgrade never invoices a negative difference") {
  // Found by fuzz_scenario: a top edition priced below the one under it made an S5 upgrade
  // invoice -78.76 (the run invariant stopped it).
  expect_error(std::string(kHead) +
                   "catalog:\n  editions:\n    - {name: premier, monthly_price: 6.00}\n"
                   "    - {name: enterprise, monthly_price: 0.00}\n",
               7, "0.00", "edition 'enterprise' costs less (0.00) than the edition below it, "
                          "'premier' (6.00)");
  // Equal prices and a free lowest edition are fine.
  CHECK(errors_of(std::string(kHead) +
                  "catalog:\n  editions:\n    - {name: free, monthly_price: 0.00}\n"
                  "    - {name: basic, monthly_price: 4.00}\n    - {name: plus, monthly_price: 4.00}\n"
                  "population: {initial: 10}\n")
            .empty());
}

TEST_CASE("an action dated outside the simulated period") {
  expect_error(std::string(kHead) + kAccount +
                   "      - {date: 2028-01-15, action: auto_renew_off, subscription: s}\n",
               10, "2028", "outside the simulated period");
}

TEST_CASE("unknown action with a suggestion") {
  expect_error(std::string(kHead) + kAccount +
                   "      - {date: 2027-01-15, action: auto_renew_of, subscription: s}\n",
               10, "auto_renew_of,",
               "unknown action 'auto_renew_of'; did you mean 'auto_renew_off'?");
}

TEST_CASE("every problem is reported, not just the first") {
  Diagnostics e = errors_of(std::string(kHead) + "polcy: 1\nseed: x\nreplications: 0\n");
  REQUIRE(e.size() == 4);
  CHECK(e[0].line == 4);
  CHECK(e[1].line == 5);
  CHECK(e[2].line == 6);
  CHECK(e[3].message.find("nothing to simulate") != std::string::npos);
}

TEST_CASE("--set overrides a scalar by its dotted path, and bad overrides are reported") {
  LoadOptions o;
  o.sets = {"policy.notice_days=45", "behaviour.cancel.monthly=0.05", "seed=9"};
  LoadResult r = load_scenario_text(std::string(kHead) + "population: {initial: 1}\n", "s.yaml", o);
  REQUIRE(r.ok());
  CHECK(r.scenario->policy.notice_days == 45);
  CHECK(r.scenario->behaviour.cancel_monthly == doctest::Approx(0.05));
  CHECK(r.scenario->seed == 9);
  o.sets = {"policy.notice_days=-3"};
  Diagnostics e =
      load_scenario_text(std::string(kHead) + "population: {initial: 1}\n", "s.yaml", o).errors;
  REQUIRE(e.size() == 1);
  CHECK(e[0].format().find("--set policy.notice_days=-3") == 0);
  o.sets = {"policy.notice_dayz=3"};
  e = load_scenario_text(std::string(kHead) + "population: {initial: 1}\n", "s.yaml", o).errors;
  REQUIRE(e.size() == 1);
  CHECK(e[0].message.find("did you mean 'notice_days'") != std::string::npos);
}

TEST_CASE("a missing file is an error with the OS reason") {
  LoadResult r = load_scenario_file("/nonexistent/scenario.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == "/nonexistent/scenario.yaml: error: No such file or directory");
}

TEST_CASE("every shipped scenario validates") {
  int n = 0;
  for (const auto& f : std::filesystem::directory_iterator(SUBSIM_SOURCE_DIR "/scenarios")) {
    if (f.path().extension() != ".yaml") continue;
    LoadResult r = load_scenario_file(f.path().string());
    for (auto& d : r.errors) MESSAGE(d.format());
    CHECK_MESSAGE(r.ok(), f.path().string());
    ++n;
  }
  CHECK(n >= 2);
}

TEST_CASE("--policy picks a variant of policies: — 'default' is the scenario's own policy") {
  std::string yaml = std::string(kHead) +
                     "population: {initial: 1}\npolicy: {notice_days: 20}\n"
                     "policies: {long: {notice_days: 60}}\n";
  LoadOptions o;
  o.policy = "long";
  CHECK(load_scenario_text(yaml, "s.yaml", o).scenario->policy.notice_days == 60);
  o.policy = "default";
  CHECK(load_scenario_text(yaml, "s.yaml", o).scenario->policy.notice_days == 20);
  o.policy = "lnog";
  Diagnostics e = load_scenario_text(yaml, "s.yaml", o).errors;
  REQUIRE(e.size() == 1);
  CHECK(e[0].message.find("did you mean 'long'?") != std::string::npos);
}

TEST_CASE("inputs that would exhaust memory are refused: /dev/zero, a huge file, an alias bomb") {
  LoadResult zero = load_scenario_file("/dev/zero");
  REQUIRE(zero.errors.size() == 1);
  CHECK(zero.errors[0].format().rfind("/dev/zero: error: binary data (a NUL byte at byte 1)", 0) == 0);

  // 2,000 accounts, each an alias of one with 1,000 actions: 2 M scripted actions from 10 KB.
  std::string yaml = std::string(kHead) + "resellers: [north]\nbig: &acc\n  id: a\n"
                     "  reseller: north\n  subscriptions:\n"
                     "    - {id: s, edition: deluxe, basis: per_device, term: monthly, seats: 1}\n"
                     "  actions: &acts\n";
  for (int i = 0; i < 1000; ++i)
    yaml += "    - {date: 2027-02-01, action: reallocate, subscription: s}\n";
  yaml += "accounts:\n";
  for (int i = 0; i < 2000; ++i) yaml += "  - *acc\n";
  Diagnostics errors = errors_of(yaml);
  REQUIRE_FALSE(errors.empty());
  bool named = false;
  for (const Diagnostic& d : errors)
    named = named || d.message.find("more than 1000000 scripted") != std::string::npos;
  CHECK(named);
  CHECK(errors.size() <= 102);  // the duplicate ids in 100 lines and a note, then the limit
}

TEST_CASE("a million problems are told in 100 lines and a note") {
  std::string yaml = std::string(kHead) + "resellers: [north]\naccounts:\n";
  for (int i = 0; i < 500; ++i) yaml += "  - {id: a" + std::to_string(i) + ", reseller: nowhere}\n";
  Diagnostics errors = errors_of(yaml);
  CHECK(errors.size() == 101);
  CHECK(errors.back().message == "too many errors; the rest are not shown");
}

TEST_CASE("contract slips of issue 13: duplicate keys, far horizons, orders without a subscription") {
  // A key given twice is refused at its second place (yaml-cpp keeps the first silently).
  expect_error(std::string(kHead) + "start: 2028-01-01\n", 4, "start", "duplicate key 'start'");
  expect_error(std::string(kHead) + kAccount +
                   "      - {date: 2027-01-15, action: auto_renew_off, subscription: s, "
                   "date: 2027-02-01}\n",
               10, "date: 2027-02", "duplicate key 'date' (first given at line 10)");
  // A map whose keys are checked and then iterated (a choice) tells its duplicate once.
  Diagnostics twice = errors_of(std::string(kHead) +
                                "population:\n  initial: 5\n"
                                "  term: {choice: {monthly: 0.5, monthly: 0.5}}\n");
  CHECK(std::count_if(twice.begin(), twice.end(), [](const Diagnostic& d) {
          return d.message.find("duplicate key 'monthly'") != std::string::npos;
        }) == 1);
  // A horizon past the calendar's end is a scenario error, not an internal one.
  expect_error("name: t\nstart: 2027-01-01\nhorizon: 10000y\n" + kAccount, 1, "name",
               "longer than 100 years");
  expect_error("name: t\nstart: 9900-01-01\nhorizon: 1y\n" + kAccount, 2, "9900",
               "start must be by 9799-12-31");
  expect_error("name: t\nstart: 9799-01-01\nend: 9800-01-01\n" + kAccount, 1, "name",
               "must end by 9799-12-31");
  // `order` and `convert_trial` without their subscription: FILE:LINE:COL, not an exception.
  expect_error(std::string(kHead) + kAccount + "      - {date: 2027-02-01, action: order}\n", 10,
               "{", "order needs 'subscription'");
  expect_error(std::string(kHead) + kAccount +
                   "      - {date: 2027-02-01, action: convert_trial}\n",
               10, "{", "convert_trial needs 'subscription'");
}

TEST_CASE("messages escape the control characters they quote") {
  Diagnostics e = errors_of(std::string(kHead) + "f\x1b[31moo\x07: 1\n" + kAccount);
  REQUIRE(!e.empty());
  const std::string text = e[0].format();
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("f\\x1b[31moo\\x07") != std::string::npos);
  CHECK(printable("a\\b\nc\td\x7f") == "a\\\\b\\nc\\td\\x7f");
  // Several lines: each escaped, the line breaks kept (explain, fit print this way).
  CHECK(printable_text("a\x1b[1m\nb\n") == "a\\x1b[1m\nb\n");
  CHECK(printable_text("no break") == "no break");
}

namespace {
const std::string kVariants =
    std::string(kHead) +
    "policy: {notice_days: 30}\n"                                                    // 4
    "policies:\n  notice_60: {notice_days: 60}\n"                                    // 5-6
    "variants:\n"                                                                    // 7
    "  price_up:\n"                                                                  // 8
    "    catalog.annual_discount: 0.2\n"                                             // 9
    "    behaviour.cancel: {monthly: 0.04, annual: 0.12}\n"                          // 10
    "  strict:\n"                                                                    // 11
    "    policy.notice_days: 60\n"                                                   // 12
    "  broken:\n"                                                                    // 13
    "    policy.grace_days: -1\n"                                                    // 14
    "population: {initial: 10}\n"                                                    // 15
    "behaviour: {cancel: {monthly: 0.02, annual: 0.1}}\n";                           // 16
}  // namespace

TEST_CASE("variants: override any section by dotted path; default is the file as written") {
  LoadOptions base;
  LoadResult d = load_scenario_text(kVariants, "s.yaml", base);
  REQUIRE(d.ok());
  CHECK(d.scenario->variants == std::vector<std::string>{"price_up", "strict", "broken"});
  LoadOptions up;
  up.policy = "price_up";
  LoadResult u = load_scenario_text(kVariants, "s.yaml", up);
  for (auto& e : u.errors) MESSAGE(e.format());
  REQUIRE(u.ok());
  CHECK(u.scenario->catalog.annual_discount_bp == 2000);
  CHECK(d.scenario->catalog.annual_discount_bp != 2000);
  CHECK(u.scenario->behaviour.cancel_monthly == doctest::Approx(0.04));
  CHECK(d.scenario->behaviour.cancel_monthly == doctest::Approx(0.02));
  LoadOptions strict;
  strict.policy = "strict";
  CHECK(load_scenario_text(kVariants, "s.yaml", strict).scenario->policy.notice_days == 60);
  // policies: stays the policy-only shorthand.
  LoadOptions n60;
  n60.policy = "notice_60";
  CHECK(load_scenario_text(kVariants, "s.yaml", n60).scenario->policy.notice_days == 60);
  // --set wins over the variant; a command-line variant (--set-variant) adds to it.
  strict.sets = {"policy.notice_days=45"};
  CHECK(load_scenario_text(kVariants, "s.yaml", strict).scenario->policy.notice_days == 45);
  LoadOptions built;
  built.policy = "cheap";
  built.variant_sets = {"catalog.annual_discount=0.25"};
  LoadResult b = load_scenario_text(kVariants, "s.yaml", built);
  REQUIRE(b.ok());
  CHECK(b.scenario->catalog.annual_discount_bp == 2500);
}

TEST_CASE("a variant's bad override is reported at its line, with the variant's name") {
  LoadOptions broken;
  broken.policy = "broken";
  Diagnostics e = load_scenario_text(kVariants, "s.yaml", broken).errors;
  REQUIRE(e.size() == 1);
  CHECK(e[0].line == 14);
  CHECK(e[0].format().find("grace_days") != std::string::npos);
  CHECK(e[0].format().find("(variant broken)") != std::string::npos);
  LoadOptions nope;
  nope.policy = "stirct";
  Diagnostics n = load_scenario_text(kVariants, "s.yaml", nope).errors;
  REQUIRE(n.size() == 1);
  CHECK(n[0].format() ==
        "--variant stirct: error: no variant 'stirct' in variants: or policies:; did you mean "
        "'strict'?");
  expect_error(std::string(kHead) + "variants:\n  x: 3\n" + kAccount, 5, "3",
               "variant 'x' must map dotted paths to values");
  expect_error(std::string(kHead) + "variants:\n  x: {variants.y: 1}\n" + kAccount, 5,
               "variants.y", "cannot change the variants themselves");
}

TEST_CASE("a trial without an id takes the account's '-trial' id: another subscription may not") {
  // An order declares 'a-trial'; the trial without an id would share its record (line 11).
  expect_error(std::string(kHead) + kAccount +
                   "      - {date: 2027-01-10, action: order, subscription: {id: a-trial, edition: "
                   "deluxe, basis: per_device, term: monthly, seats: 2}}\n"
                   "      - {date: 2027-02-01, action: start_trial}\n",
               11, "{date", "duplicate subscription id 'a-trial'");
  // Two trials without ids share it: the second is the engine's to refuse (T1), not an error.
  LoadResult r = load_scenario_text(std::string(kHead) + kAccount +
                                        "      - {date: 2027-02-01, action: start_trial}\n"
                                        "      - {date: 2027-03-01, action: start_trial}\n",
                                    "t.yaml");
  for (auto& d : r.errors) MESSAGE(d.format());
  CHECK(r.ok());
}

TEST_CASE("every policy parameter of the table is read: its range's ends accepted, one past refused") {
  const std::string head = std::string(kHead) + "population: {initial: 1}\n";
  for (const PolicyParameter& p : policy_parameters()) {
    const std::string key(p.key);
    INFO(key);
    Policy read;
    Policy changed;
    std::string good, bad;
    if (auto f = std::get_if<int Policy::*>(&p.field)) {
      // grace_days must stay below deletion_days: test it with the largest deletion.
      const std::string extra = key == "grace_days" ? ", deletion_days: 3650" : "";
      good = "{" + key + ": " + std::to_string(p.hi) + extra + "}";
      bad = "{" + key + ": " + std::to_string(p.hi + 1) + extra + "}";
      changed.*(*f) = p.hi;
      LoadResult lo = load_scenario_text(head + "policy: {" + key + ": " + std::to_string(p.lo) +
                                             (key == "deletion_days" ? ", grace_days: 0" : "") + "}\n",
                                         "s.yaml");
      if (key != "deletion_days") {  // grace_days' lowest is 1, deletion_days' must exceed it
        REQUIRE(lo.ok());
        CHECK(lo.scenario->policy.*(*f) == p.lo);
      }
    } else if (auto d = std::get_if<double Policy::*>(&p.field)) {
      good = "{" + key + ": 0.25}";
      bad = "{" + key + ": 1.5}";
      changed.*(*d) = 0.25;
    } else if (auto b = std::get_if<bool Policy::*>(&p.field)) {
      good = "{" + key + ": false}";
      bad = "{" + key + ": 2}";
      changed.*(*b) = false;
    } else {
      good = "{" + key + ": none}";
      bad = "{" + key + ": weekly}";
      changed.proration = Proration::none;
    }
    LoadResult r = load_scenario_text(head + "policy: " + good + "\n", "s.yaml");
    REQUIRE_MESSAGE(r.ok(), good);
    CHECK(parameter_value_text(p, r.scenario->policy) == parameter_value_text(p, changed));
    CHECK(parameter_value_text(p, read) != parameter_value_text(p, changed));
    Diagnostics e = errors_of(head + "policy: " + bad + "\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0].message.find("policy." + key) != std::string::npos);
  }
}

TEST_CASE("a name that is not a single value is refused: the scenario's, a variant's, a policy's, a trial id") {
  const std::string rest = "start: 2027-01-01\nend: 2027-12-31\npopulation: {initial: 1}\n";
  expect_error("name: {a: 1}\n" + rest, 1, "{a", "name must be a single value");
  expect_error("name: [1, 2]\n" + rest, 1, "[1", "name must be a single value");
  expect_error(std::string(kHead) + "population: {initial: 1}\nvariants: {[x]: {seed: 1}}\n", 5,
               "[x]", "a variant's name must be a single value");
  expect_error(std::string(kHead) + "population: {initial: 1}\npolicies: {{x: 1}: {notice_days: 1}}\n",
               5, "{x", "a policy's name must be a single value");
  LoadResult ok = load_scenario_text("name: 'quoted: name'\n" + rest, "s.yaml");
  REQUIRE(ok.ok());
  CHECK(ok.scenario->name == "quoted: name");
}

// Found by fuzz_scenario: a catalog whose editions all failed left the edition shares no name to
// suggest, and the message read the first of none (undefined behaviour). Both problems reported.
TEST_CASE("edition shares under a catalog without a valid edition: errors, never undefined behaviour") {
  const std::string yaml = std::string(kHead) +
                           "catalog:\n  editions:\n    - {oame: essentials, monthly_price: 4.00}\n"
                           "population: {initial: 4, edition: {choics: {essentials: 1}}}\n";
  LoadResult r = load_scenario_text(yaml, "s.yaml");
  REQUIRE_FALSE(r.ok());
  std::string all;
  for (const Diagnostic& d : r.errors) all += d.format() + "\n";
  INFO(all);
  CHECK(all.find("oame") != std::string::npos);
  CHECK(all.find("must be {choice: {NAME: share") != std::string::npos);
}
