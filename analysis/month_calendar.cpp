#include "analysis/month_calendar.hpp"

#include <algorithm>

namespace subsim {

MonthCalendar::MonthCalendar(Date start, Date end)
    : start_(start),
      start_civil_(to_civil(start)),
      days_(days_between(start, end) + 1),
      months_(month_index(start, end) + 1) {
  const Date first(start.year(), start.month(), 1);
  for (int i = 0; i <= months_ + 13; ++i)
    first_of_month_.push_back(days_between(start, add_months_clamped(first, i)));
  // The period's months: the calendar's, the first from the period's first day, the last to
  // its last.
  for (int m = 0; m <= months_; ++m) month_first_day_.push_back(std::max(0, first_of_month_[m]));
  month_first_day_.back() = days_;
  month_of_day_.resize(days_);
  for (int m = 0; m < months_; ++m)
    for (int d = month_first_day_[m]; d < month_first_day_[m + 1]; ++d) month_of_day_[d] = m;
}

}  // namespace subsim
