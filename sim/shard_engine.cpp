#include "sim/shard_engine.hpp"

#include "model/orders.hpp"
#include "sim/scratch_pool.hpp"

namespace subsim {

ShardEngine::ShardEngine(const RunSpec& spec, const PopulationPlan& plan,
                         std::uint32_t replication, std::uint32_t first, std::uint32_t last,
                         Observer* observer, QueueImpl queue)
    : spec_(spec),
      plan_(plan),
      streams_{spec.seed, replication + spec.stream_offset},
      first_(first),
      clock_(spec.scenario->start, spec.scenario->days(), first, queue),
      out_(observer),
      life_(spec_.policy, spec.scenario->catalog, clock_, out_),
      scripted_(*spec.scenario, life_, clock_),
      behaviour_(spec, plan, replication, life_, clock_) {
  life_.attach_behaviour(&behaviour_, plan.scripted);
  life_.enable_renewal_runs(spec.renewal_runs &&
                            (observer == nullptr || observer->takes_renewal_runs()));
  // Cut-offs are counted only with renewal runs: RunSpec::renewal_runs off gives the plain
  // event stream to compare with.
  life_.enable_cutoff_counting(spec.renewal_runs &&
                               (observer == nullptr || observer->counts_notice_cutoffs()));
  accounts_ = ScratchPool<Account>::take(last - first, Account{});
  for (std::uint32_t c = first; c < last; ++c) {
    Account& a = accounts_[c - first];
    a.customer = c;
    if (plan_.is_scripted(c))
      scripted_.schedule(a);
    else
      behaviour_.schedule(a);
  }
}

ShardEngine::~ShardEngine() { ScratchPool<Account>::give(accounts_); }

ShardStats ShardEngine::run() {
  Observer* observer = out_.observer();
  clock_.run(
      [&](int day) {
        if (observer) {
          out_.flush();
          observer->on_day(clock_.date_of(day));
        }
      },
      [&](int day, const QueuedEvent& e) {
        try {
          fire(clock_.date_of(day), e);
        } catch (const ExactnessError& x) {
          if (x.has_customer()) throw;
          throw ExactnessError(x.quantity(), accounts_[e.account].customer);
        }
      },
      [&](const QueuedEvent& e) {
        // An account spans two cache lines (its first subscription is stored inline).
        const char* a = reinterpret_cast<const char*>(&accounts_[e.account]);
        __builtin_prefetch(a);
        __builtin_prefetch(a + 64);
      });
  for (Account& a : accounts_) life_.cutoffs_at_horizon(a);
  if (observer) {
    out_.flush();
    if (out_.counted_cutoffs() > 0)
      observer->on_counted(EventKind::notice_cutoff, out_.counted_cutoffs());
    observer->on_finish(spec_.scenario->end);
  }
  return out_.stats();
}

void ShardEngine::fire(Date today, const QueuedEvent& e, bool bid_passed) {
  Account& a = accounts_[e.account];
  auto kind = static_cast<QueueKind>(e.kind);
  bool lifecycle = kind != QueueKind::arrival && kind != QueueKind::scripted &&
                   kind != QueueKind::intent && kind != QueueKind::federal;
  if (lifecycle && a.subs[e.slot].gen != e.gen) {
    out_.count_stale();
    return;
  }
  switch (kind) {
    case QueueKind::term_end:
      return life_.on_term_end(a, e.slot, today);
    case QueueKind::notice_cutoff:
      return life_.on_notice_cutoff(a, e.slot, today);
    case QueueKind::expiry:
      return life_.on_expiry(a, e.slot, today);
    case QueueKind::grace_end:
      return life_.on_grace_end(a, e.slot, today);
    case QueueKind::deletion:
      return life_.on_deletion(a, e.slot, today);
    case QueueKind::pending_start:
      return life_.on_pending_start(a, e.slot, today);
    case QueueKind::trial_lapse:
      return life_.on_trial_lapse(a, e.slot, today);
    case QueueKind::arrival:
      if (e.arg == kOpening || !hold_for_federal_bid(a, e, today, bid_passed, true))
        behaviour_.arrive(a, today);
      return;
    case QueueKind::scripted: {
      ScriptedRef ref = ScriptedRef::unpack(e.arg);
      if (scripted_.opens_in_force(a, ref)) return scripted_.open_in_force(a, ref, today);
      if (!hold_for_federal_bid(a, e, today, bid_passed, scripted_.is_order(a, ref)))
        scripted_.apply(a, ref, today);
      return;
    }
    case QueueKind::intent: {
      Intent intent = Intent::unpack(e.arg);
      if (!hold_for_federal_bid(a, e, today, bid_passed, intent.is_order()))
        behaviour_.apply(a, e.slot, intent, today);
      return;
    }
    case QueueKind::federal:
      return decide_bid(a, e, today);
  }
}

bool ShardEngine::hold_for_federal_bid(Account& a, const QueuedEvent& e, Date day, bool bid_passed,
                               bool is_order) {
  if (!a.federal || bid_passed || !is_order) return false;
  clock_.hold_for_bid(e, day, spec_.policy.federal_bid_days);
  out_.note(a, -1, EventKind::pending, RuleId::F1, day);
  return true;
}

// F1: the special bid is decided; approved orders go through now, the others are refused.
void ShardEngine::decide_bid(Account& a, const QueuedEvent& e, Date day) {
  RandomStream rng =
      streams_(a.customer, Purpose::federal, static_cast<std::uint32_t>(clock_.day_of(day)));
  if (Decision d = decide_federal_bid(rng.bernoulli(spec_.policy.federal_approval)); !d)
    return out_.reject(a, -1, d, day);
  QueuedEvent original = e;
  original.kind = e.held_kind;
  fire(day, original, true);
}

}  // namespace subsim
