#include "tests/sim/reference_model.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

namespace subsim::reference {

namespace {

// C1, written out: the same day-of-month `k` months later, or that month's last day.
Day months_later(Day anchor, int k) {
  int y = anchor.year(), m = anchor.month() - 1 + k;
  y += m / 12;
  m = m % 12 + 1;
  int last = boost::gregorian::gregorian_calendar::end_of_month_day(y, m);
  return Day(y, m, std::min<int>(anchor.day(), last));
}

std::int64_t prorate(std::int64_t amount, std::int64_t part, std::int64_t whole) {
  return (amount * part + whole / 2) / whole;
}

enum class State { pending, paid, expiring, grace, suspended, deleted, none };

}  // namespace

std::int64_t term_price(int edition, int term_months, std::int64_t seats) {
  static const std::int64_t kPrice[] = {400, 500, 600, 900};
  std::int64_t list = kPrice[edition] * seats * term_months;
  return term_months == 1 ? list : (list * 9000 + 5000) / 10000;
}

std::vector<Happening> run(const Account& a, Day run_start, Day run_end, const Policy& p) {
  std::vector<Happening> out;
  auto happen = [&](Day d, const char* kind, const char* rule = "", std::int64_t amount = 0) {
    out.push_back({d, kind, rule, amount});
  };
  const int L = a.term_months;
  Day anchor = a.start;
  int n = 0;  // the current term
  auto first = [&](int k) { return months_later(anchor, k * L); };
  auto last = [&](int k) { return months_later(anchor, (k + 1) * L) - boost::gregorian::days(1); };
  auto term_days = [&] { return (last(n) - first(n)).days() + 1; };

  // A trial account has no subscription until its trial converts.
  State state = a.trial_account ? State::none : State::pending;
  bool trial_used = false, in_trial = false;
  Day trial_lapse;
  int edition = a.edition;
  std::int64_t seats = a.seats;
  bool auto_renew = a.auto_renew;
  std::optional<Day> stop_at;    // the term end at which renewals stop (N2)
  bool snafu = false;            // E5: the next renewal fails
  Day x;                         // E1: the expiry day

  // N2: auto-renew off on day d stops the renewal at the current term's end E only if
  // E − d > notice_days, else the next one.
  auto turn_off = [&](Day d) {
    const int left = (last(n) - d).days();
    stop_at = left > p.notice_days ? last(n) : last(n + 1);
  };
  // N3: the cut-off of the last term; back on is accepted up to it.
  auto cutoff_of_last_term = [&] { return *stop_at - boost::gregorian::days(p.notice_days + 1); };

  if (a.start < run_start) {  // in force on the first day: the term that contains it
    while (last(n) < run_start) ++n;
    state = State::paid;
    happen(run_start, "opening");
    if (!auto_renew) turn_off(run_start);
  }

  for (Day d = run_start; d <= run_end; d += boost::gregorian::days(1)) {
    // C3: deletion, grace end, expiry, pending starts, actions (in list order), term end.
    if (state == State::suspended && d == x + boost::gregorian::days(p.deletion_days)) {
      state = State::deleted;
      trial_used = false;  // E4: the account is gone; coming back is a new end user (T1)
      happen(d, "deletion");
    }
    if (state == State::grace && d == x + boost::gregorian::days(p.grace_days)) {
      state = State::suspended;
      happen(d, "grace_end");
    }
    if (state == State::expiring && d == x) {
      state = State::grace;
      happen(d, "expiry");
    }
    if (in_trial && d == trial_lapse) {  // T1: an unconverted trial lapses at its end
      in_trial = false;
      happen(d, "trial_lapse");
    }
    if (!a.trial_account && state == State::pending && d == a.start) {
      state = State::paid;
      n = 0;
      happen(d, "start", "", term_price(edition, L, seats));
      if (!auto_renew) turn_off(d);  // off before the start: N2 from the first day
    }
    for (const Action& act : a.actions) {
      if (act.date != d) continue;
      const std::string& k = act.kind;
      const bool expired = state == State::grace || state == State::suspended;
      if (k == "start_trial") {  // T1: one trial per end user
        if (trial_used) {
          happen(d, "rejected", "T1");
        } else {
          trial_used = in_trial = true;
          trial_lapse = d + boost::gregorian::days(p.trial_days);
          happen(d, "trial_start");
        }
      } else if (k == "convert_trial") {  // T1: the trial becomes the production order
        if (!in_trial) {
          happen(d, "rejected", "T1");
        } else {
          in_trial = false;
          anchor = d;
          n = 0;
          state = State::paid;
          happen(d, "trial_convert", "", term_price(edition, L, seats));
          if (!auto_renew) turn_off(d);
        }
      } else if (state == State::none) {
        happen(d, "rejected", "C2");  // the subscription does not exist (yet)
      } else if (state == State::deleted) {
        happen(d, "rejected", "E4");
      } else if (state == State::pending) {
        if (k == "auto_renew_off") {
          auto_renew = false;
        } else if (k == "auto_renew_on") {
          auto_renew = true;
        } else {
          happen(d, "rejected", "C2");  // nothing to change before the start
        }
      } else if (k == "fix_renewal" && expired) {
        if (state == State::grace) {  // E2: the term from X with the old anchor, paid now
          while (first(n) < x) ++n;
          state = State::paid;
          happen(d, "restore", "", term_price(edition, L, seats));
        } else {  // E3: reactivated, a new anchor on the day
          anchor = d;
          n = 0;
          state = State::paid;
          happen(d, "reactivation", "", term_price(edition, L, seats));
        }
        snafu = false;
        // A restore or reactivation is an order: auto-renew is on again (decision, docs/rules.md).
        auto_renew = true;
        stop_at.reset();
      } else if (expired) {
        happen(d, "rejected", "E1");
      } else if (k == "auto_renew_off") {
        if (auto_renew) {
          auto_renew = false;
          turn_off(d);
        }
      } else if (k == "auto_renew_on") {
        if (!auto_renew) {
          if (d > cutoff_of_last_term()) {
            happen(d, "rejected", "N3");
          } else {
            auto_renew = true;
            stop_at.reset();
          }
        }
      } else if (k == "add_seats") {  // S1: the added seats' term price for the days left
        std::int64_t charge =
            prorate(term_price(edition, L, act.seats), (last(n) - d).days() + 1, term_days());
        seats += act.seats;
        happen(d, "seat_add", "", charge);
      } else if (k == "remove_seats") {
        happen(d, "rejected", L == 12 ? "S3" : "S4");
      } else if (k == "upgrade") {  // S5: to a higher edition, the difference for the days left
        if (act.edition <= edition) {
          happen(d, "rejected", "S5");
        } else {
          std::int64_t diff =
              term_price(act.edition, L, seats) - term_price(edition, L, seats);
          edition = act.edition;
          happen(d, "upgrade", "", prorate(diff, (last(n) - d).days() + 1, term_days()));
        }
      } else if (k == "reallocate") {  // L1: no billing effect
        happen(d, "reallocation");
      } else if (k == "downgrade") {
        happen(d, "rejected", "S6");  // never mid-term (S6)
      } else if (k == "renewal_fails") {
        snafu = true;
      } else if (k == "fix_renewal") {
        // Accepted in a paid term even with nothing to fix, like auto-renew off when already off
        // (decision, docs/rules.md: an action that changes nothing still shows as its event).
        happen(d, "renewal_fixed");
        snafu = false;
      }
    }
    if (state == State::paid && d == last(n)) {
      const bool renews = !stop_at || d != *stop_at;
      if (renews && snafu) {  // E5
        happen(d, "renewal_failed", "E5");
        snafu = false;
        state = State::expiring;
        x = d + boost::gregorian::days(1);
      } else if (renews) {  // N1, or N2 when only the late notice made it happen
        ++n;
        happen(d, "renewal", auto_renew ? "N1" : "N2", term_price(edition, L, seats));
      } else {  // E1
        state = State::expiring;
        x = d + boost::gregorian::days(1);
        stop_at.reset();
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace subsim::reference
