#include "analysis/monthly_run_book.hpp"

#include <algorithm>
#include <stdexcept>

namespace subsim {

MonthlyRunBook::MonthlyRunBook(const MonthCalendar& calendar)
    : months_(calendar.months()),
      stride_(static_cast<std::size_t>(months_) + 1),
      diff_((1 + MonthCalendar::kMonthPairs) * stride_, 0) {
  for (int m = 0; m < months_; ++m) {
    const int p = calendar.month_pair(m);
    pair_of_.push_back(static_cast<std::int8_t>(p));
    if (std::find(pairs_.begin(), pairs_.end(), p) == pairs_.end()) pairs_.push_back(p);
  }
}

void MonthlyRunBook::add(int i0, int terms, int day_of_month, Cents amount) {
  if (terms <= 0 || amount == 0) return;
  empty_ = false;
  const int i1 = i0 + terms;
  add_exact(row(0)[i0], amount, "monthly bookings");
  add_exact(row(0)[i1], -amount, "monthly bookings");
  for (int p : pairs_) {
    const Cents part = MonthCalendar::first_month_part(amount, p, day_of_month);
    add_exact(row(1 + p)[i0], part, "monthly recognised revenue");
    add_exact(row(1 + p)[i1], -part, "monthly recognised revenue");
  }
}

void MonthlyRunBook::fold(std::int64_t* bookings, std::int64_t* revenue) {
  if (empty_) return;
  std::int64_t amount = 0, parts[MonthCalendar::kMonthPairs] = {};
  for (int m = 0; m < months_; ++m) {
    add_exact(amount, row(0)[m], "monthly bookings");
    for (int p : pairs_) add_exact(parts[p], row(1 + p)[m], "monthly recognised revenue");
    // The terms starting in month m: their invoices, their first month's revenue here, the
    // rest next month (a term ends inside the period: month m + 1 is in it when the rest is
    // not zero).
    const std::int64_t first = parts[pair_of_[m]];
    add_exact(bookings[m], amount, "monthly bookings");
    add_exact(revenue[m], first, "monthly recognised revenue");
    if (amount == first) continue;
    // A term starting in the last month ends in it (anchor day 1, the period ending with the
    // month): its rest is 0. Anything else is a term add() should not have taken.
    if (m + 1 == months_) throw std::logic_error("a run's monthly term ends after the period");
    add_exact(revenue[m + 1], amount - first, "monthly recognised revenue");
  }
  std::fill(diff_.begin(), diff_.end(), 0);
  empty_ = true;
}

}  // namespace subsim
