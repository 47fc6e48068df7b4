#include "sim/scripted_driver.hpp"

#include <algorithm>

#include "model/orders.hpp"
#include "model/term.hpp"

namespace subsim {

void ScriptedDriver::schedule(Account& a) {
  const ScriptedAccount& sa = sc_.accounts[a.customer];
  a.reseller = sa.reseller;
  a.federal = sa.federal;
  for (std::size_t r = 0; r < sc_.resellers.size(); ++r)
    if (sc_.resellers[r] == sa.id) a.own_reseller = static_cast<std::uint16_t>(r);
  for (std::size_t i = 0; i < sa.subscriptions.size(); ++i) {
    Date d = std::max(clock_.start(), *sa.subscriptions[i].start);
    clock_.schedule(d, QueueKind::scripted, a, -1,
                    ScriptedRef{true, static_cast<std::uint32_t>(i)}.pack());
  }
  for (std::size_t i = 0; i < sa.actions.size(); ++i)
    clock_.schedule(sa.actions[i].date, QueueKind::scripted, a, -1,
                    ScriptedRef{false, static_cast<std::uint32_t>(i)}.pack());
}

// A lineage that moved on is found under its successor's slot: the latest slot of the label.
int ScriptedDriver::slot_of(const Account& a, int label) const {
  for (int i = static_cast<int>(a.subs.size()) - 1; i >= 0; --i)
    if (a.subs[i].id == label) return i;
  return -1;
}

bool ScriptedDriver::opens_in_force(const Account& a, ScriptedRef ref) const {
  return ref.subscription && *sc_.accounts[a.customer].subscriptions[ref.index].start < clock_.start();
}

void ScriptedDriver::open_in_force(Account& a, ScriptedRef ref, Date day) {
  const Order& o = sc_.accounts[a.customer].subscriptions[ref.index];
  life_.open_in_force(a, o, *o.start, term_index_on(*o.start, o.term, day), day);
}

bool ScriptedDriver::is_order(const Account& a, ScriptedRef ref) const {
  if (ref.subscription) return true;
  ActionKind k = sc_.accounts[a.customer].actions[ref.index].kind;
  return k == ActionKind::order || k == ActionKind::trial_convert;
}

ScriptedDriver::PreStart* ScriptedDriver::pre_start(std::uint32_t customer, int label) {
  for (PreStart& p : pre_start_)
    if (p.customer == customer && p.label == label) return &p;
  return nullptr;
}

// Turning auto-renew off (or back on) before a subscription starts is accepted: a partner who
// orders a one-term subscription sets auto-renew off when ordering. It takes effect from the start
// (N2 applied to the first term, as if turned off on its first day). Everything else before the
// start — seats, upgrades — is refused C2 (there is no subscription to change yet).
bool ScriptedDriver::before_start(Account& a, const ScriptedAction& act, Date day) {
  if (act.kind != ActionKind::auto_renew_off && act.kind != ActionKind::auto_renew_on) return false;
  const ScriptedAccount& sa = sc_.accounts[a.customer];
  bool off = act.kind == ActionKind::auto_renew_off;
  for (const Order& o : sa.subscriptions) {
    if (o.id != act.sub || !o.start || *o.start <= day) continue;
    if (PreStart* p = pre_start(a.customer, act.sub))
      p->auto_renew = !off;
    else
      pre_start_.push_back({a.customer, act.sub, !off});
    life_.note(a, act.sub, off ? EventKind::auto_renew_off : EventKind::auto_renew_on,
               off ? RuleId::N2 : RuleId::N1, day);
    return true;
  }
  return false;
}

void ScriptedDriver::apply(Account& a, ScriptedRef ref, Date day) {
  const ScriptedAccount& sa = sc_.accounts[a.customer];
  if (ref.subscription) {
    Order o = sa.subscriptions[ref.index];
    o.start.reset();
    if (PreStart* p = pre_start(a.customer, o.id)) o.auto_renew = p->auto_renew;
    return life_.place_order(a, o, day);
  }
  const ScriptedAction& act = sa.actions[ref.index];
  int slot = act.sub >= 0 ? slot_of(a, act.sub) : -1;
  // An action on a subscription that does not exist (yet): the order that would have made it
  // was refused or is still to come. The refusal names no rule of its own: C2.
  bool needs_slot = act.kind != ActionKind::order && act.kind != ActionKind::trial_start &&
                    act.kind != ActionKind::trial_convert;
  if (needs_slot && slot < 0) {
    if (before_start(a, act, day)) return;
    return life_.reject(a, act.sub, check_subscription_exists(false), day);
  }
  // The order's legacy label becomes the slot now holding that lineage.
  auto resolved = [&]() {
    Order o = act.order;
    if (o.legacy >= 0) o.legacy = slot_of(a, o.legacy);
    return o;
  };
  switch (act.kind) {
    case ActionKind::order: {
      Order o = resolved();
      if (Decision d = check_subscription_exists(act.order.legacy < 0 || o.legacy >= 0); !d)
        return life_.reject(a, o.id, d, day);
      return life_.place_order(a, o, day);
    }
    case ActionKind::seat_add:
      return life_.add_seats(a, slot, act.seats, act.edition, day);
    case ActionKind::seat_remove:
      return life_.remove_seats(a, slot, day);
    case ActionKind::upgrade:
      return life_.upgrade(a, slot, act.edition.value_or(a.subs[slot].edition), act.seats, day);
    case ActionKind::downgrade:
      return life_.downgrade(a, slot, day);
    case ActionKind::auto_renew_off:
      return life_.auto_renew_off(a, slot, day);
    case ActionKind::auto_renew_on:
      return life_.auto_renew_on(a, slot, day);
    case ActionKind::renewal_failed:
      return life_.renewal_fails(a, slot, day);
    case ActionKind::renewal_fixed:
      return life_.fix_renewal(a, slot, day);
    case ActionKind::trial_start:
      return life_.start_trial(a, act.order, day);
    case ActionKind::trial_convert:
      return life_.convert_trial(a, slot, resolved(), day);
    case ActionKind::reallocation:
      return life_.reallocate(a, slot, day);
  }
}

}  // namespace subsim
