// Synthetic behaviour: what a customer decided to do, drawn at the start of a term and queued
// for the day it happens. An intent travels in a queued event's 32-bit argument; pack() and
// unpack() are the only places that know the layout.
#pragma once
#include <cstdint>

namespace subsim {

// Named as the event each leads to (model/event.hpp), where there is one.
enum class IntentKind : std::uint8_t {
  auto_renew_off,  // cancel: turn auto-renew off
  seat_add,        // S1
  upgrade,         // S5
  downgrade,       // S6 via S4: auto-renew off, then a smaller order quoting the legacy number
  handover,        // R3: auto-renew off, then the new reseller orders in advance
  renewal_fixed,   // E5
  come_back,       // after expiry: an order quoting the legacy number (E2/E3/E4)
  trial_convert,   // T1
  follow_up  // the order of a downgrade or hand-over, placed once the subscription is T
};

struct Intent {
  IntentKind kind = IntentKind::auto_renew_off;
  std::uint16_t term = 0;  // the term whose decisions queued it: keys the intent's own streams
  // follow_up: the order of a reseller switch (else of a downgrade).
  // come_back: a switch after expiry, ordered by `reseller` (else the customer's own return).
  bool reseller_switch = false;
  std::uint16_t reseller = 0;  // come_back of a switch: the new reseller

  // Layout: kind in bits 0–3, reseller_switch in bit 4, then 16 bits of the term — or, for a
  // come_back of a switch (which needs no term), of the reseller.
  std::uint32_t pack() const {
    bool carries_reseller = kind == IntentKind::come_back && reseller_switch;
    std::uint32_t value = carries_reseller ? reseller : term;
    return static_cast<std::uint32_t>(kind) | (reseller_switch ? 0x10u : 0u) | (value << 5);
  }
  // An order yet to come for the account (or its first order after a trial): while one is
  // queued, another subscription of the account may still be touched by it (M1–M3).
  bool places_order() const { return is_order() || kind == IntentKind::follow_up; }
  static Intent unpack(std::uint32_t arg) {
    Intent i;
    i.kind = static_cast<IntentKind>(arg & 0xfu);
    i.reseller_switch = (arg & 0x10u) != 0;
    auto value = static_cast<std::uint16_t>(arg >> 5);
    if (i.kind == IntentKind::come_back && i.reseller_switch)
      i.reseller = value;
    else
      i.term = value;
    return i;
  }
  // An order, so a federal end user's intent waits for its special bid (F1).
  bool is_order() const {
    return kind == IntentKind::come_back || kind == IntentKind::trial_convert;
  }
};

}  // namespace subsim
