#include "analysis/month_calendar.hpp"

#include <algorithm>

namespace subsim {

MonthCalendar::MonthCalendar(Date start, Date end)
    : start_(start), days_(days_between(start, end) + 1), months_(month_index(start, end) + 1) {
  Date first_of_month(start.year(), start.month(), 1);
  for (int m = 0; m <= months_; ++m)
    month_first_day_.push_back(
        std::max(0, days_between(start, add_months_clamped(first_of_month, m))));
  month_first_day_.back() = days_;
  start_civil_ = to_civil(start);
  const Date first(start.year(), start.month(), 1);
  for (int i = 0; i <= months_ + 13; ++i)
    first_of_month_.push_back(days_between(start, add_months_clamped(first, i)));
  month_of_day_.resize(days_);
  for (int m = 0; m < months_; ++m)
    for (int d = month_first_day_[m]; d < month_first_day_[m + 1]; ++d) month_of_day_[d] = m;
}

}  // namespace subsim
