#include "sim/emitter.hpp"

#include <stdexcept>
#include <string>

namespace subsim {

void Emitter::transition_error(SubState from, SubState to, EventKind kind) {
  // The state machine is data: a transition the graph lacks is a bug, never silently allowed.
  throw std::logic_error("transition not in the lifecycle graph: " + std::string(to_string(from)) +
                         " -> " + std::string(to_string(to)) + " on " +
                         std::string(to_string(kind)));
}

void Emitter::record_run(const Account& a, int slot, int n) {
  const Subscription& s = a.subs[slot];
  RenewalRun r;
  r.customer = a.customer;
  r.sub = static_cast<std::int16_t>(slot);
  r.first_term = static_cast<std::int16_t>(s.term_index + 1);
  r.terms = n;
  r.anchor = s.anchor_civil;
  r.term_months = static_cast<std::uint8_t>(months_in(s.term));
  r.amount = s.term_amount;
  r.seats = s.seats;
  observer_->on_renewal_run(r);
}

void Emitter::record(const Account& a, int slot, Before b, EventKind kind, RuleId rule, Date day,
                     Cents amount, Cents revenue, Date rev_from, Date rev_to) {
  const Subscription& s = a.subs[slot];
  Event& e = next_record();
  e.date = day;
  e.customer = a.customer;
  e.sub = s.id;
  e.kind = kind;
  e.rule = rule;
  e.from = b.state;
  e.to = s.state;
  e.amount = amount;
  e.mrr_delta = s.mrr() - b.mrr;
  e.seats_delta = (earns_mrr(s.state) ? s.seats : 0) - b.seats;
  e.revenue = revenue;
  e.rev_from = rev_from;
  e.rev_to = rev_to;
  e.anchor = s.anchor;
  e.term_months = static_cast<std::uint8_t>(months_in(s.term));
  e.edition = s.edition;
  e.basis = static_cast<std::uint8_t>(s.basis);
  e.reseller = s.reseller;
  e.seats = s.seats;
}

void Emitter::note(const Account& a, int id, EventKind kind, RuleId rule, Date day, Cents amount) {
  ++stats_.events;
  if (!observer_) return;
  Event& e = next_record();
  e = Event{};
  e.date = day;
  e.customer = a.customer;
  e.sub = static_cast<std::int16_t>(id);
  e.kind = kind;
  e.rule = rule;
  e.amount = amount;
  e.reseller = a.reseller;
}

}  // namespace subsim
