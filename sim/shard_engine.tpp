// Implementation of ShardEngine, instantiated for the calendar queue and the baseline heap in
// shard_engine.cpp.
#include <algorithm>
#include <boost/random/geometric_distribution.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "model/expiry.hpp"
#include "model/lifecycle_graph.hpp"
#include "model/mixing.hpp"
#include "model/notice.hpp"
#include "model/reseller.hpp"
#include "model/seats.hpp"
#include "model/trial.hpp"
#include "sim/profile.hpp"
#include "sim/shard_engine.hpp"

namespace subsim {

namespace {
constexpr std::uint32_t kInitialSubFlag = 0x80000000u;
constexpr std::uint32_t kOpeningFlag = 1u;
inline std::uint32_t intent_arg(IntentKind k, std::uint32_t extra = 0) {
  return static_cast<std::uint32_t>(k) | (extra << 8);
}
inline IntentKind intent_kind(std::uint32_t arg) {
  return static_cast<IntentKind>(arg & 0xff);
}
inline std::uint32_t intent_extra(std::uint32_t arg) {
  return arg >> 8;
}
}  // namespace

template <class Queue>
ShardEngine<Queue>::ShardEngine(const World& world, const PopulationPlan& plan,
                                std::uint32_t replication, std::uint32_t first, std::uint32_t last,
                                Observer* observer)
    : world_(world),
      sc_(*world.scenario),
      policy_(world.policy),
      catalog_(world.scenario->catalog),
      plan_(plan),
      replication_(replication),
      first_(first),
      last_(last),
      observer_(observer),
      start_(world.scenario->start),
      queue_(world.scenario->days(), kQueueClasses) {
  compute_odds();
  accounts_.resize(last - first);
  for (std::uint32_t c = first; c < last; ++c) {
    Account& a = accounts_[c - first];
    a.customer = c;
    std::uint32_t l = c - first;
    if (plan_.is_scripted(c)) {
      const ScriptedAccount& sa = sc_.accounts[c];
      a.reseller = sa.reseller;
      a.federal = sa.federal;
      for (std::size_t r = 0; r < sc_.resellers.size(); ++r)
        if (sc_.resellers[r] == sa.id) a.own_reseller = static_cast<std::uint16_t>(r);
      for (std::size_t i = 0; i < sa.subscriptions.size(); ++i) {
        Date d = std::max(start_, *sa.subscriptions[i].start);
        schedule(d, QueueKind::scripted, l, -1, kInitialSubFlag | static_cast<std::uint32_t>(i));
      }
      for (std::size_t i = 0; i < sa.actions.size(); ++i)
        schedule(sa.actions[i].date, QueueKind::scripted, l, -1, static_cast<std::uint32_t>(i));
    } else if (plan_.is_opening(c)) {
      schedule(start_, QueueKind::arrival, l, -1, kOpeningFlag);
    } else {
      int m = plan_.arrival_month(c);
      Date month_start = add_months_clamped(Date(start_.year(), start_.month(), 1), m);
      Date from = std::max(month_start, start_);
      Date to = std::min(add_days(add_months_clamped(month_start, 1), -1), sc_.end);
      RandomStream rng = stream(a, Purpose::profile, 1);
      Date day = add_days(from, static_cast<int>(rng.uniform_int(0, days_between(from, to))));
      schedule(day, QueueKind::arrival, l, -1, 0);
    }
  }
}

template <class Queue>
ShardStats ShardEngine<Queue>::run() {
  queue_.run(
      [&](int day) {
        if (observer_) observer_->on_day(add_days(start_, day));
      },
      [&](int day, const QueuedEvent& e) { fire(add_days(start_, day), e); },
      [&](const QueuedEvent& e) {
        // An account spans two cache lines (its first subscription is stored inline).
        const char* a = reinterpret_cast<const char*>(&accounts_[e.account]);
        __builtin_prefetch(a);
        __builtin_prefetch(a + 64);
      });
  if (observer_) observer_->on_finish(sc_.end);
  return stats_;
}

// ---------------------------------------------------------------- plumbing

template <class Queue>
RandomStream ShardEngine<Queue>::stream(const Account& a, Purpose p, std::uint32_t index) const {
  return RandomStream(world_.seed, replication_ + world_.stream_offset, a.customer, p, index);
}

// Schedules the lifecycle events the subscription's state calls for, and makes every earlier
// one moot by bumping its generation (cheap cancellation, checked on pop).
template <class Queue>
void ShardEngine<Queue>::arm(Account& a, int slot, Date today) {
  Subscription& s = a.subs[slot];
  if (s.state == SubState::active || s.state == SubState::terminating)
    return arm_term(a, slot, today);
  std::uint32_t gen = ++s.gen;
  std::uint32_t l = local(a);
  switch (s.state) {
    case SubState::grace:
      schedule(grace_end_day(s.expiry_day, policy_), QueueKind::grace_end, l, slot, 0, gen);
      break;
    case SubState::suspended:
      schedule(deletion_day(s.expiry_day, policy_), QueueKind::deletion, l, slot, 0, gen);
      break;
    case SubState::pending:
      schedule(s.anchor, QueueKind::pending_start, l, slot, 0, gen);
      break;
    case SubState::trial:
      schedule(trial_lapse_day(s.anchor, policy_.trial_days), QueueKind::trial_lapse, l, slot, 0,
               gen);
      break;
    default:
      break;
  }
}

template <class Queue>
void ShardEngine<Queue>::transition_error(SubState from, SubState to, EventKind kind) {
  // The state machine is data: a transition the graph lacks is a bug, never silently allowed.
  throw std::logic_error("transition not in the lifecycle graph: " + std::string(to_string(from)) +
                         " -> " + std::string(to_string(to)) + " on " +
                         std::string(to_string(kind)));
}

template <class Queue>
void ShardEngine<Queue>::record(const Account& a, int slot, Before b, EventKind kind, RuleId rule,
                                Date day, Cents amount, Cents revenue, Date rev_from, Date rev_to) {
  const Subscription& s = a.subs[slot];
  Event e;
  e.date = day;
  e.customer = a.customer;
  e.sub = s.id;
  e.kind = kind;
  e.rule = rule;
  e.from = b.state;
  e.to = s.state;
  e.amount = amount;
  e.mrr_delta = s.mrr() - b.mrr;
  e.seats_delta = (earns_mrr(s.state) ? s.seats : 0) - b.seats;
  e.revenue = revenue;
  e.rev_from = rev_from;
  e.rev_to = rev_to;
  observer_->on_event(e);
}

template <class Queue>
void ShardEngine<Queue>::note(const Account& a, int id, EventKind kind, RuleId rule, Date day,
                              Cents amount) {
  ++stats_.events;
  if (!observer_) return;
  Event e;
  e.date = day;
  e.customer = a.customer;
  e.sub = static_cast<std::int16_t>(id);
  e.kind = kind;
  e.rule = rule;
  e.amount = amount;
  observer_->on_event(e);
}

template <class Queue>
int ShardEngine<Queue>::slot_of(const Account& a, int id) const {
  // A lineage that moved on is found under its successor's slot: follow it.
  for (int i = static_cast<int>(a.subs.size()) - 1; i >= 0; --i)
    if (a.subs[i].id == id) return i;
  return -1;
}

template <class Queue>
int ShardEngine<Queue>::new_slot(Account& a, const Order& o, Lineage lineage) {
  Subscription s;
  s.lineage = lineage;
  s.edition = o.edition;
  s.basis = o.basis;
  s.term = o.term;
  s.seats = o.seats;
  s.reseller = o.reseller;
  s.auto_renew = o.auto_renew;
  int slot = static_cast<int>(a.subs.size());
  s.id = static_cast<std::int16_t>(o.id >= 0 ? o.id : slot);
  a.subs.push_back(s);
  return slot;
}

// ---------------------------------------------------------------- the clock

template <class Queue>
void ShardEngine<Queue>::fire(Date today, const QueuedEvent& e) {
  Account& a = accounts_[e.account];
  auto kind = static_cast<QueueKind>(e.kind);
  bool lifecycle = kind != QueueKind::arrival && kind != QueueKind::scripted &&
                   kind != QueueKind::intent && kind != QueueKind::federal;
  if (lifecycle && a.subs[e.slot].gen != e.gen) {
    ++stats_.stale;
    return;
  }
  switch (kind) {
    case QueueKind::term_end:
      on_term_end(a, e.slot, today);
      break;
    case QueueKind::notice_cutoff:
      on_notice_cutoff(a, e.slot, today);
      break;
    case QueueKind::expiry:
      on_expiry(a, e.slot, today);
      break;
    case QueueKind::grace_end:
      on_grace_end(a, e.slot, today);
      break;
    case QueueKind::deletion:
      on_deletion(a, e.slot, today);
      break;
    case QueueKind::pending_start:
      on_pending_start(a, e.slot, today);
      break;
    case QueueKind::trial_lapse:
      on_trial_lapse(a, e.slot, today);
      break;
    case QueueKind::arrival:
      if (e.arg == kOpeningFlag || !federal_gate(a, e, today)) arrive(a, today);
      break;
    case QueueKind::scripted:
      if (e.arg & kInitialSubFlag) {
        const auto& spec = sc_.accounts[a.customer].subscriptions[e.arg & ~kInitialSubFlag];
        if (*spec.start < start_) {
          open_scripted(a, spec, today);
          break;
        }
      }
      if (!federal_gate(a, e, today)) apply_scripted(a, e.arg, today);
      break;
    case QueueKind::intent:
      if (!federal_gate(a, e, today)) apply_intent(a, e.slot, e.arg, today);
      break;
    case QueueKind::federal: {
      // F1: the special bid is decided; approved orders go through now, the others are refused.
      RandomStream rng =
          stream(a, Purpose::federal, static_cast<std::uint32_t>(days_between(start_, today)));
      if (!rng.bernoulli(policy_.federal_approval)) {
        reject(a, -1, RuleId::F1, today);
        break;
      }
      bid_done_ = true;
      QueuedEvent original = e;
      original.kind = e.unused;
      fire(today, original);
      bid_done_ = false;
      break;
    }
  }
}

// F1: an order of a federal end user waits for its special bid. Returns true if it was held.
template <class Queue>
bool ShardEngine<Queue>::federal_gate(Account& a, const QueuedEvent& e, Date day) {
  if (!a.federal || bid_done_) return false;
  bool is_order = true;
  if (static_cast<QueueKind>(e.kind) == QueueKind::scripted) {
    if (e.arg & kInitialSubFlag) {
      is_order = true;
    } else {
      const ScriptedAction& act = sc_.accounts[a.customer].actions[e.arg];
      is_order = act.kind == ActionKind::order || act.kind == ActionKind::convert_trial;
    }
  } else if (static_cast<QueueKind>(e.kind) == QueueKind::intent) {
    IntentKind k = intent_kind(e.arg);
    is_order = k == IntentKind::come_back || k == IntentKind::convert_trial ||
               k == IntentKind::first_order;
  }
  if (!is_order) return false;
  QueuedEvent held = e;
  held.unused = e.kind;
  held.kind = static_cast<std::uint8_t>(QueueKind::federal);
  int d = days_between(start_, day) + policy_.federal_bid_days;
  queue_.schedule(d, class_of(QueueKind::federal), held);
  note(a, -1, EventKind::pending, RuleId::F1, day);
  return true;
}

template <class Queue>
void ShardEngine<Queue>::on_term_end(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  TermEndDecision d = decide_term_end(s, policy_);
  switch (d.outcome) {
    case TermEndOutcome::renew:
    case TermEndOutcome::renew_late_notice: {
      Before b = before(s);
      s.next_term();
      s.term_amount = price(s);
      s.late_notice = d.outcome == TermEndOutcome::renew_late_notice;
      // N3: auto-renew is off, so the new term is set to terminate from its first day.
      if (s.late_notice) s.state = SubState::terminating;
      emit(a, slot, b, EventKind::renewal, d.rule, day, s.term_amount, s.term_amount,
           s.current_start(), s.current_end());
      arm_term(a, slot, day);
      if (synthetic(a)) on_term_start_behaviour(a, slot, day);
      break;
    }
    case TermEndOutcome::fail: {
      Before b = before(s);
      emit(a, slot, b, EventKind::renewal_failed, RuleId::E5, day);
      schedule(expiry_day(day), QueueKind::expiry, local(a), slot, 0, s.gen);
      break;
    }
    case TermEndOutcome::end:
      schedule(expiry_day(day), QueueKind::expiry, local(a), slot, 0, s.gen);
      break;
  }
}

template <class Queue>
void ShardEngine<Queue>::on_notice_cutoff(Account& a, int slot, Date day) {
  Before b = before(a.subs[slot]);
  emit(a, slot, b, EventKind::notice_cutoff, RuleId::N3, day);
}

template <class Queue>
void ShardEngine<Queue>::on_expiry(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Before b = before(s);
  s.state = SubState::grace;
  s.expiry_day = day;
  // A snafu has bitten (E5): its fix is already on its way, nobody is leaving.
  bool snafu = s.renewal_snafu;
  s.renewal_snafu = false;
  emit(a, slot, b, EventKind::expiry, RuleId::E1, day);
  arm(a, slot, day);
  if (synthetic(a) && s.successor == kNoSlot && !snafu && !s.switching)
    on_lost_behaviour(a, slot, day);
}

template <class Queue>
void ShardEngine<Queue>::on_grace_end(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Before b = before(s);
  s.state = SubState::suspended;
  emit(a, slot, b, EventKind::grace_end, RuleId::E2, day);
  arm(a, slot, day);
}

template <class Queue>
void ShardEngine<Queue>::on_deletion(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Before b = before(s);
  s.state = SubState::deleted;
  emit(a, slot, b, EventKind::deletion, RuleId::E4, day);
  // E4: once nothing of the account is left, a later order is a brand-new account.
  if (a.all_deleted()) {
    ++a.incarnation;
    a.trial_used = false;
  }
}

template <class Queue>
void ShardEngine<Queue>::on_trial_lapse(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  Before b = before(s);
  s.state = SubState::lapsed_trial;
  emit(a, slot, b, EventKind::trial_lapse, RuleId::T1, day);
}

template <class Queue>
void ShardEngine<Queue>::on_pending_start(Account& a, int slot, Date day) {
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
  Before b = before(s);
  start_term(a, slot, b, kind, rule, day);
}

// Starts the subscription's current term now: invoiced in full, recognised over the term.
template <class Queue>
void ShardEngine<Queue>::start_term(Account& a, int slot, Before b, EventKind kind, RuleId rule,
                                    Date day) {
  Subscription& s = a.subs[slot];
  s.state = s.auto_renew ? SubState::active : SubState::terminating;
  if (!s.auto_renew) s.off_day = day;
  s.late_notice = false;
  s.term_amount = price(s);
  emit(a, slot, b, kind, rule, day, s.term_amount, s.term_amount, s.current_start(),
       s.current_end());
  arm(a, slot, day);
  if (synthetic(a)) on_term_start_behaviour(a, slot, day);
}

template <class Queue>
void ShardEngine<Queue>::close_lineage(Account& a, int slot, RuleId rule, Date day) {
  Subscription& s = a.subs[slot];
  Before b = before(s);
  s.state = SubState::closed;
  ++s.gen;
  emit(a, slot, b, EventKind::close, rule, day);
}

// ---------------------------------------------------------------- orders and actions

template <class Queue>
void ShardEngine<Queue>::place_order(Account& a, Order o, Date day) {
  if (o.reseller == kNoReseller) o.reseller = a.reseller;
  if (Decision d = check_self_resale(a, o.reseller); !d) return reject(a, o.id, d.rule, day);
  if (o.legacy != kNoSlot) {
    const Subscription& old = a.subs[o.legacy];
    if (old.state != SubState::deleted) return order_with_legacy(a, o, day);
    o.legacy = kNoSlot;  // E4: the lineage is gone; this is a brand-new order
  }
  if (Decision d = check_one_reseller(a, o.reseller); !d) return reject(a, o.id, d.rule, day);
  if (Decision d = check_mixing(a, o.edition, o.basis, o.term, kNoSlot); !d)
    return reject(a, o.id, d.rule, day);
  bool fresh_account = a.all_deleted();
  a.reseller = o.reseller;
  int slot = new_slot(a, o, a.new_lineage());
  note(a, a.subs[slot].id, EventKind::order, fresh_account ? RuleId::E4 : RuleId::M1, day);
  Subscription& s = a.subs[slot];
  Date start = o.start ? std::max(*o.start, day) : day;
  if (start > day) {
    s.set_term(start, 0);
    emit(a, slot, before_new(), EventKind::pending, RuleId::C2, day);
    arm(a, slot, day);
    return;
  }
  s.set_term(day, 0);
  start_term(a, slot, before_new(), EventKind::start, RuleId::C1, day);
}

template <class Queue>
void ShardEngine<Queue>::order_with_legacy(Account& a, Order o, Date day) {
  int lslot = o.legacy;
  bool other = o.reseller != a.reseller;
  const Subscription& old = a.subs[lslot];
  switch (old.state) {
    case SubState::active:
      // Still renewing: a successor needs it set to terminate first (R3 hand-over, S4 reduction).
      return reject(a, o.id, other ? RuleId::R3 : RuleId::S4, day);
    case SubState::terminating: {
      if (other) {
        if (Decision d = check_advance_handover(old, o.payer_path_change); !d)
          return reject(a, o.id, d.rule, day);
      } else if (old.successor != kNoSlot) {
        return reject(a, o.id, RuleId::S4, day);
      }
      if (Decision d = check_renewal_change(old, o.edition, o.seats, o.term, policy_); !d)
        return reject(a, o.id, d.rule, day);
      if (Decision d = check_mixing(a, o.edition, o.basis, o.term, lslot); !d)
        return reject(a, o.id, d.rule, day);
      Date x = expiry_day(old.current_end());
      int slot = new_slot(a, o, old.lineage);
      Subscription& s = a.subs[slot];
      s.predecessor = static_cast<std::int16_t>(lslot);
      s.set_term(x, 0);
      a.subs[lslot].successor = static_cast<std::int16_t>(slot);
      RuleId rule = other ? RuleId::R3 : RuleId::S4;
      note(a, s.id, EventKind::order, rule, day);
      emit(a, slot, before_new(), EventKind::pending, rule, day);
      arm(a, slot, day);
      return;
    }
    case SubState::grace:
    case SubState::suspended: {
      ContinuationDecision c = classify_after_expiry(old.expiry_day, day, policy_);
      if (other && !o.payer_path_change) return reject(a, o.id, RuleId::R2, day);
      if (c.how == Continuation::reactivate && !o.payer_path_change)
        return reject(a, o.id, RuleId::E3, day);
      // R1: no other subscription may still be served by the old reseller.
      if (other)
        for (int i = 0; i < static_cast<int>(a.subs.size()); ++i)
          if (i != lslot &&
              (a.subs[i].state == SubState::active || a.subs[i].state == SubState::terminating ||
               a.subs[i].state == SubState::pending))
            return reject(a, o.id, RuleId::R1, day);
      if (Decision d = check_renewal_change(old, o.edition, o.seats, o.term, policy_); !d)
        return reject(a, o.id, d.rule, day);
      if (Decision d = check_mixing(a, o.edition, o.basis, o.term, lslot); !d)
        return reject(a, o.id, d.rule, day);
      Date x = old.expiry_day;
      Date old_anchor = old.anchor;
      TermType old_term = old.term;
      int old_index = old.term_index;
      Lineage lineage = old.lineage;
      close_lineage(a, lslot, other ? RuleId::R2 : c.rule, day);
      a.reseller = o.reseller;
      int slot = new_slot(a, o, lineage);
      Subscription& s = a.subs[slot];
      note(a, s.id, EventKind::order, c.rule, day);
      if (c.how == Continuation::restore) {
        // E2: as if it had renewed on X with the old anchor; invoiced on the order day. Terms
        // that ended before the order (a grace window longer than a month) are invoiced too.
        if (o.term == old_term)
          s.set_term(old_anchor, old_index + 1);
        else
          s.set_term(x, 0);
        s.state = s.auto_renew ? SubState::active : SubState::terminating;
        if (!s.auto_renew) s.off_day = day;
        Cents amount = price(s);
        while (s.current_end() < day) {
          s.next_term();
          amount += price(s);
        }
        s.term_amount = price(s);
        emit(a, slot, before_new(), EventKind::restore, RuleId::E2, day, amount, amount, x,
             s.current_end());
        arm(a, slot, day);
        if (synthetic(a)) on_term_start_behaviour(a, slot, day);
      } else {
        s.set_term(day, 0);
        start_term(a, slot, before_new(), EventKind::reactivation, RuleId::E3, day);
      }
      if (other) note(a, s.id, EventKind::handover, RuleId::R2, day);
      return;
    }
    default:
      return reject(a, o.id, rule_for_not_in_term(old.state), day);
  }
}

template <class Queue>
void ShardEngine<Queue>::auto_renew_off(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  AutoRenewOffDecision d = decide_auto_renew_off(s, day, policy_);
  if (!d.decision) return reject(a, s.id, d.decision.rule, day);
  Before b = before(s);
  bool was_on = s.auto_renew;
  if (was_on) {
    s.auto_renew = false;
    s.off_day = day;
  }
  if (d.becomes_terminating) s.state = SubState::terminating;
  emit(a, slot, b, EventKind::auto_renew_off, d.decision.rule, day);
  if (s.state != b.state) {
    arm(a, slot, day);
  } else if (was_on) {
    // N2: too late for this term, so the next one renews and then ends; its cut-off (the day
    // that termination becomes final) may fall before the renewal, even today.
    Date next_end = term_end(s.anchor, s.term, s.term_index + 1);
    Date cutoff = std::max(day, notice_cutoff(next_end, policy_.notice_days));
    schedule(cutoff, QueueKind::notice_cutoff, local(a), slot, 0, s.gen);
  }
}

template <class Queue>
void ShardEngine<Queue>::auto_renew_on(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  bool other = s.successor != kNoSlot && a.subs[s.successor].reseller != s.reseller;
  Decision d = decide_auto_renew_on(s, day, policy_, other);
  if (!d) return reject(a, s.id, d.rule, day);
  Before b = before(s);
  s.auto_renew = true;
  s.late_notice = false;
  s.state = SubState::active;
  emit(a, slot, b, EventKind::auto_renew_on, d.rule, day);
  arm(a, slot, day);  // also makes a pending notice cut-off moot
}

template <class Queue>
void ShardEngine<Queue>::add_seats(Account& a, int slot, std::int32_t seats,
                                   std::optional<Edition> ed, Date day) {
  Subscription& s = a.subs[slot];
  if (Decision d = check_add_seats(s, ed, policy_); !d) return reject(a, s.id, d.rule, day);
  Cents charge = add_seats_charge(catalog_, s, day, seats, policy_);
  Before b = before(s);
  s.seats += seats;
  s.term_amount = price(s);
  emit(a, slot, b, EventKind::seat_add, RuleId::S1, day, charge, charge, day, s.current_end());
}

template <class Queue>
void ShardEngine<Queue>::upgrade(Account& a, int slot, Edition to, std::int32_t seats, Date day) {
  Subscription& s = a.subs[slot];
  if (seats <= 0) seats = s.seats;
  if (Decision d = check_upgrade(s, to, seats); !d) return reject(a, s.id, d.rule, day);
  if (Decision d = check_mixing(a, to, s.basis, s.term, slot); !d)
    return reject(a, s.id, d.rule, day);
  Cents charge = upgrade_charge(catalog_, s, day, to, seats, policy_);
  Before b = before(s);
  s.edition = to;
  s.seats = seats;
  s.term_amount = price(s);
  emit(a, slot, b, EventKind::upgrade, RuleId::S5, day, charge, charge, day, s.current_end());
}

template <class Queue>
void ShardEngine<Queue>::fix_renewal(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  switch (s.state) {
    case SubState::active:
    case SubState::terminating: {
      Before b = before(s);
      s.renewal_snafu = false;
      emit(a, slot, b, EventKind::renewal_fixed, RuleId::E5, day);
      return;
    }
    case SubState::grace: {
      // E2 via E5: the renewal goes through late, as if it had happened on X.
      Before b = before(s);
      Date x = s.expiry_day;
      s.next_term();
      s.state = SubState::active;
      s.auto_renew = true;
      Cents amount = price(s);
      while (s.current_end() < day) {
        s.next_term();
        amount += price(s);
      }
      s.term_amount = price(s);
      emit(a, slot, b, EventKind::restore, RuleId::E2, day, amount, amount, x, s.current_end());
      arm(a, slot, day);
      if (synthetic(a)) on_term_start_behaviour(a, slot, day);
      return;
    }
    case SubState::suspended: {
      Before b = before(s);
      s.set_term(day, 0);
      s.auto_renew = true;
      start_term(a, slot, b, EventKind::reactivation, RuleId::E3, day);
      return;
    }
    default:
      return reject(a, s.id, rule_for_not_in_term(s.state), day);
  }
}

template <class Queue>
void ShardEngine<Queue>::start_trial(Account& a, int id, const SubscriptionSpec& spec, Date day) {
  if (Decision d = check_start_trial(a); !d) return reject(a, id, d.rule, day);
  Order o;
  o.id = id;
  o.edition = spec.edition;
  o.basis = spec.basis;
  o.seats = spec.seats;
  o.reseller = a.reseller;
  int slot = new_slot(a, o, 0);
  a.trial_used = true;
  Subscription& s = a.subs[slot];
  s.state = SubState::trial;
  s.set_term(day, 0);
  emit(a, slot, before_new(), EventKind::trial_start, RuleId::T1, day);
  arm(a, slot, day);
}

template <class Queue>
void ShardEngine<Queue>::convert_trial(Account& a, int slot, Order o, Date day) {
  if (slot < 0) {
    for (int i = 0; i < static_cast<int>(a.subs.size()); ++i)
      if (a.subs[i].state == SubState::trial) slot = i;
  }
  if (slot < 0) return reject(a, o.id, RuleId::T1, day);
  Subscription& t = a.subs[slot];
  if (Decision d = check_convert_trial(t, o.payer_path_change, o.legacy != kNoSlot); !d)
    return reject(a, o.id, d.rule, day);
  if (Decision d = check_mixing(a, o.edition, o.basis, o.term, slot); !d)
    return reject(a, o.id, d.rule, day);
  Before b = before(t);
  // T1: same account, same admin login and portal id: the trial becomes the production order.
  if (o.id >= 0) t.id = static_cast<std::int16_t>(o.id);
  t.edition = o.edition;
  t.basis = o.basis;
  t.term = o.term;
  t.seats = o.seats;
  t.lineage = a.new_lineage();
  t.set_term(day, 0);
  t.auto_renew = true;
  start_term(a, slot, b, EventKind::trial_convert, RuleId::T1, day);
}

// A scripted subscription already in force before the first simulated day: no invoice inside
// the horizon, but its term's revenue is still recognised over the days it covers.
template <class Queue>
void ShardEngine<Queue>::open_scripted(Account& a, const SubscriptionSpec& spec, Date day) {
  Order o;
  o.id = spec.label;
  o.edition = spec.edition;
  o.basis = spec.basis;
  o.term = spec.term;
  o.seats = spec.seats;
  o.reseller = a.reseller;
  o.auto_renew = spec.auto_renew;
  int slot = new_slot(a, o, a.new_lineage());
  Subscription& s = a.subs[slot];
  s.set_term(*spec.start, term_index_on(*spec.start, s.term, day));
  s.state = spec.auto_renew ? SubState::active : SubState::terminating;
  s.off_day = s.current_start();
  s.term_amount = price(s);
  emit(a, slot, before_new(), EventKind::opening, spec.auto_renew ? RuleId::C1 : RuleId::N3, day, 0,
       s.term_amount, s.current_start(), s.current_end());
  arm(a, slot, day);
}

template <class Queue>
void ShardEngine<Queue>::apply_scripted(Account& a, std::uint32_t index, Date day) {
  const ScriptedAccount& sa = sc_.accounts[a.customer];
  auto order_of = [&](const SubscriptionSpec& spec) {
    Order o;
    o.id = spec.label;
    o.edition = spec.edition;
    o.basis = spec.basis;
    o.term = spec.term;
    o.seats = spec.seats;
    o.start = spec.start;
    o.auto_renew = spec.auto_renew;
    return o;
  };
  if (index & kInitialSubFlag) {
    const SubscriptionSpec& spec = sa.subscriptions[index & ~kInitialSubFlag];
    Order o = order_of(spec);
    o.start.reset();
    return place_order(a, o, day);
  }
  const ScriptedAction& act = sa.actions[index];
  int slot = act.sub >= 0 ? slot_of(a, act.sub) : -1;
  // An action on a subscription that does not exist (yet): the order that would have made it
  // was refused or is still to come. The refusal names no rule of its own: C2.
  bool needs_slot = act.kind != ActionKind::order && act.kind != ActionKind::start_trial &&
                    act.kind != ActionKind::convert_trial;
  if (needs_slot && slot < 0) return reject(a, act.sub, RuleId::C2, day);
  switch (act.kind) {
    case ActionKind::order: {
      Order o = order_of(act.spec);
      o.payer_path_change = act.payer_path_change;
      if (act.reseller >= 0) o.reseller = static_cast<std::uint16_t>(act.reseller);
      if (act.legacy >= 0) {
        o.legacy = slot_of(a, act.legacy);
        if (o.legacy < 0) return reject(a, act.spec.label, RuleId::C2, day);
      }
      return place_order(a, o, day);
    }
    case ActionKind::add_seats:
      return add_seats(a, slot, act.seats, act.edition, day);
    case ActionKind::remove_seats: {
      const Subscription& s = a.subs[slot];
      bool in_term = s.state == SubState::active || s.state == SubState::terminating;
      return reject(a, s.id, in_term ? check_remove_seats(s).rule : rule_for_not_in_term(s.state),
                    day);
    }
    case ActionKind::upgrade:
      return upgrade(a, slot, act.edition.value_or(a.subs[slot].edition), act.seats, day);
    case ActionKind::downgrade:
      return reject(a, a.subs[slot].id, check_downgrade(a.subs[slot]).rule, day);
    case ActionKind::auto_renew_off:
      return auto_renew_off(a, slot, day);
    case ActionKind::auto_renew_on:
      return auto_renew_on(a, slot, day);
    case ActionKind::renewal_fails: {
      Subscription& s = a.subs[slot];
      if (s.state != SubState::active && s.state != SubState::terminating)
        return reject(a, s.id, rule_for_not_in_term(s.state), day);
      s.renewal_snafu = true;  // fires at the term end as renewal_failed (E5)
      return;
    }
    case ActionKind::fix_renewal:
      return fix_renewal(a, slot, day);
    case ActionKind::start_trial:
      return start_trial(a, act.spec.label, act.spec, day);
    case ActionKind::convert_trial: {
      Order o = order_of(act.spec);
      o.payer_path_change = act.payer_path_change;
      o.legacy = act.legacy >= 0 ? slot_of(a, act.legacy) : kNoSlot;
      return convert_trial(a, slot, o, day);
    }
    case ActionKind::reallocate: {
      Subscription& s = a.subs[slot];
      if (s.state != SubState::active && s.state != SubState::terminating &&
          s.state != SubState::trial)
        return reject(a, s.id, rule_for_not_in_term(s.state), day);
      Before b = before(s);
      return emit(a, slot, b, EventKind::reallocation, RuleId::L1, day);
    }
  }
}

// ---------------------------------------------------------------- synthetic behaviour

template <class Queue>
typename ShardEngine<Queue>::Order ShardEngine<Queue>::profile_order(const Account& a) const {
  return order_of(draw_profile(sc_, world_.seed, replication_ + world_.stream_offset, a.customer));
}

// An order for what subscription `slot` is (edition, basis, term, seats) from the account's
// reseller, quoting its legacy number: a return, a downgrade or a reseller switch starts here.
template <class Queue>
typename ShardEngine<Queue>::Order ShardEngine<Queue>::continuing(const Account& a, int slot) {
  const Subscription& s = a.subs[slot];
  Order o;
  o.edition = s.edition;
  o.basis = s.basis;
  o.term = s.term;
  o.seats = s.seats;
  o.legacy = slot;
  o.reseller = a.reseller;
  return o;
}

template <class Queue>
typename ShardEngine<Queue>::Order ShardEngine<Queue>::order_of(const Profile& p) {
  Order o;
  o.edition = p.edition;
  o.basis = p.basis;
  o.term = p.term;
  o.seats = p.seats;
  o.reseller = p.reseller;
  return o;
}

template <class Queue>
void ShardEngine<Queue>::arrive(Account& a, Date day) {
  Profile p = draw_profile(sc_, world_.seed, replication_ + world_.stream_offset, a.customer);
  a.reseller = p.reseller;
  a.federal = p.federal;
  Order o = order_of(p);
  if (plan_.is_opening(a.customer)) {
    // The opening book: anchors spread over the term that contains the first day.
    RandomStream rng = stream(a, Purpose::profile, 2);
    Date earliest = add_days(add_months_clamped(day, -months_in(o.term)), 1);
    Date anchor =
        sc_.population.opening_anchors_spread
            ? add_days(earliest, static_cast<int>(rng.uniform_int(0, days_between(earliest, day))))
            : day;
    int slot = new_slot(a, o, a.new_lineage());
    Subscription& s = a.subs[slot];
    s.set_term(anchor, 0);
    s.state = SubState::active;
    s.term_amount = price(s);
    emit(a, slot, before_new(), EventKind::opening, RuleId::C1, day, 0, s.term_amount,
         s.current_start(), s.current_end());
    arm(a, slot, day);
    on_term_start_behaviour(a, slot, day);
    return;
  }
  if (p.trial_first) {
    SubscriptionSpec spec;
    spec.edition = p.edition;
    spec.basis = p.basis;
    spec.seats = p.seats;
    start_trial(a, -1, spec, day);
    RandomStream rng = stream(a, Purpose::trial);
    if (rng.bernoulli(sc_.behaviour.trial_conversion)) {
      Date when = add_days(day, static_cast<int>(rng.uniform_int(0, policy_.trial_days - 1)));
      schedule(when, QueueKind::intent, local(a), 0, intent_arg(IntentKind::convert_trial));
    }
    return;
  }
  place_order(a, o, day);
}

// The odds of a term's intents for each (term type, edition), computed once per shard: they
// depend on nothing else, and the geometric distribution's log(1 - p) is then computed once.
template <class Queue>
void ShardEngine<Queue>::compute_odds() {
  const Behaviour& bh = sc_.behaviour;
  int editions = static_cast<int>(catalog_.editions.size());
  odds_.resize(2 * static_cast<std::size_t>(editions));
  for (int t = 0; t < 2; ++t)
    for (int ed = 0; ed < editions; ++ed) {
      TermOdds& o = odds_[t * editions + ed];
      bool monthly = static_cast<TermType>(t) == TermType::monthly;
      double p_cancel = monthly ? bh.cancel_monthly : bh.cancel_annual;
      if (!bh.cancel_edition_factor.empty()) p_cancel *= bh.cancel_edition_factor[ed];
      bool can_down = monthly && ed > 0;
      bool can_up = ed + 1 < editions;
      // The intents of a term, in a fixed order; each happens independently with its probability.
      const double p[6] = {std::min(1.0, p_cancel),
                           bh.seat_growth,
                           can_up ? bh.upgrade : 0.0,
                           bh.snafu,
                           can_down ? bh.downgrade_monthly : 0.0,
                           bh.switch_reseller};
      o.quiet = 1;
      for (int i = 0; i < 6; ++i) {
        o.p[i] = p[i];
        o.quiet *= 1 - p[i];
      }
      if (o.quiet > 0 && o.quiet < 1)
        o.gap = boost::random::geometric_distribution<int>(1 - o.quiet);
    }
}

// How many quiet terms follow before the next eventful one (geometric, memoryless).
template <class Queue>
int ShardEngine<Queue>::quiet_terms(const TermOdds& o, int term_index, RandomStream& rng) const {
  if (o.quiet >= 1) return 32767;
  if (o.quiet <= 0) return 0;
  return std::min(32767 - term_index, o.gap(rng));
}

// Draws this term's decisions for one subscription from its (slot, term) stream, so the draws
// of a term never depend on what happened in other terms or to other customers.
// Most terms are quiet. Rather than six draws per term, the engine draws how many quiet terms
// come before the next eventful one, then, in that term, which intents happen given that at
// least one does, when, and the next gap — one stream read word after word. The gap is redrawn
// from the next term's stream after an upgrade, which changes the odds (memorylessness makes the
// redraw exact).
template <class Queue>
void ShardEngine<Queue>::on_term_start_behaviour(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  if (!s.auto_renew) return;                   // already leaving: nothing more to decide this term
  if (s.term_index < s.next_decision) return;  // a quiet term (the common case)
  const TermOdds& o = odds_[static_cast<int>(s.term) * catalog_.editions.size() + s.edition];
  RandomStream rng = stream(a, Purpose::term, term_stream_index(slot, s.term_index));
  if (s.next_decision < s.term_index) {
    s.next_decision = static_cast<std::int16_t>(s.term_index + quiet_terms(o, s.term_index, rng));
    if (s.term_index < s.next_decision) return;
  }
  const Behaviour& bh = sc_.behaviour;
  bool hit[6] = {};
  double u = rng.uniform01() * (1 - o.quiet), before = 1;
  int first = 5;
  for (int i = 0; i < 6; ++i) {
    double here = before * o.p[i];
    if (u < here) {
      first = i;
      break;
    }
    u -= here;
    before *= 1 - o.p[i];
  }
  hit[first] = true;
  for (int i = first + 1; i < 6; ++i) hit[i] = rng.bernoulli(o.p[i]);
  bool cancel = hit[0], grow = hit[1], up = hit[2], snafu = hit[3], down = hit[4], move = hit[5];
  Date start = std::max(s.current_start(), day);
  Date end = s.current_end();
  int span = days_between(start, end);
  std::uint32_t l = local(a);
  std::uint32_t term = static_cast<std::uint32_t>(s.term_index);
  if (cancel || down || move) {
    // Leaving (or changing) needs auto-renew off; when is drawn in days before the term end,
    // so some customers miss the cut-off and pay one more term (N2).
    int before_end = static_cast<int>(std::lround(bh.notice_days_before.sample(rng)));
    Date off = std::max(start, add_days(end, -std::max(0, before_end)));
    IntentKind k =
        move ? IntentKind::switch_reseller : (down ? IntentKind::downgrade : IntentKind::cancel);
    schedule(off, QueueKind::intent, l, slot, intent_arg(k, term));
  }
  if (grow)
    schedule(add_days(start, static_cast<int>(rng.uniform_int(0, span))), QueueKind::intent, l,
             slot, intent_arg(IntentKind::seat_add, term));
  if (up)
    schedule(add_days(start, static_cast<int>(rng.uniform_int(0, span))), QueueKind::intent, l,
             slot, intent_arg(IntentKind::upgrade, term));
  if (snafu && !cancel) {
    s.renewal_snafu = true;
    int fix = static_cast<int>(std::lround(bh.snafu_fix_days.sample(rng)));
    schedule(add_days(end, 1 + std::max(0, fix)), QueueKind::intent, l, slot,
             intent_arg(IntentKind::fix_renewal, term));
  }
  // The next eventful term, unless an upgrade is coming (new odds: redraw next term).
  s.next_decision = up ? std::int16_t{-1}
                       : static_cast<std::int16_t>(std::min(
                             32767, s.term_index + 1 + quiet_terms(o, s.term_index + 1, rng)));
}

// After an expiry nobody is fixing: the customer may come back (inside grace: a save; before
// deletion: a reactivation; after it: a new account).
template <class Queue>
void ShardEngine<Queue>::on_lost_behaviour(Account& a, int slot, Date x) {
  const Subscription& s = a.subs[slot];
  const Behaviour& bh = sc_.behaviour;
  RandomStream rng = stream(a, Purpose::churn, term_stream_index(slot, s.term_index));
  if (!rng.bernoulli(bh.come_back)) return;
  int delay = std::max(0, static_cast<int>(std::lround(bh.come_back_days.sample(rng))));
  schedule(add_days(x, delay), QueueKind::intent, local(a), slot,
           intent_arg(IntentKind::come_back, static_cast<std::uint32_t>(s.term_index) << 1));
}

// The order that completes a downgrade (extra 0: one edition lower, same reseller) or a
// reseller switch (extra 1: same order, another reseller, payer-path change).
template <class Queue>
void ShardEngine<Queue>::follow_up(Account& a, int slot, std::uint32_t extra, std::uint32_t term,
                                   Date day) {
  const Subscription& s = a.subs[slot];
  if (s.state != SubState::terminating) return;  // turned back on, or already gone
  Order o = continuing(a, slot);
  if (extra == 0) {
    if (s.edition == 0) return;
    o.edition = static_cast<Edition>(s.edition - 1);
    return place_order(a, o, day);
  }
  int n = sc_.population.resellers;
  if (n < 2) return;
  RandomStream rng =
      stream(a, Purpose::amount, term_stream_index(slot, static_cast<int>(term)) ^ 0x800000u);
  int first = static_cast<int>(sc_.resellers.size()) - n;
  int pick = first + static_cast<int>(rng.uniform_int(0, n - 2));
  if (pick >= a.reseller) ++pick;  // any reseller but the current one
  o.payer_path_change = true;
  o.reseller = static_cast<std::uint16_t>(pick);
  if (rng.bernoulli(sc_.behaviour.switch_in_advance)) return place_order(a, o, day);
  // Otherwise the new reseller orders after the old subscription has expired, inside the grace
  // window, quoting the old charge agreement number (R2).
  Date x = expiry_day(s.current_end());
  a.subs[slot].switching = true;
  int delay = static_cast<int>(rng.uniform_int(0, std::max(0, policy_.grace_days - 1)));
  schedule(add_days(x, delay), QueueKind::intent, local(a), slot,
           intent_arg(IntentKind::come_back, (static_cast<std::uint32_t>(pick) << 1) | 1u));
}

template <class Queue>
void ShardEngine<Queue>::apply_intent(Account& a, int slot, std::uint32_t arg, Date day) {
  IntentKind kind = intent_kind(arg);
  std::uint32_t term = intent_extra(arg);
  const Behaviour& bh = sc_.behaviour;
  switch (kind) {
    case IntentKind::cancel:
      return auto_renew_off(a, slot, day);
    case IntentKind::seat_add: {
      RandomStream rng = stream(a, Purpose::amount, term_stream_index(slot, term));
      auto seats = std::max<std::int32_t>(
          1, static_cast<std::int32_t>(std::lround(bh.seats_added.sample(rng))));
      return add_seats(a, slot, seats, std::nullopt, day);
    }
    case IntentKind::upgrade:
      return upgrade(a, slot, static_cast<Edition>(a.subs[slot].edition + 1), a.subs[slot].seats,
                     day);
    case IntentKind::downgrade:
    case IntentKind::switch_reseller: {
      // S4/S6, R3: auto-renew off, then the order quoting the legacy number — now if the
      // subscription is set to terminate, else on the first day of the next term, when it is.
      auto_renew_off(a, slot, day);
      const Subscription& s = a.subs[slot];
      std::uint32_t extra = kind == IntentKind::switch_reseller ? 1u : 0u;
      if (s.state == SubState::terminating) return follow_up(a, slot, extra, term, day);
      if (s.state == SubState::active && !s.auto_renew)
        schedule(add_days(s.current_end(), 1), QueueKind::intent, local(a), slot,
                 intent_arg(IntentKind::follow_up, (term << 1) | extra));
      return;
    }
    case IntentKind::follow_up:
      return follow_up(a, slot, intent_extra(arg) & 1u, intent_extra(arg) >> 1, day);
    case IntentKind::fix_renewal:
      return fix_renewal(a, slot, day);
    case IntentKind::come_back: {
      Order o = continuing(a, slot);
      // A switch after expiry (extra bit 0 set) names the new reseller in the other bits.
      std::uint32_t extra = intent_extra(arg);
      if (extra & 1u) o.reseller = static_cast<std::uint16_t>(extra >> 1);
      o.payer_path_change = true;
      return place_order(a, o, day);
    }
    case IntentKind::convert_trial: {
      Order o = profile_order(a);
      return convert_trial(a, slot, o, day);
    }
    case IntentKind::first_order:
      return place_order(a, profile_order(a), day);
  }
}

}  // namespace subsim
