// Lifecycle: the clock's events and the orders (new, continuing a lineage, opening, trials).
// The in-term actions are in lifecycle_actions.cpp.
#include "sim/lifecycle.hpp"

#include <algorithm>

#include "model/expiry.hpp"
#include "model/mixing.hpp"
#include "model/pricing.hpp"
#include "model/reseller.hpp"
#include "model/seats.hpp"
#include "model/trial.hpp"
#include "sim/behaviour_driver.hpp"

namespace subsim {

void Lifecycle::schedule_lifecycle(Account& a, int slot, Date today) {
  Subscription& s = a.subs[slot];
  if (in_paid_term(s.state)) return schedule_term_events(a, slot, today);
  std::uint32_t gen = bump_gen(s);
  switch (s.state) {
    case SubState::grace:
      clock_.schedule(grace_end_day(s.expiry_day, policy_), QueueKind::grace_end, a, slot, 0, gen);
      break;
    case SubState::suspended:
      clock_.schedule(deletion_day(s.expiry_day, policy_), QueueKind::deletion, a, slot, 0, gen);
      break;
    case SubState::pending:
      clock_.schedule(s.anchor, QueueKind::pending_start, a, slot, 0, gen);
      break;
    case SubState::trial:
      clock_.schedule(trial_lapse_day(s.anchor, policy_.trial_days), QueueKind::trial_lapse, a,
                      slot, 0, gen);
      break;
    default:
      break;
  }
}

// What keeps the renewals of terms k + 1 … next_decision certain: a synthetic customer (its
// future is its own draws), not federal (F1 holds), alone in its account (every other
// subscription over and no come-back, follow-up or conversion queued: no order can reach it,
// M1–M3), active with auto-renew on and no snafu, no price change or
// promotion left to reach it (P1), term k quiet (behaviour draws nothing before term
// next_decision, and every intent of an earlier term fired before its end, C3), the renewals
// inside the horizon. The run ends in the eventful term itself: its decisions are drawn now
// (term_started), from that term's own stream — the same draws as on its eve — and their
// intents queued on their days inside it.
bool Lifecycle::renews_unchanged(const Account& a, int slot) const {
  const Subscription& s = a.subs[slot];
  return a.alone(slot) && !a.federal && synthetic(a) && s.state == SubState::active &&
         s.auto_renew && !s.renewal_snafu && !may_reprice(catalog_, s);
}

void Lifecycle::skip_quiet_terms(Account& a, int slot) {
  Subscription& s = a.subs[slot];
  if (s.next_decision <= s.term_index || !renews_unchanged(a, slot)) return;
  // The renewal into term j falls on its eve, the last day of term j − 1: inside the horizon
  // while term j starts on or before the day after its last (C1 from the cached anchor).
  const int last_renewal =
      term_index_on(s.anchor_civil, s.term, clock_.after_last(), clock_.after_last_civil());
  const int target = std::min<int>(s.next_decision, last_renewal);
  if (target <= s.term_index) return;
  out_.run(a, slot, target - s.term_index);
  s.jump_to_term(target);
}

bool Lifecycle::term_started(Account& a, int slot, Date day, double price_rise) {
  return synthetic(a) && behaviour_->on_term_start(a, slot, day, price_rise);
}

// The decisions first, then the term end: they go to other buckets of the queue (intents, term
// ends), so the order of what each bucket holds is the same as the other way round.
void Lifecycle::begin_term_in_run(Account& a, int slot, Date day) {
  const bool seat_add_only = term_started(a, slot, day);
  Subscription& s = a.subs[slot];
  if (seat_add_only && renews_unchanged(a, slot)) {
    bump_gen(s);  // what schedule_term_events does besides queueing the term end
    s.renew_on_seat_add = true;
    return;
  }
  schedule_term_events(a, slot, day);
}

// The term's end renews it unchanged (nothing else can reach it, its one decision has come):
// the renewal into the next term is the first of a run. Only if none falls inside the horizon
// (or, which cannot happen, something else did reach it) is its term end queued as usual.
void Lifecycle::renew_after_seat_add(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  if (!s.renew_on_seat_add) return;
  s.renew_on_seat_add = false;
  const int term = s.term_index;
  skip_quiet_terms(a, slot);
  if (s.term_index == term) return schedule_term_events(a, slot, day);
  begin_term_in_run(a, slot, day);
}

// Built in place: a copy from the stack re-read the fields just written narrow as wide words,
// which stalls the loads (store forwarding fails): 7 % of a one-year bench.
int Lifecycle::new_slot(Account& a, const Order& o, Lineage lineage) {
  const int slot = static_cast<int>(a.subs.size());
  Subscription& s = a.subs.emplace_back();
  s.lineage = lineage;
  s.edition = o.edition;
  s.basis = o.basis;
  s.term = o.term;
  s.seats = o.seats;
  s.reseller = o.reseller;
  s.auto_renew = o.auto_renew;
  s.unit_price = o.unit_price;  // its own price, or -1: the list when it starts (P1)
  s.id = static_cast<std::int16_t>(o.id >= 0 ? o.id : slot);
  return slot;
}

// ---------------------------------------------------------------- the clock's events

void Lifecycle::on_term_end(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  TermEndDecision d = decide_term_end(s, policy_);
  switch (d.outcome) {
    case TermEndOutcome::renew:
    case TermEndOutcome::renew_late_notice: {
      Before b = out_.before(s);
      s.next_term();
      // P1: a price change reaches it at this term (one compare when there is none left).
      double rise = 0;
      // (Otherwise the term costs what the last one did: term_amount is kept by every change.)
      if (may_reprice(catalog_, s)) [[unlikely]]
        b = reprice_at_renewal(a, slot, b, day, rise);
      s.late_notice = d.outcome == TermEndOutcome::renew_late_notice;
      // N3: auto-renew is off, so the new term is set to terminate from its first day.
      if (s.late_notice) s.state = SubState::terminating;
      out_.emit(a, slot, b, EventKind::renewal, d.rule, day, s.term_amount, s.term_amount,
                s.current_start(), s.current_end());
      if (runs_ && rise == 0) {
        skip_quiet_terms(a, slot);
        begin_term_in_run(a, slot, day);
        break;
      }
      schedule_term_events(a, slot, day);
      term_started(a, slot, day, rise);
      break;
    }
    case TermEndOutcome::fail: {
      Before b = out_.before(s);
      out_.emit(a, slot, b, EventKind::renewal_failed, RuleId::E5, day);
      clock_.schedule(expiry_day(day), QueueKind::expiry, a, slot, 0, s.gen);
      break;
    }
    case TermEndOutcome::end:
      clock_.schedule(expiry_day(day), QueueKind::expiry, a, slot, 0, s.gen);
      break;
  }
}

void Lifecycle::on_notice_cutoff(Account& a, int slot, Date day) {
  Before b = out_.before(a.subs[slot]);
  out_.emit(a, slot, b, EventKind::notice_cutoff, RuleId::N3, day);
}

void Lifecycle::on_expiry(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Before b = out_.before(s);
  s.state = SubState::grace;
  s.expiry_day = day;
  // A snafu has bitten (E5): its fix is already on its way, nobody is leaving.
  bool snafu = s.renewal_snafu;
  s.renewal_snafu = false;
  out_.emit(a, slot, b, EventKind::expiry, RuleId::E1, day);
  schedule_lifecycle(a, slot, day);
  if (synthetic(a) && s.successor == kNoSlot && !snafu && !s.switching)
    behaviour_->on_lost(a, slot, day);
}

void Lifecycle::on_grace_end(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Before b = out_.before(s);
  s.state = SubState::suspended;
  out_.emit(a, slot, b, EventKind::grace_end, RuleId::E2, day);
  schedule_lifecycle(a, slot, day);
}

void Lifecycle::on_deletion(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Before b = out_.before(s);
  s.state = SubState::deleted;
  out_.emit(a, slot, b, EventKind::deletion, RuleId::E4, day);
  a.forget_if_all_deleted();
}

void Lifecycle::on_trial_lapse(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Before b = out_.before(s);
  s.state = SubState::lapsed_trial;
  out_.emit(a, slot, b, EventKind::trial_lapse, RuleId::T1, day);
}

void Lifecycle::on_pending_start(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  int pred = s.predecessor;
  RuleId rule = RuleId::C2;
  EventKind kind = EventKind::start;
  if (pred != kNoSlot) {
    Subscription& p = a.subs[pred];
    bool other_reseller = s.reseller != p.reseller;
    rule = other_reseller ? RuleId::R3 : RuleId::S4;
    if (other_reseller) kind = EventKind::handover;
    // S6: a monthly downgrade happens at the next cycle through the S4 steps.
    else if (s.edition < p.edition) {
      kind = EventKind::downgrade;
      rule = RuleId::S6;
    }
    p.successor = kNoSlot;
    if (p.state == SubState::grace || p.state == SubState::suspended)
      close_lineage(a, pred, other_reseller ? RuleId::R3 : RuleId::S4, day);
  }
  a.reseller = s.reseller;
  s.set_term(day, 0);
  if (pred == kNoSlot) price_new_order(s, catalog_, day, s.unit_price);  // a successor kept its own
  Before b = out_.before(s);
  start_term(a, slot, b, kind, rule, day);
}

Before Lifecycle::reprice_at_renewal(Account& a, int slot, Before b, Date day, double& rise) {
  Subscription& s = a.subs[slot];
  const TermPriceDecision d = decide_term_price(s, catalog_);
  apply_term_price(s, d);
  if (!d.changed()) return b;
  if (d.paid_before > 0 && d.paid_after > d.paid_before)
    rise = static_cast<double>(d.paid_after - d.paid_before) / static_cast<double>(d.paid_before);
  s.term_amount = price(s);
  out_.emit(a, slot, b, EventKind::price_change, d.rule, day);
  return out_.before(s);
}

// Starts the subscription's current term now: invoiced in full, recognised over the term.
void Lifecycle::start_term(Account& a, int slot, Before b, EventKind kind, RuleId rule, Date day) {
  Subscription& s = a.subs[slot];
  enter_term_state(s, day);
  s.term_amount = price(s);
  out_.emit(a, slot, b, kind, rule, day, s.term_amount, s.term_amount, s.current_start(),
            s.current_end());
  schedule_lifecycle(a, slot, day);
  announce_last_term_cutoff(a, slot, day);
  term_started(a, slot, day);
}

void Lifecycle::enter_term_state(Subscription& s, Date off_day) const {
  s.late_notice = false;
  if (s.auto_renew) {
    s.state = SubState::active;
    return;
  }
  s.off_day = off_day;
  s.state = state_with_auto_renew_off(s, off_day, policy_);
}

void Lifecycle::announce_last_term_cutoff(Account& a, int slot, Date day) {
  const Subscription& s = a.subs[slot];
  if (s.state != SubState::active || s.auto_renew) return;
  queue_cutoff(a, slot, std::max(day, next_term_cutoff(s, policy_)), s.gen);
}

void Lifecycle::close_lineage(Account& a, int slot, RuleId rule, Date day) {
  Subscription& s = a.subs[slot];
  Before b = out_.before(s);
  s.state = SubState::closed;
  bump_gen(s);
  out_.emit(a, slot, b, EventKind::close, rule, day);
}

// ---------------------------------------------------------------- orders

void Lifecycle::place_order(Account& a, Order o, Date day) {
  if (o.reseller == kNoReseller) o.reseller = a.reseller;
  OrderDecision d = decide_order(a, o, policy_, day);
  if (!d.decision) return reject(a, o.id, d.decision, day);
  switch (d.path) {
    case OrderPath::successor: return order_successor(a, o, d.decision.rule, day);
    case OrderPath::continuation: return order_continuation(a, o, d.continuation, day);
    case OrderPath::new_lineage: break;
  }
  o.legacy = kNoSlot;  // E4: a lineage already deleted is gone; this is a brand-new order
  a.reseller = o.reseller;
  int slot = new_slot(a, o, a.new_lineage());
  out_.note(a, a.subs[slot].id, EventKind::order, d.decision.rule, day);
  Subscription& s = a.subs[slot];
  Date start = o.start ? std::max(*o.start, day) : day;
  if (start > day) {
    s.set_term(start, 0);
    out_.emit(a, slot, Emitter::before_new(), EventKind::pending, RuleId::C2, day);
    schedule_lifecycle(a, slot, day);
    return;
  }
  s.set_term(day, 0);
  price_new_order(s, catalog_, day, o.unit_price);
  start_term(a, slot, Emitter::before_new(), EventKind::start, RuleId::C1, day);
}

// S4 reduction / R3 advance hand-over: pending from the old subscription's expiry day.
void Lifecycle::order_successor(Account& a, const Order& o, RuleId rule, Date day) {
  int lslot = o.legacy;
  Date x = expiry_day(a.subs[lslot].current_end());
  int slot = new_slot(a, o, a.subs[lslot].lineage);
  Subscription& s = a.subs[slot];
  carry_price(s, a.subs[lslot]);
  if (s.promo_left > 0) --s.promo_left;  // its first term is the lineage's next
  s.predecessor = static_cast<std::int16_t>(lslot);
  s.set_term(x, 0);
  a.subs[lslot].successor = static_cast<std::int16_t>(slot);
  out_.note(a, s.id, EventKind::order, rule, day);
  out_.emit(a, slot, Emitter::before_new(), EventKind::pending, rule, day);
  schedule_lifecycle(a, slot, day);
}

// E2 restore / E3 reactivation (R2 when another reseller takes it over) of an expired lineage.
void Lifecycle::order_continuation(Account& a, const Order& o, ContinuationDecision c, Date day) {
  int lslot = o.legacy;
  bool other = o.reseller != a.reseller;
  const Subscription old = a.subs[lslot];
  Date x = old.expiry_day;
  Date old_anchor = old.anchor;
  TermType old_term = old.term;
  int old_index = old.term_index;
  Lineage lineage = old.lineage;
  close_lineage(a, lslot, other ? RuleId::R2 : c.rule, day);
  a.reseller = o.reseller;
  int slot = new_slot(a, o, lineage);
  Subscription& s = a.subs[slot];
  out_.note(a, s.id, EventKind::order, c.rule, day);
  if (c.how == Continuation::restore) {
    // E2: as if it had renewed on X with the old anchor; invoiced on the order day.
    if (o.term == old_term)
      s.set_term(old_anchor, old_index + 1);
    else
      s.set_term(x, 0);
    carry_price(s, old);  // a grace save keeps the lineage's own price
    enter_term_state(s, day);
    Cents amount = restore_through(s, day, catalog_);
    s.term_amount = price(s);
    out_.emit(a, slot, Emitter::before_new(), EventKind::restore, RuleId::E2, day, amount, amount,
              x, s.current_end());
    schedule_lifecycle(a, slot, day);
    announce_last_term_cutoff(a, slot, day);
    term_started(a, slot, day);
  } else {
    s.set_term(day, 0);
    price_new_order(s, catalog_, day);  // E3: a new order, at the list price of the day
    start_term(a, slot, Emitter::before_new(), EventKind::reactivation, RuleId::E3, day);
  }
  if (other) out_.note(a, s.id, EventKind::handover, RuleId::R2, day);
}

int Lifecycle::open_in_force(Account& a, const Order& o, Date anchor, int term_index, Date day,
                              std::optional<Date> off_day) {
  Order own = o;
  own.reseller = a.reseller;
  int slot = new_slot(a, own, a.new_lineage());
  Subscription& s = a.subs[slot];
  s.set_term(anchor, term_index);
  price_opening(s, catalog_, o.unit_price, o.opening_amount);
  // In force with auto-renew off: off as of `off_day` (a book says when) or the run's first day
  // (nothing says when before), so N2/N3 decide whether this term or the next is the last.
  enter_term_state(s, off_day.value_or(day));
  s.term_amount = o.opening_amount >= 0 ? o.opening_amount : price(s);
  RuleId rule = s.auto_renew ? RuleId::C1
                : s.state == SubState::terminating ? RuleId::N3
                                                   : RuleId::N2;
  out_.emit(a, slot, Emitter::before_new(), EventKind::opening, rule, day, 0, s.term_amount,
            s.current_start(), s.current_end());
  schedule_lifecycle(a, slot, day);
  announce_last_term_cutoff(a, slot, day);
  term_started(a, slot, day);
  return slot;
}

int Lifecycle::new_expired_slot(Account& a, const Order& o, Date anchor, Date x) {
  Order own = o;
  own.reseller = a.reseller;
  own.auto_renew = false;
  int slot = new_slot(a, own, a.new_lineage());
  Subscription& s = a.subs[slot];
  s.set_term(anchor, term_index_on(anchor, o.term, add_days(x, -1)));  // the last paid term
  s.expiry_day = x;
  return slot;
}

int Lifecycle::open_expired(Account& a, const Order& o, Date anchor, Date x, Date day) {
  const int slot = new_expired_slot(a, o, anchor, x);
  Subscription& s = a.subs[slot];
  price_opening(s, catalog_, o.unit_price, o.opening_amount);
  s.term_amount = o.opening_amount >= 0 ? o.opening_amount : price(s);
  // E2: service (and MRR) is kept through grace; after it the subscription is suspended.
  const bool grace = day < grace_end_day(x, policy_);
  s.state = grace ? SubState::grace : SubState::suspended;
  // Nothing left to recognise; the event carries the expiry day X (rev_from = rev_to = X).
  out_.emit(a, slot, Emitter::before_new(), EventKind::opening, grace ? RuleId::E1 : RuleId::E2,
            day, 0, 0, x, x);
  schedule_lifecycle(a, slot, day);
  return slot;
}

int Lifecycle::open_lost(Account& a, const Order& o, Date anchor, Date x) {
  const int slot = new_expired_slot(a, o, anchor, x);
  a.subs[slot].state = SubState::deleted;  // before the run: nothing to observe, nothing to schedule
  a.forget_if_all_deleted();
  return slot;
}

void Lifecycle::start_trial(Account& a, const Order& o, Date day) {
  if (Decision d = check_start_trial(a); !d) return reject(a, o.id, d, day);
  Order trial = o;
  trial.term = TermType::monthly;
  trial.reseller = a.reseller;
  trial.auto_renew = true;
  int slot = new_slot(a, trial, 0);
  a.trial_used = true;
  Subscription& s = a.subs[slot];
  s.state = SubState::trial;
  s.set_term(day, 0);
  out_.emit(a, slot, Emitter::before_new(), EventKind::trial_start, RuleId::T1, day);
  schedule_lifecycle(a, slot, day);
}

void Lifecycle::convert_trial(Account& a, int slot, Order o, Date day) {
  if (slot < 0) {
    for (int i = 0; i < static_cast<int>(a.subs.size()); ++i)
      if (a.subs[i].state == SubState::trial) slot = i;
  }
  if (Decision d = decide_convert_trial(a, slot, o); !d) return reject(a, o.id, d, day);
  Subscription& t = a.subs[slot];
  Before b = out_.before(t);
  // T1: same account, same admin login and portal id: the trial becomes the production order.
  if (o.id >= 0) t.id = static_cast<std::int16_t>(o.id);
  t.edition = o.edition;
  t.basis = o.basis;
  t.term = o.term;
  t.seats = o.seats;
  t.lineage = a.new_lineage();
  t.set_term(day, 0);
  price_new_order(t, catalog_, day, o.unit_price);
  t.auto_renew = true;
  start_term(a, slot, b, EventKind::trial_convert, RuleId::T1, day);
}

}  // namespace subsim
