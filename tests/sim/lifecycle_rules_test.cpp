// The rules wired into the engine: scripted accounts live by them, day by day.
#include "harness.hpp"

using namespace subsim;
using namespace subsim::test;

namespace {
const std::string kMonthlyJan1 =
    "  - id: a\n    reseller: north\n    subscriptions:\n"
    "      - {id: s, edition: deluxe, basis: per_device, term: monthly, seats: 10, start: "
    "2027-01-01}\n"
    "    actions:\n";
const std::string kAnnualJan1 =
    "  - id: a\n    reseller: north\n    subscriptions:\n"
    "      - {id: s, edition: deluxe, basis: per_device, term: annual, seats: 10, start: "
    "2027-01-01}\n"
    "    actions:\n";

std::vector<Fired> run(const std::string& account_yaml) {
  Scenario sc = load(header() + account_yaml);
  return run_account(sc, "a");
}
}  // namespace

TEST_CASE("N2 FAQ monthly: off Jan 15 — renews Jan 31 for February, expires Mar 1") {
  auto ev =
      run(kMonthlyJan1 + "      - {date: 2027-01-15, action: auto_renew_off, subscription: s}\n");
  CHECK(count(ev, "renewal") == 1);
  Fired r = find(ev, "renewal");
  CHECK(r.date == "2027-01-31");
  CHECK(r.rule == "N2");
  CHECK(find(ev, "expiry").date == "2027-03-01");
  CHECK(find(ev, "notice_cutoff").date == "2027-01-28");  // Feb 28 − 30 − 1
}

TEST_CASE("N2 FAQ annual: off Nov 30 ends Dec 31 (expiry Jan 1)") {
  auto ev =
      run(kAnnualJan1 + "      - {date: 2027-11-30, action: auto_renew_off, subscription: s}\n");
  CHECK(count(ev, "renewal") == 0);
  CHECK(find(ev, "auto_renew_off").rule == "N3");
  CHECK(find(ev, "notice_cutoff").date == "2027-11-30");
  CHECK(find(ev, "expiry").date == "2028-01-01");
}

TEST_CASE("N2 FAQ annual: off Dec 1 renews for the next year") {
  auto ev =
      run(kAnnualJan1 + "      - {date: 2027-12-01, action: auto_renew_off, subscription: s}\n");
  Fired r = find(ev, "renewal");
  CHECK(r.date == "2027-12-31");
  CHECK(r.rule == "N2");
  CHECK(r.amount == 54000);
  CHECK(count(ev, "expiry") == 0);  // it would expire on 2029-01-01, after the horizon
}

TEST_CASE("N1 C2 auto-renew renews on the last day of each term, invoicing each term") {
  auto ev = run(kMonthlyJan1);
  CHECK(count(ev, "renewal") == 24);  // every month end of 2027 and 2028
  CHECK(find(ev, "renewal").date == "2027-01-31");
  CHECK(find(ev, "renewal").rule == "N1");
  CHECK(find(ev, "start").amount == 5000);
}

TEST_CASE("C1 month-end anchor through the engine: Jan 31 renews Feb 27, Mar 30, Apr 29") {
  Scenario sc = load(header() +
                     "  - id: a\n    reseller: north\n    subscriptions:\n"
                     "      - {id: s, edition: deluxe, basis: per_device, term: monthly, seats: 1, "
                     "start: 2027-01-31}\n");
  auto ev = run_account(sc, "a");
  std::vector<std::string> dates;
  for (const Fired& f : ev)
    if (f.event == "renewal" && dates.size() < 4) dates.push_back(f.date);
  CHECK(dates == std::vector<std::string>{"2027-02-27", "2027-03-30", "2027-04-29", "2027-05-30"});
}

TEST_CASE("N3 auto-renew back on before the cut-off keeps renewing — after it is refused N3") {
  auto ok = run(kAnnualJan1 +
                "      - {date: 2027-06-01, action: auto_renew_off, subscription: s}\n"
                "      - {date: 2027-11-30, action: auto_renew_on, subscription: s}\n");
  CHECK(count(ok, "renewal") == 2);        // 2027-12-31 and 2028-12-31
  CHECK(count(ok, "notice_cutoff") == 0);  // made moot by auto-renew on
  auto late = run(kAnnualJan1 +
                  "      - {date: 2027-06-01, action: auto_renew_off, subscription: s}\n"
                  "      - {date: 2027-12-01, action: auto_renew_on, subscription: s}\n");
  CHECK(find(late, "rejected").rule == "N3");
  CHECK(count(late, "renewal") == 0);
}

TEST_CASE(
    "E1 E2 E3 E4 C3 after expiry on X: X+10 restores with no gap, X+40 reactivates after "
    "a gap, X+60 is already deleted and starts a new account") {
  // Off on Jan 15: renews for February, expires X = 2027-03-01.
  auto order_on = [&](const char* date) {
    return run(kMonthlyJan1 +
               "      - {date: 2027-01-15, action: auto_renew_off, subscription: s}\n"
               "      - {date: " +
               std::string(date) +
               ", action: order, legacy: s, payer_path_change: true,\n"
               "         subscription: {id: n, edition: deluxe, basis: per_device, term: monthly, "
               "seats: 10}}\n");
  };
  auto x10 = order_on("2027-03-11");
  Fired restore = find(x10, "restore", "n");
  CHECK(restore.rule == "E2");
  CHECK(restore.amount == 5000);        // invoiced on the order day for the term from X
  CHECK(count(x10, "grace_end") == 0);  // no day without service
  CHECK(find(x10, "renewal", "n").date == "2027-03-31");  // old anchor: terms keep their dates

  auto x40 = order_on("2027-04-10");
  CHECK(find(x40, "grace_end").date == "2027-03-16");
  Fired react = find(x40, "reactivation", "n");
  CHECK(react.rule == "E3");
  CHECK(react.date == "2027-04-10");
  CHECK(find(x40, "renewal", "n").date == "2027-05-09");  // new anchor: the order day
  CHECK(count(x40, "deletion") == 0);

  auto x60 = order_on("2027-04-30");
  // C3: the deletion of X + 60 fires before the order placed that day.
  CHECK(x60[x60.size() - 1].event != "deletion");
  Fired del = find(x60, "deletion");
  CHECK(del.date == "2027-04-30");
  Fired order = find(x60, "order", "n");
  CHECK(order.rule == "E4");
  CHECK(find(x60, "start", "n").date == "2027-04-30");
  CHECK(count(x60, "reactivation") == 0);
}

TEST_CASE("E3 reactivation needs payer-path change") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-01-15, action: auto_renew_off, subscription: s}\n"
                "      - {date: 2027-04-10, action: order, legacy: s,\n"
                "         subscription: {id: n, edition: deluxe, basis: per_device, term: monthly, "
                "seats: 10}}\n");
  CHECK(find(ev, "rejected").rule == "E3");
}

TEST_CASE("R3 hand-over in advance against T: pending, starts the day after the old term ends") {
  auto ev = run(kAnnualJan1 +
                "      - {date: 2027-10-01, action: auto_renew_off, subscription: s}\n"
                "      - {date: 2027-11-15, action: order, reseller: south, legacy: s, "
                "payer_path_change: true,\n"
                "         subscription: {id: b, edition: deluxe, basis: per_device, term: annual, "
                "seats: 10}}\n");
  Fired pending = find(ev, "pending", "b");
  CHECK(pending.rule == "R3");
  CHECK(pending.date == "2027-11-15");
  Fired start = find(ev, "handover", "b");
  CHECK(start.date == "2028-01-01");
  CHECK(start.from == SubState::pending);
  CHECK(start.to == SubState::active);
  CHECK(count(ev, "grace_end") == 0);  // no gap
  // R1: while the hand-over is pending the old reseller cannot turn auto-renew back on.
  auto blocked = run(kAnnualJan1 +
                     "      - {date: 2027-10-01, action: auto_renew_off, subscription: s}\n"
                     "      - {date: 2027-10-15, action: order, reseller: south, legacy: s, "
                     "payer_path_change: true,\n"
                     "         subscription: {id: b, edition: deluxe, basis: per_device, term: "
                     "annual, seats: 10}}\n"
                     "      - {date: 2027-10-20, action: auto_renew_on, subscription: s}\n");
  CHECK(find(blocked, "rejected").rule == "R1");
}

TEST_CASE("R3 hand-over in advance against a subscription that is not T is rejected R3") {
  auto ev = run(kAnnualJan1 +
                "      - {date: 2027-11-15, action: order, reseller: south, legacy: s, "
                "payer_path_change: true,\n"
                "         subscription: {id: b, edition: deluxe, basis: per_device, term: annual, "
                "seats: 10}}\n");
  Fired r = find(ev, "rejected");
  CHECK(r.rule == "R3");
  CHECK(r.sub == "b");
  CHECK(count(ev, "renewal") == 2);  // nothing changed on the old subscription
}

TEST_CASE("R2 hand-over after expiry with the legacy number continues the lineage") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-01-15, action: auto_renew_off, subscription: s}\n"
                "      - {date: 2027-03-05, action: order, reseller: east, legacy: s, "
                "payer_path_change: true,\n"
                "         subscription: {id: b, edition: deluxe, basis: per_device, term: monthly, "
                "seats: 10}}\n");
  CHECK(find(ev, "handover", "b").rule == "R2");
  CHECK(find(ev, "close", "s").rule == "R2");
}

TEST_CASE("R1 another reseller cannot order for an end user still served") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-02-10, action: order, reseller: south,\n"
                "         subscription: {id: b, edition: essentials, basis: per_device, term: "
                "monthly, seats: 1}}\n");
  CHECK(find(ev, "rejected").rule == "R1");
}

TEST_CASE("R4 a reseller cannot order for itself") {
  Scenario sc = load(header() +
                     "  - id: north\n    reseller: north\n    actions:\n"
                     "      - {date: 2027-02-01, action: order,\n"
                     "         subscription: {id: x, edition: deluxe, basis: per_device, term: "
                     "monthly, seats: 3}}\n");
  auto ev = run_account(sc, "north");
  CHECK(find(ev, "rejected").rule == "R4");
  CHECK(count(ev, "start") == 0);
}

TEST_CASE("M1 M2 M3 mixing through orders") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-01-05, action: order,\n"
                "         subscription: {id: e, edition: essentials, basis: per_device, term: "
                "annual, seats: 10}}\n"
                "      - {date: 2027-01-06, action: order,\n"
                "         subscription: {id: d, edition: deluxe, basis: per_device, term: annual, "
                "seats: 5}}\n"
                "      - {date: 2027-01-07, action: order,\n"
                "         subscription: {id: u, edition: premier, basis: per_user, term: monthly, "
                "seats: 5}}\n");
  CHECK(find(ev, "start", "e").rule == "C1");
  std::vector<std::string> rejected;
  for (const Fired& f : ev)
    if (f.event == "rejected") rejected.push_back(f.sub + ":" + f.rule);
  CHECK(rejected == std::vector<std::string>{"d:M2", "u:M3"});
}

TEST_CASE(
    "S3 S4 S5 S6 mid-term seat removal, upgrade to fewer seats and annual downgrade are "
    "rejected and change nothing") {
  auto annual = run(
      kAnnualJan1 +
      "      - {date: 2027-03-01, action: remove_seats, subscription: s, seats: 2}\n"
      "      - {date: 2027-03-02, action: downgrade, subscription: s, edition: essentials}\n"
      "      - {date: 2027-03-03, action: upgrade, subscription: s, edition: premier, seats: 8}\n");
  std::vector<std::string> rules;
  for (const Fired& f : annual)
    if (f.event == "rejected") rules.push_back(f.rule);
  CHECK(rules == std::vector<std::string>{"S3", "S6", "S5"});
  CHECK(find(annual, "renewal").amount == 54000);  // still 10 deluxe seats
  auto monthly =
      run(kMonthlyJan1 +
          "      - {date: 2027-01-20, action: remove_seats, subscription: s, seats: 2}\n");
  CHECK(find(monthly, "rejected").rule == "S4");
}

TEST_CASE("S1 S2 seats added co-terminate and renew with the term — other editions refused") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-01-16, action: add_seats, subscription: s, seats: 4}\n"
                "      - {date: 2027-01-17, action: add_seats, subscription: s, seats: 1, edition: "
                "premier}\n");
  CHECK(find(ev, "seat_add").amount == 1032);
  CHECK(find(ev, "rejected").rule == "S2");
  CHECK(find(ev, "renewal").amount == 7000);
}

TEST_CASE("S4 reduction at renewal quoting the legacy number: pending, then no gap") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-01-15, action: auto_renew_off, subscription: s}\n"
                "      - {date: 2027-02-05, action: order, legacy: s, start: 2027-03-01,\n"
                "         subscription: {id: small, edition: deluxe, basis: per_device, term: "
                "monthly, seats: 6}}\n");
  CHECK(find(ev, "pending", "small").rule == "S4");
  Fired start = find(ev, "start", "small");
  CHECK(start.date == "2027-03-01");
  CHECK(start.amount == 3000);
  CHECK(find(ev, "close", "s").date == "2027-03-01");
  CHECK(count(ev, "grace_end") == 0);
}

TEST_CASE("S5 upgrade with the same seats is charged the prorated difference") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-03-11, action: upgrade, subscription: s, edition: premier}\n");
  Fired up = find(ev, "upgrade");
  CHECK(up.rule == "S5");
  CHECK(up.amount == 677);
  CHECK(find(ev, "renewal", "s").amount == 5000);  // January's renewal, before
  int premier_renewals = 0;
  for (const Fired& f : ev) premier_renewals += f.event == "renewal" && f.amount == 6000;
  CHECK(premier_renewals > 0);
}

TEST_CASE("E5 E2 a renewal snafu fixed inside grace is a grace save with no gap") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-01-20, action: renewal_fails, subscription: s}\n"
                "      - {date: 2027-02-08, action: fix_renewal, subscription: s}\n");
  CHECK(find(ev, "renewal_failed").date == "2027-01-31");
  CHECK(find(ev, "expiry").date == "2027-02-01");
  Fired r = find(ev, "restore");
  CHECK(r.rule == "E2");
  CHECK(r.date == "2027-02-08");
  CHECK(find(ev, "renewal").date == "2027-02-28");
  CHECK(count(ev, "grace_end") == 0);
}

TEST_CASE("T1 trial: converts into production on the same account — one trial only — lapses") {
  Scenario sc = load(header() +
                     "  - id: a\n    reseller: north\n    actions:\n"
                     "      - {date: 2027-02-01, action: start_trial, id: t}\n"
                     "      - {date: 2027-02-20, action: convert_trial, trial: t,\n"
                     "         subscription: {id: p, edition: premier, basis: per_user, term: "
                     "annual, seats: 40}}\n"
                     "      - {date: 2027-03-01, action: start_trial, id: t2}\n"
                     "  - id: b\n    reseller: north\n    actions:\n"
                     "      - {date: 2027-02-01, action: start_trial}\n");
  auto a = run_account(sc, "a");
  CHECK(find(a, "trial_convert").rule == "T1");
  CHECK(find(a, "trial_convert").amount == 40 * 600 * 12 * 9 / 10);
  CHECK(find(a, "rejected").rule == "T1");
  auto b = run_account(sc, "b");
  CHECK(find(b, "trial_lapse").date == "2027-03-03");
}

TEST_CASE("F1 a federal order waits for its special bid") {
  Scenario sc = load(header("policy: {federal_bid_days: 10, federal_approval: 1}\n") +
                     "  - id: a\n    reseller: north\n    federal: true\n    actions:\n"
                     "      - {date: 2027-03-01, action: order,\n"
                     "         subscription: {id: f, edition: enterprise, basis: per_device, term: "
                     "annual, seats: 100}}\n");
  auto ev = run_account(sc, "a");
  CHECK(find(ev, "pending").rule == "F1");
  CHECK(find(ev, "start").date == "2027-03-11");
  Scenario refused = load(header("policy: {federal_approval: 0}\n") +
                          "  - id: a\n    reseller: north\n    federal: true\n    actions:\n"
                          "      - {date: 2027-03-01, action: order,\n"
                          "         subscription: {id: f, edition: enterprise, basis: per_device, "
                          "term: annual, seats: 100}}\n");
  auto no = run_account(refused, "a");
  CHECK(find(no, "rejected").rule == "F1");
  CHECK(count(no, "start") == 0);
}

TEST_CASE("L1 reallocation has no billing effect") {
  auto ev = run(kMonthlyJan1 + "      - {date: 2027-02-14, action: reallocate, subscription: s}\n");
  Fired r = find(ev, "reallocation");
  CHECK(r.rule == "L1");
  CHECK(r.amount == 0);
}

TEST_CASE("N4 the monthly commitment: the term in progress is always paid in full") {
  auto ev =
      run(kMonthlyJan1 + "      - {date: 2027-01-02, action: auto_renew_off, subscription: s}\n");
  // Off on the second day: January is paid, February too (N2), and nothing is refunded.
  Cents invoiced = 0;
  for (const Fired& f : ev) invoiced += f.amount;
  CHECK(invoiced == 10000);
}

TEST_CASE(
    "S6 S4 a monthly downgrade at the next cycle: auto-renew off, an order one edition lower "
    "quoting the legacy number, started the day after as a downgrade") {
  auto ev = run(kMonthlyJan1 +
                "      - {date: 2027-01-15, action: auto_renew_off, subscription: s}\n"
                "      - {date: 2027-02-12, action: order, legacy: s,\n"
                "         subscription: {id: lower, edition: essentials, basis: per_device, term: "
                "monthly, seats: 10}}\n");
  Fired down = find(ev, "downgrade", "lower");
  CHECK(down.rule == "S6");
  CHECK(down.date == "2027-03-01");
  CHECK(down.amount == 4000);
  CHECK(find(ev, "close", "s").rule == "S4");
}
