// An order: what a partner asks for — one edition, basis and term type, a seat count, an
// optional start, and what it continues (a legacy charge agreement number, S4/E2/E3/R2/R3).
// The one order type of subsim: scenarios' scripted subscriptions and actions, synthetic
// customers' profiles and the engine all use it.
#pragma once
#include <cstdint>
#include <optional>

#include "model/account.hpp"
#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/term.hpp"

namespace subsim {

struct Order {
  int id = -1;  // the account's name for the new subscription (a scripted label; -1: its slot)
  Edition edition = 0;
  Basis basis = Basis::per_device;
  TermType term = TermType::monthly;
  std::int32_t seats = 1;      // 0 on a trial: T1 has no seat limit
  std::optional<Date> start;   // a future start holds the order pending (C2)
  int legacy = -1;             // the subscription whose lineage it continues: a label in a
                               // scenario, a slot in the engine; -1 = none
  bool payer_path_change = false;
  std::uint16_t reseller = kNoReseller;  // kNoReseller: the account's current reseller
  bool auto_renew = true;
  Cents unit_price = -1;  // its own price per seat per month (a book's price); -1: the list (P1)
  // A book's invoice for the term in force (its `mrr` × the term's months): MRR from the first
  // day to the cent; -1: the term is invoiced at its own price.
  Cents opening_amount = -1;
};

}  // namespace subsim
