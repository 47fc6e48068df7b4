// The synthetic customers' driver: arrivals and the opening book, and at the start of each paid
// term the customer's intents for it (cancel, seats, upgrade, snafu, downgrade, reseller
// switch), drawn from that term's own stream and queued for their days; after a loss, whether
// and when the customer comes back. Intents become the lifecycle's orders and actions.
#pragma once
#include <boost/random/geometric_distribution.hpp>
#include <cstdint>
#include <vector>

#include "sim/intent.hpp"
#include "sim/lifecycle.hpp"
#include "sim/population_plan.hpp"
#include "sim/run_spec.hpp"

namespace subsim {

// Values of a queued arrival's argument.
inline constexpr std::uint32_t kArrival = 0;
inline constexpr std::uint32_t kOpening = 1;  // a customer of the opening book (no F1 bid)

class BehaviourDriver {
 public:
  BehaviourDriver(const RunSpec& spec, const PopulationPlan& plan, std::uint32_t replication,
                  Lifecycle& life, Clock& clock);

  // Schedules synthetic customer `a`'s arrival (or its opening on the first day).
  void schedule(Account& a);
  void arrive(Account& a, Date day);
  // A paid term of `slot` has started: most terms are quiet, and that is decided inline.
  // `price_rise`: the share its own price rose by at this term's start (P1), if it did.
  // True when the term's only decision is a seat addition (renewal runs: its renewal is then
  // certain once the addition has come, Lifecycle::renew_after_seat_add).
  [[gnu::always_inline]] bool on_term_start(Account& a, int slot, Date day,
                                            double price_rise = 0) {
    const Subscription& s = a.subs[slot];
    if (!s.auto_renew) return false;  // already leaving: nothing more to decide
    // A quiet term (the common case) unless it is the next eventful one.
    const TermPlan plan =
        s.term_index >= s.next_decision ? decide_term(a, slot, day) : TermPlan::quiet;
    if (price_rise > 0) [[unlikely]] {
      if (plan != TermPlan::leaving) respond_to_price(a, slot, price_rise, day);
      return false;
    }
    return plan == TermPlan::seat_add_only;
  }
  // `slot` expired and nobody is fixing it.
  void on_lost(Account& a, int slot, Date x);
  // A book subscription expired on `x` before the first day `day` (grace, suspended or lost).
  void book_come_back(Account& a, int slot, Date x, Date day);
  void apply(Account& a, int slot, Intent intent, Date day);

 private:
  struct TermOdds {
    // A term's intents, in the fixed order its draws take them.
    enum Which : int { cancel, seat_growth, upgrade, snafu, downgrade, handover, kinds };
    double p[kinds] = {};  // the probability of each in a term
    double quiet = 1;  // no intent at all
    boost::random::geometric_distribution<int> gap{0.5};
  };
  void compute_odds();
  void open_book(Account& a, Date day);
  void plan_book_leaver(Account& a, int slot, Date day);
  void set_quiet(TermOdds& o) const;
  const TermOdds& odds_of(const Account& a, const Subscription& s, TermOdds& own) const;
  int quiet_terms(const TermOdds& o, int term_index, RandomStream& rng) const;
  // What a term's decisions are: none (a quiet term), a seat addition only, leaving (cancel,
  // downgrade, switch), or others (an upgrade, a snafu, with or without seats).
  enum class TermPlan : std::uint8_t { quiet, seat_add_only, leaving, other };
  TermPlan decide_term(Account& a, int slot, Date day);
  // behaviour.price_response: the extra cancellation of a term begun at a price `rise` higher,
  // for a customer the term's own decisions keep.
  void respond_to_price(Account& a, int slot, double rise, Date day);
  // When a leaver turns auto-renew off in a term ending on `end`: drawn in days before it
  // (the caller keeps it inside the term).
  Date turn_off_day(Date end, RandomStream& rng) const;
  void follow_up(Account& a, int slot, bool reseller_switch, std::uint32_t term, Date day);
  void queue(Date day, Account& a, int slot, Intent intent) {
    if (intent.places_order()) ++a.pending_orders;
    clock_.schedule(day, QueueKind::intent, a, slot, intent.pack());
  }
  Order profile_order(const Account& a) const;
  static Order continuing(const Account& a, int slot);
  RandomStream stream(const Account& a, Purpose p, std::uint32_t index = 0) const {
    return streams_(a.customer, p, index);
  }

  const Scenario& sc_;
  const Behaviour& bh_;
  const Policy& policy_;
  const PopulationPlan& plan_;
  ReplicationStreams streams_;
  Lifecycle& life_;
  Clock& clock_;
  std::vector<TermOdds> odds_;  // [term type × editions + edition]
};

}  // namespace subsim
