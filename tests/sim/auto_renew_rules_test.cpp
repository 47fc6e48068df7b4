// N2/N3 at the edges: a late turn-off and its next term's cut-off, subscriptions in force with
// auto-renew off, and auto-renew set before a subscription starts.
#include "harness.hpp"

using namespace subsim;
using namespace subsim::test;

namespace {
std::string account(const std::string& term, const std::string& start, bool auto_renew,
                    const std::string& actions = "") {
  return "  - id: a\n    reseller: north\n    subscriptions:\n"
         "      - {id: s, edition: deluxe, basis: per_device, term: " +
         term + ", seats: 10, start: " + start + ", auto_renew: " + (auto_renew ? "true" : "false") +
         "}\n    actions:\n" + actions;
}
std::string action(const std::string& date, const std::string& what) {
  return "      - {date: " + date + ", action: " + what + ", subscription: s}\n";
}
std::vector<Fired> run_script(const std::string& account_yaml, const std::string& extra = "") {
  Scenario sc = load(header(extra) + account_yaml);
  return run_account(sc, "a");
}
}  // namespace

TEST_CASE("N3 after a late turn-off: turning back on after the next term's cut-off is refused") {
  // Monthly, notice 30: off Jan 15 is late for January (31 − 15 ≤ 30), so February is the last
  // term; its cut-off is Feb 28 − 31 = Jan 28, before February even starts.
  const std::string off = action("2027-01-15", "auto_renew_off");
  auto late = run_script(account("monthly", "2027-01-01", true, off + action("2027-01-30", "auto_renew_on")));
  CHECK(find(late, "rejected").date == "2027-01-30");
  CHECK(find(late, "rejected").rule == "N3");
  CHECK(count(late, "renewal") == 1);
  CHECK(find(late, "expiry").date == "2027-03-01");

  // On the cut-off day itself it is still accepted, and the subscription renews on.
  auto on_day = run_script(account("monthly", "2027-01-01", true, off + action("2027-01-28", "auto_renew_on")));
  CHECK(find(on_day, "auto_renew_on").date == "2027-01-28");
  CHECK(count(on_day, "rejected") == 0);
  CHECK(count(on_day, "expiry") == 0);
  CHECK(count(on_day, "renewal") == 24);

  // Annual: off Dec 10, 2027 is late, so 2028 is the last term; its cut-off is Nov 30, 2028.
  const std::string aoff = action("2027-12-10", "auto_renew_off");
  auto a_ok = run_script(account("annual", "2027-01-01", true, aoff + action("2028-11-30", "auto_renew_on")));
  CHECK(count(a_ok, "rejected") == 0);
  CHECK(find(a_ok, "auto_renew_on").rule == "N3");
  auto a_late = run_script(account("annual", "2027-01-01", true, aoff + action("2028-12-01", "auto_renew_on")));
  CHECK(find(a_late, "rejected").rule == "N3");
  CHECK(count(a_late, "auto_renew_on") == 0);
  // Before the renewal, too: on again in 2027 after 2028's cut-off cannot happen (it is a year
  // away), so a turn-on in December 2027 is accepted and the subscription renews on.
  auto a_early = run_script(account("annual", "2027-01-01", true, aoff + action("2027-12-20", "auto_renew_on")));
  CHECK(find(a_early, "auto_renew_on").rule == "N1");
}

TEST_CASE("N2 N3 a subscription in force with auto-renew off: off as of the first day, never a crash") {
  // Monthly since Nov 20, 2026: the term in force is Dec 20 – Jan 19, whose cut-off (Dec 19) has
  // passed on Jan 1, so it renews once more (N2) and the next term, to Feb 19, is the last.
  auto m = run_script(account("monthly", "2026-11-20", false));
  CHECK(find(m, "opening").rule == "N2");
  CHECK(find(m, "opening").to == SubState::active);
  CHECK(find(m, "renewal").date == "2027-01-19");
  CHECK(find(m, "renewal").rule == "N2");
  CHECK(count(m, "renewal") == 1);
  CHECK(find(m, "expiry").date == "2027-02-20");
  CHECK(find(m, "notice_cutoff").date == "2027-01-19");  // the last term ends Feb 19: − 31 days

  // Annual since Jun 1, 2026: Jan 1 is before the cut-off (May 1), so it is the last term.
  auto y = run_script(account("annual", "2026-06-01", false));
  CHECK(find(y, "opening").rule == "N3");
  CHECK(find(y, "opening").to == SubState::terminating);
  CHECK(count(y, "renewal") == 0);
  CHECK(find(y, "expiry").date == "2027-06-01");

  // Every combination of term, anchor day and auto-renew runs to the end, and a subscription
  // with auto-renew off ends within two terms.
  for (const char* term : {"monthly", "annual"})
    for (int back = 1; back <= 400; back += 13)
      for (bool on : {true, false}) {
        Date start = add_days(Date(2027, 1, 1), -back);
        CAPTURE(term);
        CAPTURE(format_iso(start));
        CAPTURE(on);
        std::vector<Fired> ev;
        CHECK_NOTHROW(ev = run_script(account(term, format_iso(start), on)));
        if (!on) CHECK(count(ev, "renewal") <= 1);
        if (!on) CHECK(count(ev, "expiry") == 1);
      }
}

TEST_CASE("N2 auto-renew set before the start takes effect from the start, and seats are still refused") {
  const std::string before = action("2027-02-10", "auto_renew_off");
  // Notice 10: off from Mar 1 is in time for March (31 − 1 > 10): March is the only term.
  auto short_notice = run_script(account("monthly", "2027-03-01", true, before), "policy: {notice_days: 10}\n");
  CHECK(find(short_notice, "auto_renew_off").date == "2027-02-10");
  CHECK(find(short_notice, "auto_renew_off").rule == "N2");
  CHECK(count(short_notice, "rejected") == 0);
  CHECK(find(short_notice, "start").to == SubState::terminating);
  CHECK(count(short_notice, "renewal") == 0);
  CHECK(find(short_notice, "expiry").date == "2027-04-01");

  // Notice 30: Mar 31 − Mar 1 = 30 is not more than 30, so March renews once (N2), April ends.
  auto default_notice = run_script(account("monthly", "2027-03-01", true, before));
  CHECK(find(default_notice, "start").to == SubState::active);
  CHECK(find(default_notice, "renewal").rule == "N2");
  CHECK(find(default_notice, "expiry").date == "2027-05-01");

  // Ordered with auto_renew: false, the same as turning it off before the start.
  auto ordered_off = run_script(account("monthly", "2027-03-01", false), "policy: {notice_days: 10}\n");
  CHECK(find(ordered_off, "expiry").date == "2027-04-01");

  // Off then on again before the start: it renews as ordered.
  auto on_again = run_script(account("monthly", "2027-03-01", true,
                              before + action("2027-02-20", "auto_renew_on")));
  CHECK(count(on_again, "expiry") == 0);

  // Seats cannot be removed (or added) on a subscription that has not started: C2.
  auto seats = run_script(account("monthly", "2027-03-01", true,
                           "      - {date: 2027-02-10, action: remove_seats, subscription: s, seats: 2}\n"));
  CHECK(find(seats, "rejected").rule == "C2");
}
