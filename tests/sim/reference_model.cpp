#include "tests/sim/reference_model.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

namespace subsim::reference {

namespace {

using boost::gregorian::days;

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

// none: not ordered (yet); expiring: the last term ended today, the expiry is tomorrow;
// closed: the lineage moved on to a successor.
enum class State { none, pending, paid, expiring, grace, suspended, deleted, closed };

struct Sub {
  Spec spec;
  State state = State::none;
  int reseller = 0;
  Day anchor{};
  int n = 0;                  // the current term
  bool auto_renew = true;
  std::optional<Day> stop_at{};  // the term end at which renewals stop (N2)
  bool snafu = false;          // E5: the next renewal fails
  Day x{};                     // E1: the expiry day
  Day starts{};                // pending: the first day
  int pred = -1, succ = -1;    // S4/S6/R3: the lineage's old and new subscriptions
  bool declared_order = false;  // declared, starting in the run: an order on its start date
  std::int64_t unit = 0;        // P1: its own price per seat per month
  bool reached = false;         // P1: the price change has reached it (or passed it over)
  int waited = 0;               // P1: terms at the old price since the change could reach it

  Day first(int k) const { return months_later(anchor, k * spec.term_months); }
  Day last(int k) const { return months_later(anchor, (k + 1) * spec.term_months) - days(1); }
  int term_days() const { return (last(n) - first(n)).days() + 1; }
  std::int64_t price() const { return amount(unit, spec.term_months, spec.seats); }
  bool expired() const { return state == State::grace || state == State::suspended; }
};

class Walker {
 public:
  Walker(const Account& a, const Policy& p) : a_(a), p_(p), reseller_(a.reseller) {
    for (const Spec& s : a.subs) subs_.push_back(Sub{.spec = s});
  }

  std::vector<Happening> run(Day run_start, Day run_end) {
    for (std::size_t i = 0; i < subs_.size(); ++i) {
      Sub& s = subs_[i];
      if (!s.spec.declared || a_.trial_account) continue;
      s.reseller = a_.reseller;
      s.auto_renew = s.spec.auto_renew;
      if (s.spec.start < run_start) {  // in force on the first day: the term that contains it
        s.anchor = s.spec.start;
        s.unit = list(s.spec.edition, s.spec.term_months, false);  // invoiced before the run
        while (s.last(s.n) < run_start) ++s.n;
        s.state = State::paid;
        happen(run_start, "opening");
        if (!s.auto_renew) turn_off(s, run_start);
      } else {
        s.declared_order = true;
        s.starts = s.spec.start;
      }
    }
    for (Day d = run_start; d <= run_end; d += days(1)) day(d);
    std::sort(out_.begin(), out_.end());
    return out_;
  }

 private:
  void happen(Day d, const char* kind, const char* rule = "", std::int64_t amount = 0) {
    out_.push_back({d, kind, rule, amount});
  }

  // P1. The list price per seat per month, before or after the change.
  bool changes(int term_months) const {
    return p_.price && (term_months == 1 ? p_.price->monthly : p_.price->annual);
  }
  std::int64_t list(int edition, int term_months, bool after) const {
    const std::int64_t base = list_price(edition);
    return after && changes(term_months) ? (base * (100 + p_.price->percent) + 50) / 100 : base;
  }
  // A new order on day d pays the list of that day.
  void price_new(Sub& s, Day d) {
    s.reached = p_.price && d >= p_.price->date;
    s.waited = 0;
    s.unit = list(s.spec.edition, s.spec.term_months, s.reached);
  }
  // The lineage goes on (a successor, a restore): its price, by the lists' difference.
  void carry(Sub& s, const Sub& old) {
    s.reached = old.reached;
    s.waited = old.waited;
    s.unit = std::max<std::int64_t>(0, old.unit + list(s.spec.edition, s.spec.term_months, old.reached) -
                                           list(old.spec.edition, old.spec.term_months, old.reached));
  }
  // At a renewal into term n: the change reaches the term starting on or after date + notice,
  // after grandfather_terms such terms at the old price. A restore's terms (E2, as if renewed
  // on X) are priced the same way, without an event of their own (`announce` false).
  void reprice(Sub& s, Day d, bool announce = true) {
    if (!p_.price || s.reached) return;
    if (s.first(s.n) < p_.price->date + days(p_.price->notice_days)) return;
    if (!changes(s.spec.term_months)) {
      s.reached = true;
      return;
    }
    if (s.waited < p_.price->grandfather_terms) {
      ++s.waited;
      return;
    }
    const std::int64_t now = (s.unit * (100 + p_.price->percent) + 50) / 100;
    s.reached = true;
    if (now != s.unit && announce) happen(d, "price_change");
    s.unit = now;
  }

  // N2: auto-renew off on day d stops the renewal at the current term's end E only if
  // E − d > notice_days, else the next one.
  void turn_off(Sub& s, Day d) {
    s.stop_at = (s.last(s.n) - d).days() > p_.notice_days ? s.last(s.n) : s.last(s.n + 1);
  }
  // N3: "T" — auto-renew off and the current term is the last.
  static bool set_to_terminate(const Sub& s) {
    return s.state == State::paid && !s.auto_renew && s.stop_at && *s.stop_at == s.last(s.n);
  }
  // N3: the cut-off of the last term; back on is accepted up to it.
  Day cutoff_of_last_term(const Sub& s) const { return *s.stop_at - days(p_.notice_days + 1); }

  // R1: the end user is served by its reseller (a pending order, a paid term, grace, a trial).
  bool served_except(int skip) const {
    if (in_trial_) return true;
    for (int j = 0; j < static_cast<int>(subs_.size()); ++j) {
      State st = subs_[j].state;
      if (j != skip && (st == State::pending || st == State::paid || st == State::grace))
        return true;
    }
    return false;
  }
  // M2, M3 against every subscription still holding a place (not the one being replaced).
  const char* mixing(const Spec& want, int edition, int skip) const {
    for (int j = 0; j < static_cast<int>(subs_.size()); ++j) {
      const Sub& o = subs_[j];
      if (j == skip || o.state == State::none || o.state == State::deleted ||
          o.state == State::closed)
        continue;
      if (o.spec.basis != want.basis) return "M3";
      if (o.spec.edition == edition && o.spec.term_months != want.term_months) return "M2";
    }
    return nullptr;
  }

  void day(Day d) {
    // C3: deletion, grace end, expiry, pending starts, actions (in list order), term end.
    bool any_deleted = false;
    for (Sub& s : subs_)
      if (s.state == State::suspended && d == s.x + days(p_.deletion_days)) {
        s.state = State::deleted;
        any_deleted = true;
        happen(d, "deletion");
      }
    if (any_deleted && all_gone()) trial_used_ = false;  // E4: a new end user (T1)
    for (Sub& s : subs_)
      if (s.state == State::grace && d == s.x + days(p_.grace_days)) {
        s.state = State::suspended;
        happen(d, "grace_end");
      }
    for (Sub& s : subs_)
      if (s.state == State::expiring && d == s.x) {
        s.state = State::grace;
        happen(d, "expiry");
      }
    if (in_trial_ && d == trial_lapse_) {  // T1: an unconverted trial lapses at its end
      in_trial_ = false;
      happen(d, "trial_lapse");
    }
    for (int i = 0; i < static_cast<int>(subs_.size()); ++i)
      if (subs_[i].state == State::pending && d == subs_[i].starts) start_pending(i, d);
    for (Sub& s : subs_)  // declared subscriptions starting today: orders before the actions
      if (s.declared_order && d == s.starts) {
        s.declared_order = false;
        if (const char* m = mixing(s.spec, s.spec.edition, -1)) {
          happen(d, "rejected", m);
          continue;
        }
        s.reseller = reseller_;
        begin(s, d);
        price_new(s, d);
        happen(d, "start", "", s.price());
      }
    for (const Action& act : a_.actions) {
      if (act.date != d) continue;
      if (a_.federal && act.kind == "order") {  // F1: held for the special bid
        held_.push_back({d + days(p_.federal_bid_days), &act});
        continue;
      }
      apply(act, d);
    }
    for (const auto& [when, act] : held_) {  // after the day's own actions
      if (when != d) continue;
      if (p_.federal_approved)
        order(*act, d);
      else
        happen(d, "rejected", "F1");
    }
    for (Sub& s : subs_) term_end(s, d);
  }

  bool all_gone() const {
    for (const Sub& s : subs_)
      if (s.state != State::none && s.state != State::deleted && s.state != State::closed)
        return false;
    return true;
  }

  void term_end(Sub& s, Day d) {
    if (s.state != State::paid || d != s.last(s.n)) return;
    const bool renews = !s.stop_at || d != *s.stop_at;
    if (renews && s.snafu) {  // E5
      happen(d, "renewal_failed", "E5");
      s.snafu = false;
      s.state = State::expiring;
      s.x = d + days(1);
    } else if (renews) {  // N1, or N2 when only the late notice made it happen
      ++s.n;
      reprice(s, d);
      happen(d, "renewal", s.auto_renew ? "N1" : "N2", s.price());
    } else {  // E1
      s.state = State::expiring;
      s.x = d + days(1);
      s.stop_at.reset();
    }
  }

  // A term from `d`, anchored there (a start, a reactivation, a successor's first term).
  void begin(Sub& s, Day d) {
    s.anchor = d;
    s.n = 0;
    s.state = State::paid;
    s.stop_at.reset();
    if (!s.auto_renew) turn_off(s, d);  // off before the start: N2 from the first day
  }

  void start_pending(int i, Day d) {
    Sub& s = subs_[i];
    const char* kind = "start";
    if (s.pred < 0) price_new(s, d);
    if (s.pred >= 0) {  // S4/S6 at renewal, R3 hand-over: the lineage continues, no gap
      Sub& old = subs_[s.pred];
      carry(s, old);
      if (s.reseller != old.reseller)
        kind = "handover";
      else if (s.spec.edition < old.spec.edition)
        kind = "downgrade";
      old.succ = -1;
      if (old.expired()) old.state = State::closed;
    }
    reseller_ = s.reseller;
    begin(s, d);
    happen(d, kind, "", s.price());
  }

  void apply(const Action& act, Day d);
  void order(const Action& act, Day d);
  void order_with_legacy(const Action& act, int r, Day d);

  const Account& a_;
  const Policy& p_;
  std::vector<Sub> subs_;
  int reseller_;
  bool trial_used_ = false, in_trial_ = false;
  Day trial_lapse_;
  std::vector<std::pair<Day, const Action*>> held_;
  std::vector<Happening> out_;
};

void Walker::apply(const Action& act, Day d) {
  const std::string& k = act.kind;
  Sub& s = subs_[act.sub];
  if (k == "start_trial") {  // T1: one trial per end user
    if (trial_used_) return happen(d, "rejected", "T1");
    trial_used_ = in_trial_ = true;
    trial_lapse_ = d + days(p_.trial_days);
    return happen(d, "trial_start");
  }
  if (k == "convert_trial") {  // T1: the trial becomes the production order
    if (!in_trial_) return happen(d, "rejected", "T1");
    in_trial_ = false;
    s.reseller = reseller_;
    s.auto_renew = true;
    begin(s, d);
    price_new(s, d);
    return happen(d, "trial_convert", "", s.price());
  }
  if (k == "order") return order(act, d);
  switch (s.state) {
    case State::none:
      // Auto-renew of a declared subscription may be set before its start (docs/rules.md).
      if (s.declared_order && (k == "auto_renew_off" || k == "auto_renew_on")) {
        s.auto_renew = k == "auto_renew_on";
        return;
      }
      return happen(d, "rejected", "C2");  // the subscription does not exist (yet)
    case State::deleted:
      return happen(d, "rejected", "E4");
    case State::closed:
      return happen(d, "rejected", "E1");
    case State::pending:
      if (k == "auto_renew_off")
        s.auto_renew = false;
      else if (k == "auto_renew_on")
        s.auto_renew = true;
      else
        happen(d, "rejected", "C2");  // nothing to change before the start
      return;
    default:
      break;
  }
  if (k == "fix_renewal" && s.expired()) {
    if (s.state == State::grace) {  // E2: the term from X with the old anchor, paid now
      while (s.first(s.n) < s.x) {
        ++s.n;
        reprice(s, d, false);
      }
      s.state = State::paid;
      happen(d, "restore", "", s.price());
    } else {  // E3: reactivated, a new anchor on the day
      s.auto_renew = true;
      begin(s, d);
      price_new(s, d);
      happen(d, "reactivation", "", s.price());
    }
    s.snafu = false;
    // A restore or reactivation is an order: auto-renew is on again (decision, docs/rules.md).
    s.auto_renew = true;
    s.stop_at.reset();
  } else if (s.expired()) {
    happen(d, "rejected", "E1");
  } else if (k == "auto_renew_off") {
    if (s.auto_renew) {
      s.auto_renew = false;
      turn_off(s, d);
    }
  } else if (k == "auto_renew_on") {
    if (s.auto_renew) return;
    if (s.succ >= 0)  // a successor is ordered: R1 (another reseller's) or S4 (a reduction)
      happen(d, "rejected", subs_[s.succ].reseller != s.reseller ? "R1" : "S4");
    else if (d > cutoff_of_last_term(s))
      happen(d, "rejected", "N3");
    else {
      s.auto_renew = true;
      s.stop_at.reset();
    }
  } else if (k == "add_seats") {  // S1: the added seats' term price for the days left
    const int L = s.spec.term_months;
    happen(d, "seat_add", "",
           prorate(amount(s.unit, L, act.seats), (s.last(s.n) - d).days() + 1, s.term_days()));
    s.spec.seats += act.seats;
  } else if (k == "remove_seats") {
    happen(d, "rejected", s.spec.term_months == 12 ? "S3" : "S4");
  } else if (k == "upgrade") {  // S5: to a higher edition, the difference for the days left
    if (act.edition <= s.spec.edition) return happen(d, "rejected", "S5");
    if (const char* m = mixing(s.spec, act.edition, act.sub)) return happen(d, "rejected", m);
    const int L = s.spec.term_months;
    const std::int64_t unit = s.unit + list(act.edition, L, s.reached) - list(s.spec.edition, L, s.reached);
    std::int64_t diff = amount(unit, L, s.spec.seats) - s.price();
    s.spec.edition = act.edition;
    s.unit = unit;
    happen(d, "upgrade", "", prorate(diff, (s.last(s.n) - d).days() + 1, s.term_days()));
  } else if (k == "reallocate") {  // L1: no billing effect
    happen(d, "reallocation");
  } else if (k == "downgrade") {
    happen(d, "rejected", "S6");  // never mid-term (S6)
  } else if (k == "renewal_fails") {
    s.snafu = true;
  } else if (k == "fix_renewal") {
    // Accepted in a paid term even with nothing to fix (decision, docs/rules.md).
    happen(d, "renewal_fixed");
    s.snafu = false;
  }
}

// An order: a new subscription, or the continuation of the lineage it quotes.
void Walker::order(const Action& act, Day d) {
  const int r = act.reseller < 0 ? reseller_ : act.reseller;
  if (act.legacy >= 0 && subs_[act.legacy].state != State::deleted)
    return order_with_legacy(act, r, d);
  // E4: a deleted lineage is gone; quoting it is a brand-new order.
  Sub& s = subs_[act.sub];
  if (r != reseller_ && served_except(-1)) return happen(d, "rejected", "R1");
  if (const char* m = mixing(s.spec, s.spec.edition, -1)) return happen(d, "rejected", m);
  reseller_ = s.reseller = r;
  s.auto_renew = true;
  s.starts = act.start ? std::max(*act.start, d) : d;
  if (s.starts > d) {
    s.state = State::pending;
    return;
  }
  begin(s, d);
  price_new(s, d);
  happen(d, "start", "", s.price());
}

void Walker::order_with_legacy(const Action& act, int r, Day d) {
  Sub& s = subs_[act.sub];
  Sub& old = subs_[act.legacy];
  const bool other = r != reseller_;
  // S6 at renewal: an annual subscription is never downgraded (annual to annual).
  auto renewal_change_refused = [&] {
    return old.spec.term_months == 12 && s.spec.term_months == 12 &&
           s.spec.edition < old.spec.edition;
  };
  if (old.state == State::paid) {
    // A successor needs the old one set to terminate (R3 in advance, S4/S6 at renewal).
    if (!set_to_terminate(old)) return happen(d, "rejected", other ? "R3" : "S4");
    if (other && (!act.payer_path_change || old.succ >= 0)) return happen(d, "rejected", "R3");
    if (!other && old.succ >= 0) return happen(d, "rejected", "S4");
    if (other && served_except(act.legacy)) return happen(d, "rejected", "R1");
    if (renewal_change_refused()) return happen(d, "rejected", "S6");
    if (const char* m = mixing(s.spec, s.spec.edition, act.legacy))
      return happen(d, "rejected", m);
    s.state = State::pending;
    s.reseller = r;
    s.auto_renew = true;
    s.starts = *old.stop_at + days(1);
    s.pred = act.legacy;
    old.succ = act.sub;
    return;
  }
  if (old.expired()) {
    const bool restore = d < old.x + days(p_.grace_days);  // E2, else E3
    if (other && !act.payer_path_change) return happen(d, "rejected", "R2");
    if (!restore && !act.payer_path_change) return happen(d, "rejected", "E3");
    if (other && served_except(act.legacy)) return happen(d, "rejected", "R1");
    if (renewal_change_refused()) return happen(d, "rejected", "S6");
    if (const char* m = mixing(s.spec, s.spec.edition, act.legacy))
      return happen(d, "rejected", m);
    old.state = State::closed;
    reseller_ = s.reseller = r;
    s.auto_renew = true;
    s.state = State::paid;
    if (restore) {
      carry(s, old);
      // E2: as if it had renewed on X (the old anchor when the term type is the same); every
      // term from X to today is invoiced on the order day.
      if (s.spec.term_months == old.spec.term_months) {
        s.anchor = old.anchor;
        s.n = old.n + 1;
      } else {
        s.anchor = old.x;
        s.n = 0;
      }
      reprice(s, d, false);
      std::int64_t amount = s.price();
      while (s.last(s.n) < d) {
        ++s.n;
        reprice(s, d, false);
        amount += s.price();
      }
      happen(d, "restore", "", amount);
    } else {
      begin(s, d);
      price_new(s, d);
      happen(d, "reactivation", "", s.price());
    }
    if (other) happen(d, "handover");  // R2
    return;
  }
  // Nothing to continue: not ordered yet or not started (C2), closed (E1).
  happen(d, "rejected", old.state == State::pending || old.state == State::none ? "C2" : "E1");
}

}  // namespace

std::int64_t list_price(int edition) {
  static const std::int64_t kPrice[] = {400, 500, 600, 900};
  return kPrice[edition];
}

std::int64_t amount(std::int64_t unit, int term_months, std::int64_t seats) {
  std::int64_t list = unit * seats * term_months;
  return term_months == 1 ? list : (list * 9000 + 5000) / 10000;
}

std::int64_t term_price(int edition, int term_months, std::int64_t seats) {
  return amount(list_price(edition), term_months, seats);
}

std::vector<Happening> run(const Account& a, Day run_start, Day run_end, const Policy& p) {
  return Walker(a, p).run(run_start, run_end);
}

}  // namespace subsim::reference
