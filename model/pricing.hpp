// P1, a subscription's own price: what it pays per seat per month, set when it is ordered and
// moved by the catalog's price changes at its renewals (after the notice and the grandfathered
// terms), by edition changes (the list's difference) — never inside a term already invoiced.
#pragma once
#include "model/catalog.hpp"
#include "model/rule_id.hpp"
#include "model/subscription.hpp"

namespace subsim {

// A new order on `day` pays the list price then, less its reseller's discount — or `own`, a
// price of its own, if ≥ 0: every change dated on or before it has reached it. A promotion
// running on `day` discounts its first terms.
void price_new_order(Subscription& s, const Catalog& c, Date day, Cents own = -1);
// A subscription in force before the run (the book) pays the price it was invoiced at: `own`
// (the book's price column) if ≥ 0, else — when the book gives the term's invoice `amount`
// (its mrr) — the own price that invoice implies, else the list before any change less its
// reseller's discount (a change dated before the run reaches it at its first renewal in the
// run).
void price_opening(Subscription& s, const Catalog& c, Cents own = -1, Cents amount = -1);
// The own price per seat per month (before the annual discount) whose term of `seats` seats of
// edition `e` and term type `t` comes nearest to invoicing `amount`: what later changes (a
// price change's factor, an upgrade's difference, added seats) start from; −1 when no price
// reaches it (a 100 % annual discount: price_opening then takes the list).
Cents own_price_of_amount(const Catalog& c, Edition e, TermType t, std::int64_t seats,
                          Cents amount);

// What is paid per seat per month at own price `unit`: less the promotion's discount while it
// has terms left.
inline Cents promoted_price(const Catalog& c, std::uint8_t promo, std::uint8_t promo_left,
                            Cents unit) {
  if (promo_left == 0) return unit;
  return prorate(unit, 10000 - c.promotions[promo - 1].discount_bp, 10000);
}
// What the subscription pays per seat per month now at own price `unit`.
inline Cents effective_unit_price(const Catalog& c, const Subscription& s, Cents unit) {
  return promoted_price(c, s.promo, s.promo_left, unit);
}
// The invoice for one full term of `seats` seats at what it pays now.
inline Cents subscription_term_amount(const Catalog& c, const Subscription& s,
                                      std::int64_t seats) {
  return c.term_amount(effective_unit_price(c, s, s.unit_price), s.edition, s.term, seats);
}
// True when a renewal may move its price (a change it has not reached, a promotion running):
// one compare on the renewal path when neither.
inline bool may_reprice(const Catalog& c, const Subscription& s) {
  return s.price_step < c.price_changes.size() || s.promo_left > 0;
}

struct TermPriceDecision {
  Cents unit_price = 0;
  std::uint8_t step = 0, waited = 0;
  std::uint8_t promo_left = 0;
  Cents paid_before = 0, paid_after = 0;  // per seat per month, promotion applied
  RuleId rule = RuleId::P1;
  // The price paid moved: a `price_change` event, rule P1.
  bool changed() const { return paid_after != paid_before; }
};
// P1 at the start of the subscription's current term (a renewal): the changes it has not
// reached yet, in date order, each reaching it at its first term starting on or after the
// change's date + notice once `grandfather_terms` such terms have passed at the old price; one
// that does not apply to its edition and term type is passed over. A promotion counts this term
// off; `changed` says whether what it pays moved.
TermPriceDecision decide_term_price(const Subscription& s, const Catalog& c);
inline void apply_term_price(Subscription& s, const TermPriceDecision& d) {
  s.unit_price = d.unit_price;
  s.price_step = d.step;
  s.price_waited = d.waited;
  s.promo_left = d.promo_left;
}

// How far the list prices are above the original on `day`: the mean over editions and term
// types of list / original − 1 (behaviour.price_response's arrival_elasticity reads it).
double list_rise(const Catalog& c, Date day);

// The own price of `from` moved to edition `to` and term type `t` (an upgrade, a downgrade or
// another term at renewal): by the difference of the list prices at the step it is on, so a
// discount or a grandfathered price is kept; never below 0.
Cents carried_unit_price(const Catalog& c, const Subscription& from, Edition to, TermType t);

}  // namespace subsim
