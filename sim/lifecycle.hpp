// The contract transitions of one shard's accounts: what the clock's events (term end, cut-off,
// expiry, grace end, deletion, pending start, trial lapse) and the partners' orders and actions
// do to a subscription, by model/'s rules. It reaches the rest of the engine only through the
// clock (schedule) and the emitter (emit); synthetic customers' behaviour is told when a paid
// term starts and when a subscription is lost.
#pragma once
#include <algorithm>

#include "model/account.hpp"
#include "model/catalog.hpp"
#include "model/notice.hpp"
#include "model/order.hpp"
#include "model/orders.hpp"
#include "model/policy.hpp"
#include "model/pricing.hpp"
#include "sim/clock.hpp"
#include "sim/emitter.hpp"

namespace subsim {

class BehaviourDriver;

class Lifecycle {
 public:
  Lifecycle(const Policy& policy, const Catalog& catalog, Clock& clock, Emitter& emitter)
      : policy_(policy), catalog_(catalog), clock_(clock), out_(emitter) {}
  // Synthetic customers (those `is_synthetic` says) get `behaviour`'s hooks.
  void attach_behaviour(BehaviourDriver* behaviour, std::uint32_t first_synthetic) {
    behaviour_ = behaviour;
    first_synthetic_ = first_synthetic;
  }
  const Policy& policy() const { return policy_; }
  // Renewal runs (issue 33): only when every observer takes them (Observer::takes_renewal_runs).
  void enable_renewal_runs(bool on) { runs_ = on; }
  // Notice cut-offs counted, not queued: only when every observer just counts them
  // (Observer::counts_notice_cutoffs). A subscription holds its next cut-off's day instead; a
  // change that would have made the queued one moot (a generation bump) settles it — counted
  // if its place in the day's order (C3: after orders and actions, before term ends) is
  // already behind the clock — and cutoffs_at_horizon() counts those left.
  void enable_cutoff_counting(bool on) { count_cutoffs_ = on; }
  // At the end of the run every cut-off still pending fired (queue_cutoff keeps only those
  // inside the horizon). Not by the clock's position: the heap's stops at its last event.
  void cutoffs_at_horizon(Account& a) {
    for (Subscription& s : a.subs)
      if (s.cutoff_pending) {
        s.cutoff_pending = false;
        out_.count_cutoff();
      }
  }

  // The clock's events
  void on_term_end(Account& a, int slot, Date day);
  void on_notice_cutoff(Account& a, int slot, Date day);
  void on_expiry(Account& a, int slot, Date day);
  void on_grace_end(Account& a, int slot, Date day);
  void on_deletion(Account& a, int slot, Date day);
  void on_pending_start(Account& a, int slot, Date day);
  void on_trial_lapse(Account& a, int slot, Date day);

  // Orders and actions, scripted and synthetic alike. `slot` is the subscription acted on.
  void place_order(Account& a, Order o, Date day);
  // A subscription already in force on the first simulated day, in term `term_index` of
  // `anchor`: no invoice inside the horizon, its term's revenue recognised over the days it
  // covers.
  // `off_day`: when auto-renew went off, if it is (N2/N3 decide whether this term is the last).
  // Returns its slot.
  int open_in_force(Account& a, const Order& o, Date anchor, int term_index, Date day,
                    std::optional<Date> off_day = std::nullopt);
  // A subscription of the real book that expired on `x` (before `day`, less than deletion_days
  // ago): opened in grace or suspended, its grace end and deletion on their E-rule dates.
  // Returns its slot.
  int open_expired(Account& a, const Order& o, Date anchor, Date x, Date day);
  // A subscription of the real book deleted before the run (E4: expired on `x`, deletion_days or
  // more before the first day): no event, nothing scheduled; only an order quoting it (a
  // come-back: E4, a brand-new account) can follow. Returns its slot.
  int open_lost(Account& a, const Order& o, Date anchor, Date x);
  void auto_renew_off(Account& a, int slot, Date day);
  void auto_renew_on(Account& a, int slot, Date day);
  void add_seats(Account& a, int slot, std::int32_t seats, std::optional<Edition> ed, Date day);
  // Renewal runs: after the seat addition that was its term's only decision, the renewal at the
  // term's end is certain — it starts the next run now instead of from a queued term end.
  void renew_after_seat_add(Account& a, int slot, Date day);
  void remove_seats(Account& a, int slot, Date day);
  void upgrade(Account& a, int slot, Edition to, std::int32_t seats, Date day);
  void downgrade(Account& a, int slot, Date day);
  void renewal_fails(Account& a, int slot, Date day);
  void fix_renewal(Account& a, int slot, Date day);
  void reallocate(Account& a, int slot, Date day);
  void start_trial(Account& a, const Order& o, Date day);
  void convert_trial(Account& a, int slot, Order o, Date day);
  // A refusal: the model's decision, applied (the engine never names a refusing rule itself).
  void reject(const Account& a, int id, Decision d, Date day) { out_.reject(a, id, d, day); }
  // An accepted request that changes no subscription yet (e.g. auto-renew set before the start).
  void note(const Account& a, int id, EventKind kind, RuleId rule, Date day) {
    out_.note(a, id, kind, rule, day);
  }

 private:
  void set_pending_auto_renew(Account& a, int slot, bool on, Date day);
  Cents price(const Subscription& s) const {
    return subscription_term_amount(catalog_, s, s.seats);
  }
  // P1 at a renewal: moves the new term's own price if a change reaches it, emitting
  // `price_change` before the renewal; returns the state the renewal starts from, and in
  // `rise` the share the price rose by (0 if it did not rise).
  Before reprice_at_renewal(Account& a, int slot, Before b, Date day, double& rise);
  // A successor or a grace save continues `from`'s lineage at its own price (P1).
  void carry_price(Subscription& s, const Subscription& from) const {
    s.unit_price = carried_unit_price(catalog_, from, s.edition, s.term);
    s.price_step = from.price_step;
    s.price_waited = from.price_waited;
    s.promo = from.promo;
    s.promo_left = from.promo_left;
  }
  bool synthetic(const Account& a) const {
    return behaviour_ != nullptr && a.customer >= first_synthetic_;
  }
  int new_slot(Account& a, const Order& o, Lineage lineage);
  // A book subscription's slot in its last paid term, expired on `x` (E1), auto-renew off.
  int new_expired_slot(Account& a, const Order& o, Date anchor, Date x);
  void order_successor(Account& a, const Order& o, RuleId rule, Date day);
  void order_continuation(Account& a, const Order& o, ContinuationDecision c, Date day);
  void start_term(Account& a, int slot, Before b, EventKind kind, RuleId rule, Date day);
  // The state a term is entered in: active, or with auto-renew off since `off_day`, T or active
  // by N2/N3 (state_with_auto_renew_off).
  void enter_term_state(Subscription& s, Date off_day) const;
  // N2: auto-renew went off after this term's cut-off, so the next term is the last; its cut-off
  // (the day the termination becomes final) may fall before this term ends, even today. Call
  // after schedule_lifecycle(): a later schedule_lifecycle() makes it moot.
  void announce_last_term_cutoff(Account& a, int slot, Date day);
  void close_lineage(Account& a, int slot, RuleId rule, Date day);
  // `price_rise`: the share its own price rose by at this term's start (P1), if it did. True
  // when the term's only decision is a seat addition.
  bool term_started(Account& a, int slot, Date day, double price_rise = 0);
  // Nothing but its own decisions can reach the subscription and its next renewal will be at its
  // price: the conditions of a renewal run but a quiet next term.
  bool renews_unchanged(const Account& a, int slot) const;
  // A term entered with renewal runs on: its decisions drawn, then its term end queued — unless
  // its only decision is a seat addition and it renews unchanged (renew_after_seat_add).
  void begin_term_in_run(Account& a, int slot, Date day);

  // A renewal run: at the start of a quiet term k of a subscription nothing else can touch, the
  // renewals into terms k + 1 … (its next eventful term, at most the horizon's last) are
  // certain; the subscription moves to the last of them at once (only its term end is queued).
  void skip_quiet_terms(Account& a, int slot);

  // Schedules the lifecycle events the subscription's state calls for, and makes every earlier
  // one moot by bumping its generation (cheap cancellation, checked on pop).
  void schedule_lifecycle(Account& a, int slot, Date today);
  // schedule_lifecycle() of a subscription in a paid term (active or T): the renewal path, inlined.
  [[gnu::always_inline]] void schedule_term_events(Account& a, int slot, Date today) {
    Subscription& s = a.subs[slot];
    std::uint32_t gen = bump_gen(s);
    Date end = s.current_end();
    clock_.schedule(end, QueueKind::term_end, a, slot, 0, gen);
    if (s.state == SubState::terminating) {
      // A cut-off already behind us (a late-notice renewal) was announced when auto-renew
      // went off; see auto_renew_off.
      Date cutoff = notice_cutoff(end, policy_.notice_days);
      if (cutoff >= today && !clock_.is_past(cutoff, QueueKind::notice_cutoff))
        queue_cutoff(a, slot, cutoff, gen);
    }
  }
  // Every scheduled event of the subscription becomes moot: its generation moves on.
  [[gnu::always_inline]] std::uint32_t bump_gen(Subscription& s) {
    if (s.cutoff_pending) [[unlikely]]
      settle_cutoff(s);
    return ++s.gen;
  }
  // A counted cut-off meets a change (or the horizon): it fired if its place is behind us.
  void settle_cutoff(Subscription& s) {
    s.cutoff_pending = false;
    if (clock_.is_past(s.cutoff_day, QueueKind::notice_cutoff)) out_.count_cutoff();
  }
  void queue_cutoff(Account& a, int slot, Date day, std::uint32_t gen) {
    if (!count_cutoffs_) return clock_.schedule(day, QueueKind::notice_cutoff, a, slot, 0, gen);
    if (!clock_.in_horizon(day)) return;
    Subscription& s = a.subs[slot];
    // (Never so today: every caller bumps the generation first, which settled the last one.)
    if (s.cutoff_pending) settle_cutoff(s);
    s.cutoff_pending = true;
    s.cutoff_day = std::max(day, clock_.start());
  }

  const Policy& policy_;
  const Catalog& catalog_;
  Clock& clock_;
  Emitter& out_;
  BehaviourDriver* behaviour_ = nullptr;
  std::uint32_t first_synthetic_ = 0;
  bool runs_ = false;
  bool count_cutoffs_ = false;
};

}  // namespace subsim
