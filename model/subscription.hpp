// A subscription: one edition, basis and term type, a seat count, an anchor, an auto-renew flag
// and a charge agreement number (its lineage).
#pragma once
#include <cstdint>

#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/money.hpp"
#include "model/sub_state.hpp"
#include "model/term.hpp"

namespace subsim {

using Lineage = std::uint64_t;
inline constexpr std::int16_t kNoSlot = -1;

struct Subscription {
  Lineage lineage = 0;       // the charge agreement number
  std::uint32_t gen = 0;     // bumped when its scheduled lifecycle events become moot
  Date anchor;               // C1 anchor of the current lineage's terms
  Date off_day;              // day auto-renew was turned off (N2)
  Date expiry_day;           // X of E1 once expired
  Date first_day, last_day;  // of the current term, cached by set_term / next_term
  CivilDate anchor_civil;    // the anchor as year/month/day
  std::int32_t seats = 0;
  Cents term_amount = 0;     // invoice of a full term at the current seats and edition
  Cents unit_price = 0;      // its own price per seat per month (P1), before the annual discount
  std::int16_t term_index = 0;         // n of the current term (C1)
  std::int16_t successor = kNoSlot;    // pending order that continues this lineage (S4, R3)
  std::int16_t predecessor = kNoSlot;  // for a pending order: the subscription it continues
  std::uint16_t reseller = 0;          // the reseller of the order (R1–R4)
  std::int16_t id = 0;                 // the account's name for it (scripted label or slot)
  std::int16_t next_decision = -1;     // behaviour: the next term in which anything happens
                                       // (-1: not drawn yet)
  Edition edition = 0;
  std::uint8_t price_step = 0;    // the catalog's price changes it has reached (P1)
  std::uint8_t price_waited = 0;  // terms passed at the old price under the next change (P1)
  std::uint8_t promo = 0;         // catalog.promotions index + 1 of its first-term promotion
  std::uint8_t promo_left = 0;    // terms left at the promotion's discount, this one included
  Basis basis = Basis::per_device;
  TermType term = TermType::monthly;
  SubState state = SubState::pending;
  bool auto_renew = true;
  bool renewal_snafu = false;  // E5: the next renewal fails
  bool late_notice = false;    // this term renewed only because notice came after the cut-off
  bool switching = false;      // behaviour: another reseller takes it over after expiry (R2)
  // Renewal runs: its term end is not queued; its seat addition, the term's only decision,
  // renews it (Lifecycle::renew_after_seat_add).
  bool renew_on_seat_add = false;
  // Counted cut-offs (Lifecycle::enable_cutoff_counting): a notice cut-off not queued, on
  // `cutoff_day`, counted if it comes before anything makes it moot (fits the tail padding).
  bool cutoff_pending = false;
  Date cutoff_day;

  // Enters term n of anchor `a` (C1). The term's dates are computed once here, from the anchor,
  // and cached: the engine asks for them several times per event.
  void set_term(Date a, int n) {
    anchor = a;
    anchor_civil = to_civil(a);
    jump_to_term(n);
  }
  // Term n of the same anchor, from the cached civil anchor (also a renewal run's last term).
  void jump_to_term(int n) {
    term_index = static_cast<std::int16_t>(n);
    first_day = add_months_clamped(anchor_civil, n * months_in(term));
    last_day = add_days(add_months_clamped(anchor_civil, (n + 1) * months_in(term)), -1);
  }
  // The next term: starts the day after this one ends, ends as C1 says (from the anchor).
  void next_term() {
    ++term_index;
    first_day = add_days(last_day, 1);
    last_day = add_days(add_months_clamped(anchor_civil, (term_index + 1) * months_in(term)), -1);
  }
  Date current_start() const { return first_day; }
  Date current_end() const { return last_day; }
  int current_days() const { return days_between(first_day, last_day) + 1; }
  // MRR of the subscription while it earns: a term's amount spread over its months.
  // No division instruction on the observed path: a constant divisor per term type.
  Cents mrr() const {
    if (!earns_mrr(state)) return 0;
    return term == TermType::monthly ? term_amount : term_amount / 12;
  }
};

}  // namespace subsim
