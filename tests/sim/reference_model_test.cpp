// The engine against the reference model (tests/sim/reference_model.hpp) on thousands of random
// scripted accounts: every lifecycle event where the rules decide, and every invoice, must agree
// to the day and the cent, and no scenario that validates may end in an internal error.
#include <doctest/doctest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "analysis/simulate.hpp"
#include "scenario/names.hpp"
#include "scenario/scenario_loader.hpp"
#include "tests/sim/reference_model.hpp"

using namespace subsim;
namespace ref = subsim::reference;

namespace {

const char* kEditions[] = {"essentials", "deluxe", "premier", "enterprise"};
const Date kStart(2027, 1, 1), kEnd(2028, 12, 31);

struct Generator {
  boost::random::mt19937 rng;
  int between(int lo, int hi) { return boost::random::uniform_int_distribution<int>(lo, hi)(rng); }
  Date day_in_run() { return add_days(kStart, between(0, days_between(kStart, kEnd))); }
  Date clamp(Date d) { return std::min(d, kEnd); }

  // In-term actions on subscription `sub`; `off`/`snafu` say what came before.
  void in_term_actions(ref::Account& a, int sub, int count, bool& off) {
    bool snafu = false;
    for (int i = 0; i < count; ++i) {
      ref::Action act;
      act.date = day_in_run();
      act.sub = sub;
      switch (between(0, 8)) {
        case 0:
        case 1:
          act.kind = "auto_renew_off";
          off = true;
          break;
        case 2:
          act.kind = off ? "auto_renew_on" : "auto_renew_off";
          off = true;
          break;
        case 3:
          act.kind = "add_seats";
          act.seats = between(1, 20);
          break;
        case 4:
          act.kind = "remove_seats";
          break;
        case 5:
          act.kind = "upgrade";
          act.edition = between(0, 3);
          break;
        case 6:
          act.kind = "downgrade";
          act.edition = between(0, 3);
          break;
        case 7:
          // A snafu and its fix, on a subscription whose auto-renew stays on.
          if (off || !a.subs[sub].auto_renew) continue;
          act.kind = snafu ? "fix_renewal" : "renewal_fails";
          snafu = true;
          break;
        default:
          act.kind = between(0, 1) ? "reallocate" : "add_seats";
          act.seats = 1;
          break;
      }
      a.actions.push_back(act);
    }
  }

  // An order: a new subscription (another edition, term or basis: M1–M3; another reseller: R1;
  // perhaps a later start) or one quoting s's legacy number, near a turn-off or a snafu of s so
  // that it meets s set to terminate, in grace, suspended or deleted (S4, S6, E2, E3, E4, R2, R3).
  void order(ref::Account& a, int k) {
    const ref::Spec s = a.subs[0];  // a copy: subs grows below
    ref::Spec n;
    n.id = "n" + std::to_string(k);
    n.declared = false;
    n.edition = between(0, 9) < 4 ? s.edition : between(0, 3);
    n.term_months = between(0, 1) ? 12 : 1;
    n.basis = between(0, 9) < 8 ? s.basis : 1 - s.basis;
    n.seats = between(0, 2) ? std::max(1, s.seats - between(0, 5)) : between(1, 50);
    a.subs.push_back(n);
    ref::Action o;
    o.kind = "order";
    o.sub = static_cast<int>(a.subs.size()) - 1;
    o.payer_path_change = between(0, 1);
    if (between(0, 99) < 35) o.reseller = 1;
    if (between(0, 9) < 6) {
      o.legacy = 0;
      ref::Action before{.date = day_in_run(),
                         .kind = between(0, 3) ? "auto_renew_off" : "renewal_fails"};
      if (before.kind == std::string("renewal_fails") && !s.auto_renew) before.kind = "auto_renew_off";
      a.actions.push_back(before);
      o.date = clamp(add_days(before.date, between(0, 110)));
    } else {
      o.date = day_in_run();
      if (between(0, 2) == 0) o.start = clamp(add_days(o.date, between(1, 60)));
    }
    a.actions.push_back(o);
    bool off = false;
    in_term_actions(a, o.sub, between(0, 2), off);
  }

  ref::Account account() {
    ref::Account a;
    ref::Spec& s = a.subs[0];
    s.term_months = between(0, 1) ? 12 : 1;
    s.edition = between(0, 2);
    s.basis = between(0, 9) == 0;
    s.seats = between(1, 50);
    s.auto_renew = between(0, 99) < 85;
    // In force since up to 2 years before the run, or starting in its first 20 months; a third
    // anchored on a month's last days (28 … 31), where C1's clamping matters.
    Date start = add_days(kStart, between(-760, 600));
    if (between(0, 2) == 0) {
      int last = boost::gregorian::gregorian_calendar::end_of_month_day(start.year(), start.month());
      start = Date(start.year(), start.month(), std::max(28, last - between(0, 3)));
    }
    s.start = start;
    std::vector<ref::Action> trial;
    const int kind = between(0, 9);
    if (kind < 2) {  // a trial account: a trial, perhaps converted, perhaps a second
      a.trial_account = true;
      s.auto_renew = true;
      s.declared = false;
      s.start = kStart;
      ref::Action t{.date = day_in_run(), .kind = "start_trial"};
      trial.push_back(t);
      if (between(0, 3) == 0) trial.push_back({.date = day_in_run(), .kind = "start_trial"});
      // The conversion declares the subscription: always there, sometimes too late (after the
      // lapse) or before the trial — then refused T1.
      Date c = between(0, 9) < 7 ? add_days(t.date, between(0, 40)) : day_in_run();
      trial.push_back({.date = clamp(c), .kind = "convert_trial"});
    }
    bool off = false;
    in_term_actions(a, 0, between(0, 6), off);
    if (kind >= 5) {  // orders; some end users are federal (their subscription in force already)
      if (kind == 9) {
        a.federal = true;
        if (s.start >= kStart) s.start = add_days(s.start, -720);
      }
      for (int k = 1, n = between(1, 2); k <= n; ++k) order(a, k);
    }
    a.actions.insert(a.actions.end(), trial.begin(), trial.end());
    // Dates in order; a fix after its snafu and auto_renew_on after an off keep their order.
    std::stable_sort(a.actions.begin(), a.actions.end(),
                     [](const ref::Action& x, const ref::Action& y) { return x.date < y.date; });
    auto fix_order = [&](const char* before, const char* after) {
      for (std::size_t i = 0; i < a.actions.size(); ++i)
        if (a.actions[i].kind == after) {
          bool seen = false;
          for (std::size_t j = 0; j < i; ++j)
            seen |= a.actions[j].kind == before && a.actions[j].sub == a.actions[i].sub;
          if (!seen) a.actions[i].kind = before;
        }
    };
    fix_order("renewal_fails", "fix_renewal");
    fix_order("auto_renew_off", "auto_renew_on");
    return a;
  }
};

const char* kResellers[] = {"north", "south"};

std::string spec_yaml(const ref::Spec& s) {
  return std::string("{id: ") + s.id + ", edition: " + kEditions[s.edition] +
         ", basis: " + (s.basis ? "per_user" : "per_device") +
         ", term: " + (s.term_months == 12 ? "annual" : "monthly") +
         ", seats: " + std::to_string(s.seats);
}

std::string yaml_of(const std::vector<ref::Account>& accounts, const ref::Policy& p) {
  std::ostringstream y;
  y << "name: reference\nseed: 1\nstart: " << format_iso(kStart) << "\nend: " << format_iso(kEnd)
    << "\nresellers: [north, south]\npolicy: {notice_days: " << p.notice_days
    << ", grace_days: " << p.grace_days << ", deletion_days: " << p.deletion_days
    << ", federal_bid_days: " << p.federal_bid_days
    << ", federal_approval: " << (p.federal_approved ? 1 : 0) << "}\n";
  if (p.price) {
    const ref::PriceChange& c = *p.price;
    char factor[16];
    std::snprintf(factor, sizeof factor, "%d.%02d", (100 + c.percent) / 100, (100 + c.percent) % 100);
    y << "catalog: {price_changes: [{date: " << format_iso(c.date) << ", factor: " << factor
      << ", notice_days: " << c.notice_days << ", grandfather_terms: " << c.grandfather_terms
      << ", terms: [" << (c.monthly ? "monthly" : "") << (c.monthly && c.annual ? ", " : "")
      << (c.annual ? "annual" : "") << "]}]}\n";
  }
  y << "accounts:\n";
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const ref::Account& a = accounts[i];
    y << "  - id: a" << i << "\n    reseller: " << kResellers[a.reseller] << "\n";
    if (a.federal) y << "    federal: true\n";
    bool any = false;
    for (const ref::Spec& s : a.subs) {
      if (!s.declared || a.trial_account) continue;
      if (!any) y << "    subscriptions:\n";
      any = true;
      y << "      - " << spec_yaml(s) << ", start: " << format_iso(s.start)
        << ", auto_renew: " << (s.auto_renew ? "true" : "false") << "}\n";
    }
    if (a.actions.empty()) continue;
    y << "    actions:\n";
    for (const ref::Action& act : a.actions) {
      y << "      - {date: " << format_iso(act.date) << ", action: " << act.kind;
      if (act.kind == "start_trial") {
        y << "}\n";
        continue;
      }
      if (act.kind == "convert_trial" || act.kind == "order") {
        y << ", subscription: " << spec_yaml(a.subs[act.sub]) << "}";
        if (act.legacy >= 0) y << ", legacy: " << a.subs[act.legacy].id;
        if (act.payer_path_change) y << ", payer_path_change: true";
        if (act.reseller >= 0) y << ", reseller: " << kResellers[act.reseller];
        if (act.start) y << ", start: " << format_iso(*act.start);
        y << "}\n";
        continue;
      }
      y << ", subscription: " << a.subs[act.sub].id;
      if (act.kind == "add_seats") y << ", seats: " << act.seats;
      if (act.kind == "remove_seats") y << ", seats: 1";
      if (act.kind == "upgrade" || act.kind == "downgrade") y << ", edition: " << kEditions[act.edition];
      y << "}\n";
    }
  }
  return y.str();
}

const std::set<std::string> kCompared = {
    "opening", "start",         "renewal", "renewal_failed", "renewal_fixed", "expiry",
    "grace_end", "deletion",    "seat_add", "upgrade",       "restore",       "reactivation",
    "rejected",  "reallocation", "trial_start", "trial_convert", "trial_lapse", "handover",
    "downgrade", "price_change"};

ref::Happening happening_of(const Event& e) {
  ref::Happening h{e.date, std::string(to_string(e.kind)), "", e.amount};
  if (e.kind == EventKind::rejected || e.kind == EventKind::renewal ||
      e.kind == EventKind::renewal_failed)
    h.rule = std::string(to_string(e.rule));
  return h;
}

std::string text_of(const std::vector<ref::Happening>& hs) {
  std::string s;
  for (const auto& h : hs)
    s += "    " + format_iso(h.date) + " " + h.kind + " " + h.rule + " " +
         (h.amount ? format_money(h.amount) : "") + "\n";
  return s;
}

// Runs `count` random accounts under `policy` through both; returns the number that disagree
// and adds the number of events compared to `compared`.
std::map<std::string, int> g_seen;  // "kind rule" → how often the reference produced it

int disagreements(std::uint32_t seed, int count, const ref::Policy& policy, std::size_t& compared) {
  Generator g{boost::random::mt19937(seed)};
  std::vector<ref::Account> accounts;
  for (int i = 0; i < count; ++i) accounts.push_back(g.account());
  const std::string yaml = yaml_of(accounts, policy);
  LoadResult loaded = load_scenario_text(yaml, "reference.yaml");
  for (const Diagnostic& d : loaded.errors) MESSAGE(d.format());
  REQUIRE(loaded.ok());
  const Scenario& sc = *loaded.scenario;
  SimulateOptions so;
  so.trace = true;
  SimulationResult r;
  REQUIRE_NOTHROW(r = simulate(sc, sc.policy, sc.seed, 1, so));  // never an internal error
  std::map<std::string, std::vector<ref::Happening>> engine;
  for (const Event& e : r.traces[0])
    if (kCompared.count(std::string(to_string(e.kind))))
      engine[account_name(sc, e.customer)].push_back(happening_of(e));
  int bad = 0;
  std::istringstream lines(yaml);
  for (int i = 0; i < count; ++i) {
    std::vector<ref::Happening> want = ref::run(accounts[i], kStart, kEnd, policy);
    std::vector<ref::Happening> got = engine["a" + std::to_string(i)];
    std::sort(got.begin(), got.end());
    compared += want.size();
    for (const ref::Happening& h : want) ++g_seen[h.kind + (h.rule.empty() ? "" : " " + h.rule)];
    if (want == got) continue;
    if (++bad <= 5) {
      std::string acc = yaml.substr(yaml.find("  - id: a" + std::to_string(i) + "\n"));
      acc = acc.substr(0, acc.find("\n  - id: ", 1));
      MESSAGE("account a" << i << " disagrees:\n" << acc << "\n  engine:\n"
                          << text_of(got) << "  reference:\n"
                          << text_of(want));
    }
  }
  return bad;
}

}  // namespace

TEST_CASE("reference model: the C1 dates of the reference agree with the FAQ's month-end example") {
  // Anchor Jan 31, monthly, auto-renew on: renewals on Feb 27 (Feb 28 … Mar 30), Mar 30, Apr 29.
  ref::Account a;
  a.subs[0].start = Date(2027, 1, 31);
  auto h = ref::run(a, Date(2027, 1, 1), Date(2027, 4, 30), {});
  std::vector<std::string> renewals;
  for (const auto& x : h)
    if (x.kind == "renewal") renewals.push_back(format_iso(x.date));
  CHECK(renewals == std::vector<std::string>{"2027-02-27", "2027-03-30", "2027-04-29"});
}

TEST_CASE("reference model: the engine agrees on 6,000 random accounts under six policies, two with a price change (P1)") {
  std::size_t compared = 0;
  CHECK(disagreements(1, 1000, {30, 15, 60}, compared) == 0);
  CHECK(disagreements(2, 1000, {0, 1, 60}, compared) == 0);
  CHECK(disagreements(3, 1000, {45, 30, 90}, compared) == 0);
  CHECK(disagreements(4, 1000, {30, 15, 60, 30, 10, false}, compared) == 0);  // bids refused
  // P1: a rise with notice and grandfathered terms inside the run; a cut of monthly prices
  // dated before it (reaching the book at its first renewal).
  ref::Policy rise{30, 15, 60};
  rise.price = ref::PriceChange{Date(2027, 6, 15), 7, 45, 2, true, true};
  CHECK(disagreements(5, 1000, rise, compared) == 0);
  ref::Policy cut{30, 15, 60};
  cut.price = ref::PriceChange{Date(2026, 11, 1), -5, 0, 0, true, false};
  CHECK(disagreements(6, 1000, cut, compared) == 0);
  MESSAGE(compared << " events compared");
  // The comparison reaches every path of orders and hand-overs, not only the quiet ones.
  for (const char* path :
       {"handover", "downgrade", "restore", "reactivation", "start", "price_change", "rejected R1", "rejected R2",
        "rejected R3", "rejected S4", "rejected S6", "rejected M2", "rejected M3", "rejected E3",
        "rejected F1", "rejected C2", "rejected E4", "rejected N3", "trial_convert"}) {
    INFO(path);
    CHECK(g_seen[path] >= 3);
  }
  std::string tally;
  for (const auto& [k, n] : g_seen) tally += k + ": " + std::to_string(n) + ", ";
  MESSAGE(tally);
  CHECK(compared > 20000);  // the accounts live: renewals, expiries, deletions, invoices
  // More seeds on demand: SUBSIM_REFERENCE_SEEDS=N runs N more batches of 1,000.
  if (const char* more = std::getenv("SUBSIM_REFERENCE_SEEDS"))
    for (int s = 0; s < std::atoi(more); ++s)
      CHECK(disagreements(100 + s, 1000, {s % 40, 1 + s % 20, 60 + s % 30}, compared) == 0);
}
