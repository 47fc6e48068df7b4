// An end user: one reseller at a time (R1), its subscriptions, and what it has used up (T1).
#pragma once
#include <boost/container/small_vector.hpp>
#include <cstdint>

#include "model/subscription.hpp"

namespace subsim {

inline constexpr std::uint16_t kNoReseller = 0xffff;

struct Account {
  std::uint32_t customer = 0;  // stable id: the C3 tie-break key and the random stream key
  std::uint16_t reseller = 0;  // current reseller (R1)
  std::uint16_t own_reseller = kNoReseller;  // the reseller this end user itself is, if any (R4)
  std::uint16_t lineages_issued = 0;
  std::uint16_t incarnation = 0;  // bumped when a deleted account orders again (E4)
  bool federal = false;           // F1
  bool trial_used = false;        // T1
  // Intents queued for the account that place an order when they fire (come-backs, follow-ups,
  // trial conversions): while there is none, a subscription alone among dead ones (closed,
  // deleted, lapsed) cannot be touched by anything but its own decisions (renewal runs).
  std::uint16_t pending_orders = 0;
  boost::container::small_vector<Subscription, 1> subs;

  // A fresh charge agreement number, unique across all accounts.
  Lineage new_lineage() {
    return (static_cast<Lineage>(customer) << 24) | (static_cast<Lineage>(incarnation) << 16) |
           ++lineages_issued;
  }
  // E4: once every subscription of the account is deleted (or closed/lapsed), the account
  // information is gone: a later order is a brand-new account, with a trial of its own (T1).
  void forget_if_all_deleted() {
    if (!all_deleted()) return;
    ++incarnation;
    trial_used = false;
  }
  // Nothing but subscription `slot`'s own decisions can reach it: no order is on its way and
  // every other subscription is over (closed, deleted or lapsed: none holds a place, M2–M3).
  bool alone(int slot) const {
    if (pending_orders != 0) return false;
    for (int i = 0; i < static_cast<int>(subs.size()); ++i)
      if (i != slot && !is_over(subs[i].state)) return false;
    return true;
  }
  bool all_deleted() const {
    bool any = false;
    for (const auto& s : subs) {
      if (!is_over(s.state)) return false;
      any |= s.state == SubState::deleted;
    }
    return any;
  }
};

}  // namespace subsim
