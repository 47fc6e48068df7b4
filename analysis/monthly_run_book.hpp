// The monthly terms of renewal runs booked in O(1) a run (issue 33). A monthly term starting in
// calendar month i on anchor day d books its invoice in month i and splits its revenue between
// months i and i + 1 by the two months' lengths alone (MonthCalendar::first_month_part): so a
// run of such terms adds, over its months, the same amount A and one of at most 16 first-month
// parts F(pair). Difference arrays over the start months hold those sums; fold() turns them into
// each month's bookings and revenue — the cents book_terms gives term by term, summed in
// another order (exact integers: the same totals).
#pragma once
#include <cstdint>
#include <vector>

#include "analysis/month_calendar.hpp"
#include "model/money.hpp"

namespace subsim {

class MonthlyRunBook {
 public:
  explicit MonthlyRunBook(const MonthCalendar& calendar);

  // `terms` monthly terms of `amount`, starting in calendar months i0 … i0 + terms − 1 (inside
  // the period) on the anchor's `day_of_month`, each ending inside the period.
  void add(int i0, int terms, int day_of_month, Cents amount);
  // Adds what was added since the last fold to bookings[m] and revenue[m], m < months().
  void fold(std::int64_t* bookings, std::int64_t* revenue);

 private:
  // Row k of the difference arrays: 0 the amounts, 1 + pair the first-month parts.
  std::int64_t* row(int k) { return diff_.data() + static_cast<std::size_t>(k) * stride_; }

  int months_;
  std::size_t stride_;
  std::vector<int> pairs_;       // the month pairs the period's months have, once each
  std::vector<std::int8_t> pair_of_;  // each month's pair
  std::vector<std::int64_t> diff_;
  bool empty_ = true;
};

}  // namespace subsim
