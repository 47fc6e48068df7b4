// Seats and editions: S1 add, S2 same type, S3/S4 removal, S5 upgrade, S6 downgrade, L1
// reallocation.
#pragma once
#include <optional>

#include "model/catalog.hpp"
#include "model/decision.hpp"
#include "model/policy.hpp"
#include "model/subscription.hpp"

namespace subsim {

// S1/S2: adding `seats` (of `edition` when the order names one) to `s` on `day`.
Decision check_add_seats(const Subscription& s, std::optional<Edition> edition, const Policy& p);
// S1: the charge for the balance of the term: the added seats' term price × remaining days /
// days in term (the remaining days count `day` itself). proration none: the full term price.
Cents add_seats_charge(const Catalog& c, const Subscription& s, Date day, std::int32_t seats,
                       const Policy& p);

// S3 (annual) / S4 (monthly): never during the term (and outside one, the state's rule).
Decision check_remove_seats(const Subscription& s);

// S5: to a higher edition with the same or more seats.
Decision check_upgrade(const Subscription& s, Edition to, std::int32_t seats);
// S5: the price difference prorated for the balance of the term like S1.
Cents upgrade_charge(const Catalog& c, const Subscription& s, Date day, Edition to,
                     std::int32_t seats, const Policy& p);

// S6: annual never; monthly not mid-month (only through the S4 steps at the next cycle).
Decision check_downgrade(const Subscription& s);

// L1: licences move between devices or users at no charge, in a paid term or a trial.
Decision check_reallocation(const Subscription& s);
// S4/S6: an order continuing `old`'s lineage at its renewal. Annual reductions need the
// policy switch; annual downgrades are refused.
Decision check_renewal_change(const Subscription& old, Edition to, std::int32_t seats,
                              TermType term, const Policy& p);

}  // namespace subsim
