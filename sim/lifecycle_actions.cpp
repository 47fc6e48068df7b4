// Lifecycle: the actions on a subscription in its term — auto-renew (N2, N3), seats (S1–S4),
// editions (S5, S6), renewal snafus (E5), reallocation (L1).
#include <algorithm>

#include "model/expiry.hpp"
#include "model/mixing.hpp"
#include "model/seats.hpp"
#include "sim/behaviour_driver.hpp"
#include "sim/lifecycle.hpp"

namespace subsim {

// An order held pending (a later start, an S4/S6 successor, an R3 hand-over) is an accepted
// order: its auto-renew is set now and takes effect from its start, like a scripted
// subscription's before its start (N2 applied to the first term; decision, docs/rules.md).
void Lifecycle::set_pending_auto_renew(Account& a, int slot, bool on, Date day) {
  Subscription& s = a.subs[slot];
  Before b = out_.before(s);
  s.auto_renew = on;
  out_.emit(a, slot, b, on ? EventKind::auto_renew_on : EventKind::auto_renew_off,
            on ? RuleId::N1 : RuleId::N2, day);
}

void Lifecycle::auto_renew_off(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  if (s.state == SubState::pending) return set_pending_auto_renew(a, slot, false, day);
  AutoRenewOffDecision d = decide_auto_renew_off(s, day, policy_);
  if (!d.decision) return reject(a, s.id, d.decision, day);
  Before b = out_.before(s);
  bool was_on = s.auto_renew;
  if (was_on) {
    s.auto_renew = false;
    s.off_day = day;
  }
  if (d.becomes_terminating) s.state = SubState::terminating;
  out_.emit(a, slot, b, EventKind::auto_renew_off, d.decision.rule, day);
  if (s.state != b.state) {
    schedule_lifecycle(a, slot, day);
  } else if (was_on) {
    announce_last_term_cutoff(a, slot, day);  // N2: too late for this term
  }
}

void Lifecycle::auto_renew_on(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  if (s.state == SubState::pending) return set_pending_auto_renew(a, slot, true, day);
  bool other = s.successor != kNoSlot && a.subs[s.successor].reseller != s.reseller;
  Decision d = decide_auto_renew_on(s, day, policy_, other);
  if (!d) return reject(a, s.id, d, day);
  Before b = out_.before(s);
  s.auto_renew = true;
  s.late_notice = false;
  s.state = SubState::active;
  out_.emit(a, slot, b, EventKind::auto_renew_on, d.rule, day);
  schedule_lifecycle(a, slot, day);  // also makes a pending notice cut-off moot
}

void Lifecycle::add_seats(Account& a, int slot, std::int32_t seats, std::optional<Edition> ed,
                          Date day) {
  Subscription& s = a.subs[slot];
  if (Decision d = check_add_seats(s, ed, policy_); !d) return reject(a, s.id, d, day);
  Cents charge = add_seats_charge(catalog_, s, day, seats, policy_);
  Before b = out_.before(s);
  add_exact(s.seats, seats, "the seats of a subscription");
  s.term_amount = price(s);
  out_.emit(a, slot, b, EventKind::seat_add, RuleId::S1, day, charge, charge, day,
            s.current_end());
}

void Lifecycle::remove_seats(Account& a, int slot, Date day) {
  const Subscription& s = a.subs[slot];
  reject(a, s.id, check_remove_seats(s), day);
}

void Lifecycle::upgrade(Account& a, int slot, Edition to, std::int32_t seats, Date day) {
  Subscription& s = a.subs[slot];
  if (seats <= 0) seats = s.seats;
  if (Decision d = check_upgrade(s, to, seats); !d) return reject(a, s.id, d, day);
  if (Decision d = check_mixing(a, to, s.basis, s.term, slot); !d) return reject(a, s.id, d, day);
  Cents charge = upgrade_charge(catalog_, s, day, to, seats, policy_);
  Before b = out_.before(s);
  s.unit_price = carried_unit_price(catalog_, s, to, s.term);
  s.edition = to;
  s.seats = seats;
  s.term_amount = price(s);
  out_.emit(a, slot, b, EventKind::upgrade, RuleId::S5, day, charge, charge, day, s.current_end());
}

void Lifecycle::downgrade(Account& a, int slot, Date day) {
  reject(a, a.subs[slot].id, check_downgrade(a.subs[slot]), day);
}

void Lifecycle::renewal_fails(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  if (Decision d = decide_renewal_fails(s); !d) return reject(a, s.id, d, day);
  s.renewal_snafu = true;  // fires at the term end as renewal_failed (E5)
}

void Lifecycle::fix_renewal(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Decision d = decide_fix_renewal(s);
  if (!d) return reject(a, s.id, d, day);
  switch (s.state) {
    case SubState::active:
    case SubState::terminating: {
      Before b = out_.before(s);
      s.renewal_snafu = false;
      out_.emit(a, slot, b, EventKind::renewal_fixed, RuleId::E5, day);
      return;
    }
    case SubState::grace: {
      // E2 via E5: the renewal goes through late, as if it had happened on X.
      Before b = out_.before(s);
      Date x = s.expiry_day;
      s.next_term();
      s.state = SubState::active;
      s.auto_renew = true;
      Cents amount = restore_through(s, day, catalog_);
      s.term_amount = price(s);
      out_.emit(a, slot, b, EventKind::restore, RuleId::E2, day, amount, amount, x,
                s.current_end());
      schedule_lifecycle(a, slot, day);
      term_started(a, slot, day);
      return;
    }
    case SubState::suspended: {
      Before b = out_.before(s);
      s.set_term(day, 0);
      s.auto_renew = true;
      price_new_order(s, catalog_, day);  // E3: a new order, at the list price of the day
      start_term(a, slot, b, EventKind::reactivation, RuleId::E3, day);
      return;
    }
    default: return;  // refused above
  }
}

void Lifecycle::reallocate(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  if (Decision d = check_reallocation(s); !d) return reject(a, s.id, d, day);
  Before b = out_.before(s);
  out_.emit(a, slot, b, EventKind::reallocation, RuleId::L1, day);
}

}  // namespace subsim
