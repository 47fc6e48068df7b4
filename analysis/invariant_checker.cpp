#include "analysis/invariant_checker.hpp"

namespace subsim {

void InvariantChecker::fail(const Event& e, const char* rule, const std::string& what) const {
  throw InvariantViolation(e.customer, std::string("invariant ") + rule + " broken: subscription " +
                                           std::to_string(e.sub) + ", " +
                                           std::string(to_string(e.kind)) + " on " +
                                           format_iso(e.date) + ": " + what);
}

void InvariantChecker::check_anchored(const Event& e) const {
  if (e.anchor.is_special() || e.term_months == 0 || e.rev_from < e.anchor) return;
  // Term n of anchor A is [A + nL, A + (n+1)L − 1], months clamped to the month's end (C1).
  const int months = month_index(e.anchor, e.rev_from);
  const int n = months / e.term_months;
  const Date start = add_months_clamped(e.anchor, n * e.term_months);
  const Date end = add_days(add_months_clamped(e.anchor, (n + 1) * e.term_months), -1);
  if (start != e.rev_from || end != e.rev_to)
    fail(e, "C1", "term " + format_iso(e.rev_from) + " .. " + format_iso(e.rev_to) +
                      " is not a term of anchor " + format_iso(e.anchor) + " (expected " +
                      format_iso(start) + " .. " + format_iso(end) + ")");
}

void InvariantChecker::on_event(const Event& e) {
  if (e.amount < 0) fail(e, "money", "a negative invoice " + format_money(e.amount));
  if (e.revenue < 0) fail(e, "money", "negative revenue " + format_money(e.revenue));
  if (e.sub < 0 || e.term_months == 0) return;  // a note (order, rejection): no subscription
  Sub& s = subs_[(static_cast<std::uint64_t>(e.customer) << 16) |
                 static_cast<std::uint16_t>(e.sub)];
  s.mrr += e.mrr_delta;
  s.seats += e.seats_delta;
  if (s.mrr < 0) fail(e, "money", "the subscription's MRR went below 0");
  if (s.seats < 0) fail(e, "seats", "the subscription's seats went below 0");
  switch (e.kind) {
    case EventKind::renewal:
      if (!s.term_end.is_special() && e.date != s.term_end)
        fail(e, "C2", "the current term ends on " + format_iso(s.term_end));
      if (e.rev_from != add_days(e.date, 1))
        fail(e, "C2", "the new term starts on " + format_iso(e.rev_from) + ", not the next day");
      check_anchored(e);
      s.term_end = e.rev_to;
      break;
    case EventKind::opening:
      if (e.to == SubState::grace || e.to == SubState::suspended) {  // a book's expired one
        s.expiry = e.rev_from;
        break;
      }
      [[fallthrough]];
    case EventKind::start:
    case EventKind::reactivation:
      check_anchored(e);
      [[fallthrough]];
    case EventKind::handover:
    case EventKind::trial_convert:
    case EventKind::restore:
      if (!e.rev_to.is_special()) s.term_end = e.rev_to;
      s.expiry = Date();
      break;
    case EventKind::expiry:
      s.expiry = e.date;
      break;
    case EventKind::grace_end:
      if (s.expiry.is_special() || e.date != add_days(s.expiry, policy_.grace_days))
        fail(e, "E2",
             "expected grace_days (" + std::to_string(policy_.grace_days) + ") after expiry " +
                 (s.expiry.is_special() ? std::string("(none)") : format_iso(s.expiry)));
      break;
    case EventKind::deletion:
      if (s.expiry.is_special() || e.date != add_days(s.expiry, policy_.deletion_days))
        fail(e, "E4",
             "expected deletion_days (" + std::to_string(policy_.deletion_days) +
                 ") after expiry " +
                 (s.expiry.is_special() ? std::string("(none)") : format_iso(s.expiry)));
      s.expiry = Date();
      break;
    default:
      break;
  }
}

}  // namespace subsim
