// The invariants of the event stream (analysis/invariant_checker.hpp) on hand-written events.
#include "analysis/invariant_checker.hpp"

#include <doctest/doctest.h>

using namespace subsim;

namespace {

Event ev(EventKind kind, Date day, Date from = Date(), Date to = Date(), Cents amount = 0) {
  Event e;
  e.date = day;
  e.customer = 7;
  e.sub = 0;
  e.kind = kind;
  e.rev_from = from;
  e.rev_to = to;
  e.amount = amount;
  e.revenue = amount;
  e.anchor = Date(2027, 1, 31);
  e.term_months = 1;
  return e;
}
}  // namespace

TEST_CASE("a lifecycle that keeps the rules passes the invariants") {
  Policy p;
  InvariantChecker c(p);
  c.on_event(ev(EventKind::start, Date(2027, 1, 31), Date(2027, 1, 31), Date(2027, 2, 27), 500));
  // Anchor Jan 31: Feb 28 … Mar 30, then Mar 31 … Apr 29 (C1 from the anchor, clamped).
  c.on_event(ev(EventKind::renewal, Date(2027, 2, 27), Date(2027, 2, 28), Date(2027, 3, 30), 500));
  c.on_event(ev(EventKind::renewal, Date(2027, 3, 30), Date(2027, 3, 31), Date(2027, 4, 29), 500));
  c.on_event(ev(EventKind::expiry, Date(2027, 4, 30)));
  c.on_event(ev(EventKind::grace_end, Date(2027, 5, 15)));
  c.on_event(ev(EventKind::deletion, Date(2027, 6, 29)));
}

TEST_CASE("each broken invariant is named with its rule") {
  Policy p;
  auto broken = [&](std::initializer_list<Event> events) -> std::string {
    InvariantChecker c(p);
    try {
      for (const Event& e : events) c.on_event(e);
    } catch (const InvariantViolation& v) {
      CHECK(v.customer() == 7);
      return v.what();
    }
    return "";
  };
  const Event start = ev(EventKind::start, Date(2027, 1, 31), Date(2027, 1, 31), Date(2027, 2, 27), 500);
  // A renewal a day early (C2).
  CHECK(broken({start, ev(EventKind::renewal, Date(2027, 2, 26), Date(2027, 2, 27), Date(2027, 3, 30))})
            .find("invariant C2 broken") == 0);
  // Stepping month by month from Feb 28 instead of computing from the anchor Jan 31 (C1).
  CHECK(broken({start, ev(EventKind::renewal, Date(2027, 2, 27), Date(2027, 2, 28), Date(2027, 3, 27))})
            .find("invariant C1 broken") == 0);
  // A deletion one day early (E4), a grace end one day late (E2).
  const Event expiry = ev(EventKind::expiry, Date(2027, 2, 28));
  CHECK(broken({start, expiry, ev(EventKind::deletion, Date(2027, 4, 28))})
            .find("invariant E4 broken") == 0);
  CHECK(broken({start, expiry, ev(EventKind::grace_end, Date(2027, 3, 16))})
            .find("invariant E2 broken") == 0);
  // A deletion after a restore is not an E4 deletion of that expiry.
  CHECK(broken({start, expiry,
                ev(EventKind::restore, Date(2027, 3, 5), Date(2027, 2, 28), Date(2027, 3, 30), 500),
                ev(EventKind::deletion, Date(2027, 4, 29))})
            .find("invariant E4 broken") == 0);
  // Money: a negative invoice; an MRR below 0.
  CHECK(broken({ev(EventKind::seat_add, Date(2027, 2, 1), Date(2027, 2, 1), Date(2027, 2, 27), -5)})
            .find("invariant money broken") == 0);
  Event drop = ev(EventKind::seat_add, Date(2027, 2, 1));
  drop.mrr_delta = -1;
  CHECK(broken({drop}).find("the subscription's MRR went below 0") != std::string::npos);
}
