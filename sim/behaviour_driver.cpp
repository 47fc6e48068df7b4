#include "sim/behaviour_driver.hpp"
#include "sim/sample.hpp"

#include <algorithm>
#include <boost/random/beta_distribution.hpp>
#include <cmath>

#include "model/expiry.hpp"
#include "sim/profile.hpp"

namespace subsim {

BehaviourDriver::BehaviourDriver(const RunSpec& spec, const PopulationPlan& plan,
                                 std::uint32_t replication, Lifecycle& life, Clock& clock)
    : sc_(*spec.scenario),
      bh_(spec.scenario->behaviour),
      policy_(life.policy()),
      plan_(plan),
      streams_{spec.seed, replication + spec.stream_offset},
      life_(life),
      clock_(clock) {
  compute_odds();
}

void BehaviourDriver::schedule(Account& a) {
  if (plan_.is_opening(a.customer) || plan_.is_book(a.customer))
    return clock_.schedule(clock_.start(), QueueKind::arrival, a, -1, kOpening);
  Date start = clock_.start();
  Date month_start = add_months_clamped(Date(start.year(), start.month(), 1),
                                        plan_.arrival_month(a.customer));
  Date from = std::max(month_start, start);
  Date to = std::min(add_days(add_months_clamped(month_start, 1), -1), sc_.end);
  RandomStream rng = stream(a, Purpose::profile, stream_index::arrival_day);
  Date day = add_days(from, static_cast<int>(rng.uniform_int(0, days_between(from, to))));
  clock_.schedule(day, QueueKind::arrival, a, -1, kArrival);
}

Order BehaviourDriver::profile_order(const Account& a) const {
  return draw_profile(sc_, streams_.seed, streams_.replication, a.customer).order;
}

// An order for what subscription `slot` is (edition, basis, term, seats) from the account's
// reseller, quoting its legacy number: a return, a downgrade or a reseller switch starts here.
Order BehaviourDriver::continuing(const Account& a, int slot) {
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

// A customer of the real book (population.book): its subscriptions as the book says, in force
// or expired (grace, suspended), living by the scenario's behaviour from the first day.
void BehaviourDriver::open_book(Account& a, Date day) {
  const BookAccount& b = sc_.book[a.customer - plan_.scripted];
  a.reseller = b.reseller;
  a.federal = b.federal;
  for (const BookSubscription& s : b.subscriptions) {
    if (s.status == BookSubscription::Status::active) {
      const int slot = life_.open_in_force(a, s.order, s.anchor,
                                           term_index_on(s.anchor, s.order.term, day), day,
                                           s.off_day.value_or(day));
      if (!s.order.auto_renew) plan_book_leaver(a, slot, day);
    } else {
      const int slot = s.status == BookSubscription::Status::lost
                           ? life_.open_lost(a, s.order, s.anchor, *s.expiry)
                           : life_.open_expired(a, s.order, s.anchor, *s.expiry, day);
      book_come_back(a, slot, *s.expiry, day);
    }
  }
}

// A book subscription expired on `x`, `day` the first day: it may come back as after any
// expiry (on_lost), given that it has not come back before the first day. With the come-back
// probability p and its delay D: P(back | not back by age a) = p·P(D ≥ a) / (1 − p + p·P(D ≥ a)),
// its delay drawn from D given D ≥ a (rounded to whole days as on_lost rounds it).
void BehaviourDriver::book_come_back(Account& a, int slot, Date x, Date day) {
  const Subscription& s = a.subs[slot];
  RandomStream rng = stream(a, Purpose::churn, term_stream_index(slot, s.term_index));
  const int age = days_between(x, day);
  const double tail = tail_probability(bh_.come_back_days, age - 0.5);
  const double p = bh_.come_back * tail;
  if (p <= 0 || !rng.bernoulli(p / (1 - bh_.come_back + p))) return;
  const double d = sample_at_least(bh_.come_back_days, age - 0.5, rng);
  const int delay = std::max(age, static_cast<int>(std::lround(d)));
  queue(add_days(x, delay), a, slot,
        {IntentKind::come_back, static_cast<std::uint16_t>(s.term_index)});
}

// A book subscription already leaving (auto-renew off): a book says only that it was turned off,
// not why. It is a cancellation, a downgrade (S4/S6) or a move to another reseller (R3) in the
// proportions of this subscription's odds of each; a downgrade or a move then orders as it would
// have after turning auto-renew off itself (apply()).
void BehaviourDriver::plan_book_leaver(Account& a, int slot, Date day) {
  const Subscription& s = a.subs[slot];
  TermOdds own;
  const TermOdds& o = odds_of(a, s, own);
  const double cancel = o.p[TermOdds::cancel], down = o.p[TermOdds::downgrade],
               move = o.p[TermOdds::handover];
  if (!(down + move > 0)) return;
  RandomStream rng = stream(a, Purpose::profile, stream_index::book_leaving(slot));
  const double u = rng.uniform01() * (cancel + down + move);
  if (u < cancel) return;
  const bool to_other = u >= cancel + down;
  const auto term = static_cast<std::uint16_t>(s.term_index);
  if (s.state == SubState::terminating) return follow_up(a, slot, to_other, term, day);
  if (s.state == SubState::active && !s.auto_renew) {
    Intent next{IntentKind::follow_up, term};
    next.reseller_switch = to_other;
    queue(add_days(s.current_end(), 1), a, slot, next);
  }
}

void BehaviourDriver::arrive(Account& a, Date day) {
  if (plan_.is_book(a.customer)) return open_book(a, day);
  Profile p = draw_profile(sc_, streams_.seed, streams_.replication, a.customer);
  a.reseller = p.order.reseller;
  a.federal = p.federal;
  if (plan_.is_opening(a.customer)) {
    // The opening book: anchors spread over the term that contains the first day.
    RandomStream rng = stream(a, Purpose::profile, stream_index::opening_anchor);
    Date earliest = add_days(add_months_clamped(day, -months_in(p.order.term)), 1);
    Date anchor =
        sc_.population.opening_anchors_spread
            ? add_days(earliest, static_cast<int>(rng.uniform_int(0, days_between(earliest, day))))
            : day;
    // Term 0 of an anchor near a month's end can end before a first day on a short month's last
    // (anchor Jan 31, first day Feb 28: term 0 is Jan 31 … Feb 27): the term in force is then 1.
    // (The anchor lies within one term before the first day: term 0 or 1, one table lookup.)
    const bool term0_over =
        add_months_clamped(to_civil(anchor), months_in(p.order.term)) <= day;
    life_.open_in_force(a, p.order, anchor, term0_over ? 1 : 0, day);
    return;
  }
  if (p.trial_first) {
    life_.start_trial(a, p.order, day);
    RandomStream rng = stream(a, Purpose::trial);
    if (rng.bernoulli(bh_.trial_conversion)) {
      Date when = add_days(day, static_cast<int>(rng.uniform_int(0, policy_.trial_days - 1)));
      queue(when, a, 0, {IntentKind::trial_convert});
    }
    return;
  }
  life_.place_order(a, p.order, day);
}

// The odds of a term's intents for each (term type, edition), computed once per shard: they
// depend on nothing else, and the geometric distribution's log(1 - p) is then computed once.
void BehaviourDriver::compute_odds() {
  int editions = static_cast<int>(sc_.catalog.editions.size());
  odds_.resize(2 * static_cast<std::size_t>(editions));
  for (int t = 0; t < 2; ++t)
    for (int ed = 0; ed < editions; ++ed) {
      TermOdds& o = odds_[t * editions + ed];
      bool monthly = static_cast<TermType>(t) == TermType::monthly;
      double p_cancel = monthly ? bh_.cancel_monthly : bh_.cancel_annual;
      if (!bh_.cancel_edition_factor.empty()) p_cancel *= bh_.cancel_edition_factor[ed];
      bool can_down = monthly && ed > 0;
      bool can_up = ed + 1 < editions;
      // The intents of a term, in a fixed order; each happens independently with its probability.
      const double p[TermOdds::kinds] = {std::min(1.0, p_cancel),
                                         bh_.seat_growth,
                                         can_up ? bh_.upgrade : 0.0,
                                         bh_.snafu,
                                         can_down ? bh_.downgrade_monthly : 0.0,
                                         bh_.switch_reseller};
      for (int i = 0; i < TermOdds::kinds; ++i) o.p[i] = p[i];
      set_quiet(o);
    }
}

void BehaviourDriver::set_quiet(TermOdds& o) const {
  o.quiet = 1;
  for (int i = 0; i < TermOdds::kinds; ++i) o.quiet *= 1 - o.p[i];
  if (o.quiet > 0 && o.quiet < 1) o.gap = boost::random::geometric_distribution<int>(1 - o.quiet);
}

// The odds of this customer's term: the shared ones, unless cancel follows the sBG model — then
// with the customer's own cancel probability θ ~ Beta(a, b), drawn from its own stream (the
// same θ at every term: a pure function of the customer, whatever the thread count).
const BehaviourDriver::TermOdds& BehaviourDriver::odds_of(const Account& a, const Subscription& s,
                                                          TermOdds& own) const {
  const std::size_t editions = sc_.catalog.editions.size();
  const TermOdds& shared = odds_[static_cast<int>(s.term) * editions + s.edition];
  const bool monthly = s.term == TermType::monthly;
  const Behaviour::Beta& beta = monthly ? bh_.cancel_monthly_beta : bh_.cancel_annual_beta;
  if (!beta.on()) return shared;
  RandomStream rng = stream(a, Purpose::profile,
                            monthly ? stream_index::cancel_theta_monthly
                                    : stream_index::cancel_theta_annual);
  double theta = boost::random::beta_distribution<double>(beta.a, beta.b)(rng);
  if (!bh_.cancel_edition_factor.empty()) theta *= bh_.cancel_edition_factor[s.edition];
  own = shared;
  own.p[TermOdds::cancel] = std::min(1.0, theta);
  set_quiet(own);
  return own;
}

// How many quiet terms follow before the next eventful one (geometric, memoryless).
int BehaviourDriver::quiet_terms(const TermOdds& o, int term_index, RandomStream& rng) const {
  // Never again: as far as the 16-bit term counter goes (term_index + this stays ≤ 32767; a
  // bare 32767 overflowed it for a subscription past its first term — a book's or an upgraded
  // one — and a term with no intent at all then drew one).
  if (o.quiet >= 1) return 32767 - term_index;
  if (o.quiet <= 0) return 0;
  return std::min(32767 - term_index, o.gap(rng));
}

// Draws this term's decisions for one subscription from its (slot, term) stream, so the draws
// of a term never depend on what happened in other terms or to other customers.
// Most terms are quiet. Rather than six draws per term, the driver draws how many quiet terms
// come before the next eventful one, then, in that term, which intents happen given that at
// least one does, when, and the next gap — one stream read word after word. The gap is redrawn
// from the next term's stream after an upgrade, which changes the odds (memorylessness makes the
// redraw exact).
BehaviourDriver::TermPlan BehaviourDriver::decide_term(Account& a, int slot, Date day) {
  Subscription& s = a.subs[slot];
  TermOdds own;
  const TermOdds& o = odds_of(a, s, own);
  RandomStream rng = stream(a, Purpose::term, term_stream_index(slot, s.term_index));
  // An eventful term reads 7–9 words: a gap drawn first is mostly the only one.
  if (s.next_decision == s.term_index) rng.fill_two_blocks();
  if (s.next_decision < s.term_index) {
    s.next_decision = static_cast<std::int16_t>(s.term_index + quiet_terms(o, s.term_index, rng));
    if (s.term_index < s.next_decision) return TermPlan::quiet;
  }
  bool hit[TermOdds::kinds] = {};
  double u = rng.uniform01() * (1 - o.quiet), before = 1;
  int first = TermOdds::kinds - 1;
  for (int i = 0; i < TermOdds::kinds; ++i) {
    double here = before * o.p[i];
    if (u < here) {
      first = i;
      break;
    }
    u -= here;
    before *= 1 - o.p[i];
  }
  hit[first] = true;
  for (int i = first + 1; i < TermOdds::kinds; ++i) hit[i] = rng.bernoulli(o.p[i]);
  bool cancel = hit[TermOdds::cancel], grow = hit[TermOdds::seat_growth],
       up = hit[TermOdds::upgrade], snafu = hit[TermOdds::snafu], down = hit[TermOdds::downgrade],
       move = hit[TermOdds::handover];
  Date start = std::max(s.current_start(), day);
  Date end = s.current_end();
  int span = days_between(start, end);
  auto term = static_cast<std::uint16_t>(s.term_index);
  if (cancel || down || move) {
    // Leaving (or changing) needs auto-renew off; when is drawn in days before the term end,
    // so some customers miss the cut-off and pay one more term (N2).
    Date drawn = turn_off_day(end, rng);
    Date off = std::max(start, drawn);
    IntentKind k =
        move ? IntentKind::handover : (down ? IntentKind::downgrade : IntentKind::auto_renew_off);
    // A book subscription in force with auto-renew on in a term begun before the run did not
    // turn it off before the first day (the book would say so): a decision drawn for then did
    // not happen. (Without this, leavers the book already shows are counted a second time.)
    const bool seen_on = plan_.is_book(a.customer) && day == clock_.start() &&
                         s.current_start() < day && drawn < day;
    if (!seen_on) queue(off, a, slot, {k, term});
  }
  if (grow)
    queue(add_days(start, static_cast<int>(rng.uniform_int(0, span))), a, slot,
          {IntentKind::seat_add, term});
  if (up)
    queue(add_days(start, static_cast<int>(rng.uniform_int(0, span))), a, slot,
          {IntentKind::upgrade, term});
  if (snafu && !cancel) {
    s.renewal_snafu = true;
    int fix = static_cast<int>(std::lround(sample(bh_.snafu_fix_days, rng)));
    queue(add_days(end, 1 + std::max(0, fix)), a, slot, {IntentKind::renewal_fixed, term});
  }
  // The next eventful term, unless an upgrade is coming (new odds: redraw next term).
  s.next_decision = up ? std::int16_t{-1}
                       : static_cast<std::int16_t>(std::min(
                             32767, s.term_index + 1 + quiet_terms(o, s.term_index + 1, rng)));
  if (cancel || down || move) return TermPlan::leaving;
  return up || snafu ? TermPlan::other : TermPlan::seat_add_only;
}

Date BehaviourDriver::turn_off_day(Date end, RandomStream& rng) const {
  int before_end = static_cast<int>(std::lround(sample(bh_.notice_days_before, rng)));
  return add_days(end, -std::max(0, before_end));
}

// The term's own decisions kept the customer, with cancel probability p; with the price rise
// it is p' = min(1, p · (1 + E · rise)). Leaving now with probability (p' − p) / (1 − p), from
// a stream of its own, makes the term's cancel probability exactly p' — and with E = 0 draws
// nothing, so a price-only variant changes no customer's life (common random numbers).
void BehaviourDriver::respond_to_price(Account& a, int slot, double rise, Date day) {
  if (bh_.cancel_elasticity <= 0) return;
  const Subscription& s = a.subs[slot];
  TermOdds own;
  const double p = odds_of(a, s, own).p[TermOdds::cancel];
  const double raised = std::min(1.0, p * (1 + bh_.cancel_elasticity * rise));
  if (raised <= p || p >= 1) return;
  RandomStream rng = stream(a, Purpose::price_response, term_stream_index(slot, s.term_index));
  if (!rng.bernoulli((raised - p) / (1 - p))) return;
  const Date start = std::max(s.current_start(), day);
  const Date off = std::max(start, turn_off_day(s.current_end(), rng));
  queue(off, a, slot, {IntentKind::auto_renew_off, static_cast<std::uint16_t>(s.term_index)});
}

// After an expiry nobody is fixing: the customer may come back (inside grace: a save; before
// deletion: a reactivation; after it: a new account).
void BehaviourDriver::on_lost(Account& a, int slot, Date x) {
  const Subscription& s = a.subs[slot];
  RandomStream rng = stream(a, Purpose::churn, term_stream_index(slot, s.term_index));
  if (!rng.bernoulli(bh_.come_back)) return;
  int delay = std::max(0, static_cast<int>(std::lround(sample(bh_.come_back_days, rng))));
  queue(add_days(x, delay), a, slot,
        {IntentKind::come_back, static_cast<std::uint16_t>(s.term_index)});
}

// The order that completes a downgrade (one edition lower, same reseller) or a reseller switch
// (same order, another reseller, payer-path change).
void BehaviourDriver::follow_up(Account& a, int slot, bool reseller_switch, std::uint32_t term,
                                Date day) {
  const Subscription& s = a.subs[slot];
  if (s.state != SubState::terminating) return;  // turned back on, or already gone
  Order o = continuing(a, slot);
  if (!reseller_switch) {
    if (s.edition == 0) return;
    o.edition = static_cast<Edition>(s.edition - 1);
    return life_.place_order(a, o, day);
  }
  int n = sc_.population.resellers;
  if (n < 2) return;
  RandomStream rng =
      stream(a, Purpose::amount, stream_index::reseller_switch(slot, static_cast<int>(term)));
  int first = static_cast<int>(sc_.resellers.size()) - n;
  int pick = first + static_cast<int>(rng.uniform_int(0, n - 2));
  if (pick >= a.reseller) ++pick;  // any reseller but the current one
  o.payer_path_change = true;
  o.reseller = static_cast<std::uint16_t>(pick);
  if (rng.bernoulli(bh_.switch_in_advance)) return life_.place_order(a, o, day);
  // Otherwise the new reseller orders after the old subscription has expired, inside the grace
  // window, quoting the old charge agreement number (R2).
  Date x = expiry_day(s.current_end());
  a.subs[slot].switching = true;
  int delay = static_cast<int>(rng.uniform_int(0, std::max(0, policy_.grace_days - 1)));
  Intent back{IntentKind::come_back};
  back.reseller_switch = true;
  back.reseller = static_cast<std::uint16_t>(pick);
  queue(add_days(x, delay), a, slot, back);
}

void BehaviourDriver::apply(Account& a, int slot, Intent intent, Date day) {
  if (intent.places_order()) --a.pending_orders;
  switch (intent.kind) {
    case IntentKind::auto_renew_off:
      return life_.auto_renew_off(a, slot, day);
    case IntentKind::seat_add: {
      RandomStream rng = stream(a, Purpose::amount, term_stream_index(slot, intent.term));
      auto seats = std::max<std::int32_t>(
          1, static_cast<std::int32_t>(std::lround(sample(bh_.seats_added, rng))));
      life_.add_seats(a, slot, seats, std::nullopt, day);
      return life_.renew_after_seat_add(a, slot, day);
    }
    case IntentKind::upgrade:
      return life_.upgrade(a, slot, static_cast<Edition>(a.subs[slot].edition + 1),
                           a.subs[slot].seats, day);
    case IntentKind::downgrade:
    case IntentKind::handover: {
      // S4/S6, R3: auto-renew off, then the order quoting the legacy number — now if the
      // subscription is set to terminate, else on the first day of the next term, when it is.
      life_.auto_renew_off(a, slot, day);
      const Subscription& s = a.subs[slot];
      bool to_other = intent.kind == IntentKind::handover;
      if (s.state == SubState::terminating) return follow_up(a, slot, to_other, intent.term, day);
      if (s.state == SubState::active && !s.auto_renew) {
        Intent next{IntentKind::follow_up, intent.term};
        next.reseller_switch = to_other;
        queue(add_days(s.current_end(), 1), a, slot, next);
      }
      return;
    }
    case IntentKind::follow_up:
      return follow_up(a, slot, intent.reseller_switch, intent.term, day);
    case IntentKind::renewal_fixed:
      return life_.fix_renewal(a, slot, day);
    case IntentKind::come_back: {
      Order o = continuing(a, slot);
      if (intent.reseller_switch) o.reseller = intent.reseller;
      o.payer_path_change = true;
      return life_.place_order(a, o, day);
    }
    case IntentKind::trial_convert:
      return life_.convert_trial(a, slot, profile_order(a), day);
  }
}

}  // namespace subsim
