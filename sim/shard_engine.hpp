// The engine for one shard of customers over the whole horizon: a day clock, the event queue,
// and the application of model/'s rules to each account. Shards never interact.
#pragma once
#include <boost/random/geometric_distribution.hpp>
#include <cstdint>
#include <vector>

#include "model/account.hpp"
#include "model/event.hpp"
#include "model/lifecycle_graph.hpp"
#include "model/notice.hpp"
#include "sim/observer.hpp"
#include "sim/population_plan.hpp"
#include "sim/profile.hpp"
#include "sim/queue_kind.hpp"
#include "sim/queued_event.hpp"
#include "sim/random_stream.hpp"
#include "sim/scenario.hpp"

namespace subsim {

// Read-only inputs shared by every shard of a run.
struct World {
  const Scenario* scenario = nullptr;
  Policy policy;
  std::uint64_t seed = 1;
  // Common random numbers: replications draw from the stream of `stream_replication + r`.
  std::uint32_t stream_offset = 0;
};

struct ShardStats {
  std::uint64_t events = 0;  // fired (emitted) events
  std::uint64_t stale = 0;   // queue entries skipped because a later change made them moot
};

template <class Queue>
class ShardEngine {
 public:
  ShardEngine(const World& world, const PopulationPlan& plan, std::uint32_t replication,
              std::uint32_t first, std::uint32_t last, Observer* observer);
  ShardStats run();
  const Account& account(std::uint32_t customer) const { return accounts_[customer - first_]; }

 private:
  struct Before {
    SubState state;
    Cents mrr;
    std::int32_t seats;
  };
  struct Order {
    int id = -1;  // the new subscription's name (label or slot)
    Edition edition = 0;
    Basis basis = Basis::per_device;
    TermType term = TermType::monthly;
    std::int32_t seats = 1;
    std::optional<Date> start;
    int legacy = -1;  // slot
    bool payer_path_change = false;
    std::uint16_t reseller = kNoReseller;
    bool auto_renew = true;
  };

  // Plumbing
  // Days before the start (an opening book's anchors) are scheduled on the first day.
  [[gnu::always_inline]] void schedule(Date day, QueueKind kind, std::uint32_t l, int slot,
                                       std::uint32_t arg, std::uint32_t gen = 0) {
    int d = days_between(start_, day);
    if (d < 0) d = 0;
    queue_.schedule(d, class_of(kind),
                    QueuedEvent{l, arg, gen, static_cast<std::int16_t>(slot),
                                static_cast<std::uint8_t>(kind), 0});
  }
  void arm(Account& a, int slot, Date today);
  // arm() of a subscription in a paid term (active or T): the renewal path, inlined.
  [[gnu::always_inline]] void arm_term(Account& a, int slot, Date today) {
    Subscription& s = a.subs[slot];
    std::uint32_t gen = ++s.gen;
    std::uint32_t l = local(a);
    Date end = s.current_end();
    schedule(end, QueueKind::term_end, l, slot, 0, gen);
    if (s.state == SubState::terminating) {
      // A cut-off already behind us (a late-notice renewal) was announced when auto-renew
      // went off; see auto_renew_off.
      Date cutoff = notice_cutoff(end, policy_.notice_days);
      if (cutoff >= today &&
          !queue_.is_past(days_between(start_, cutoff), class_of(QueueKind::notice_cutoff)))
        schedule(cutoff, QueueKind::notice_cutoff, l, slot, 0, gen);
    }
  }
  // What the observer needs of the state before a change (only the state without one: the
  // MRR's division is not free).
  Before before(const Subscription& s) const {
    if (!observer_) return {s.state, 0, 0};
    return {s.state, s.mrr(), earns_mrr(s.state) ? s.seats : 0};
  }
  static Before before_new() { return {SubState::count, 0, 0}; }
  // Every fired lifecycle event: checked against the lifecycle graph, counted, and handed to the
  // observer if there is one (the record is built only then).
  [[gnu::always_inline]] void emit(const Account& a, int slot, Before b, EventKind kind,
                                   RuleId rule, Date day, Cents amount = 0, Cents revenue = 0,
                                   Date rev_from = {}, Date rev_to = {}) {
    const Subscription& s = a.subs[slot];
    if (!transition_allowed(transitions_, b.state, s.state, kind)) [[unlikely]]
      transition_error(b.state, s.state, kind);
    ++stats_.events;
    if (observer_) [[unlikely]]
      record(a, slot, b, kind, rule, day, amount, revenue, rev_from, rev_to);
  }
  [[noreturn]] static void transition_error(SubState from, SubState to, EventKind kind);
  void record(const Account& a, int slot, Before b, EventKind kind, RuleId rule, Date day,
              Cents amount, Cents revenue, Date rev_from, Date rev_to);
  void note(const Account& a, int id, EventKind kind, RuleId rule, Date day, Cents amount = 0);
  void reject(const Account& a, int id, RuleId rule, Date day) {
    note(a, id, EventKind::rejected, rule, day);
  }
  Cents price(const Subscription& s) const {
    return catalog_.term_price(s.edition, s.term, s.seats);
  }
  std::uint32_t local(const Account& a) const { return a.customer - first_; }
  bool synthetic(const Account& a) const { return !plan_.is_scripted(a.customer); }
  int slot_of(const Account& a, int id) const;
  int new_slot(Account& a, const Order& o, Lineage lineage);
  RandomStream stream(const Account& a, Purpose p, std::uint32_t index = 0) const;

  // The clock
  void fire(Date today, const QueuedEvent& e);
  void on_term_end(Account& a, int slot, Date day);
  void on_expiry(Account& a, int slot, Date day);
  void on_grace_end(Account& a, int slot, Date day);
  void on_deletion(Account& a, int slot, Date day);
  void on_pending_start(Account& a, int slot, Date day);
  void on_trial_lapse(Account& a, int slot, Date day);
  void on_notice_cutoff(Account& a, int slot, Date day);

  // Orders and actions (scripted and synthetic alike)
  void place_order(Account& a, Order o, Date day);
  void order_with_legacy(Account& a, Order o, Date day);
  void start_term(Account& a, int slot, Before b, EventKind kind, RuleId rule, Date day);
  void close_lineage(Account& a, int slot, RuleId rule, Date day);
  void auto_renew_off(Account& a, int slot, Date day);
  void auto_renew_on(Account& a, int slot, Date day);
  void add_seats(Account& a, int slot, std::int32_t seats, std::optional<Edition> ed, Date day);
  void upgrade(Account& a, int slot, Edition to, std::int32_t seats, Date day);
  void fix_renewal(Account& a, int slot, Date day);
  void start_trial(Account& a, int id, const SubscriptionSpec& spec, Date day);
  void convert_trial(Account& a, int slot, Order o, Date day);
  void apply_scripted(Account& a, std::uint32_t index, Date day);
  void open_scripted(Account& a, const SubscriptionSpec& spec, Date day);

  // Synthetic behaviour
  struct TermOdds {
    double p[6] = {};  // cancel, seat growth, upgrade, snafu, downgrade, switch
    double quiet = 1;  // no intent at all
    boost::random::geometric_distribution<int> gap{0.5};
  };
  void compute_odds();
  int quiet_terms(const TermOdds& o, int term_index, RandomStream& rng) const;
  void arrive(Account& a, Date day);
  void on_term_start_behaviour(Account& a, int slot, Date day);
  void on_lost_behaviour(Account& a, int slot, Date x);
  void apply_intent(Account& a, int slot, std::uint32_t arg, Date day);
  void follow_up(Account& a, int slot, std::uint32_t extra, std::uint32_t term, Date day);
  Order profile_order(const Account& a) const;
  static Order order_of(const Profile& p);
  static Order continuing(const Account& a, int slot);
  bool federal_gate(Account& a, const QueuedEvent& e, Date day);

  const World& world_;
  const Scenario& sc_;
  const Policy& policy_;
  const Catalog& catalog_;
  const PopulationPlan& plan_;
  std::uint32_t replication_;
  std::uint32_t first_, last_;
  Observer* observer_;
  const TransitionMasks& transitions_ = transition_masks();
  Date start_;
  Queue queue_;
  std::vector<Account> accounts_;
  std::vector<TermOdds> odds_;  // [term type × editions + edition]
  ShardStats stats_;
  bool bid_done_ = false;  // F1: the event being fired already passed its special bid
};

}  // namespace subsim
