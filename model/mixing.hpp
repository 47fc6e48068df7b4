// Mixing subscriptions on one end user: M1 several editions, M2 monthly+annual only across
// editions, M3 one license basis.
#pragma once
#include "model/account.hpp"
#include "model/decision.hpp"

namespace subsim {

// May `account` take a new subscription of this edition, basis and term? `replacing` is the
// slot whose lineage the order continues (it is leaving the account), or kNoSlot.
Decision check_mixing(const Account& account, Edition edition, Basis basis, TermType term,
                      int replacing);

}  // namespace subsim
