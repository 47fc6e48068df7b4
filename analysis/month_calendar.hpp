// The simulated period as day offsets and calendar months, computed once so the per-event
// paths of the metrics stay integer-only: which month a day is in, where an invoice falls,
// and how a revenue recognised daily splits over the months (exactly, by cumulative
// allocation: the months add up to the revenue).
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/date.hpp"
#include "model/money.hpp"

namespace subsim {

class MonthCalendar {
 public:
  MonthCalendar(Date start, Date end);

  Date start() const { return start_; }
  int days() const { return days_; }
  int months() const { return months_; }
  int day_of(Date d) const { return days_between(start_, d); }
  int month_of_day(int day) const { return month_of_day_[day]; }

  // The month of an invoice, or -1 when it falls after the period: it is dated the later of
  // the event's day and the first day it pays for (rules.md, Money: a renewal decided on a
  // term's last day invoices the next term the day after).
  int invoice_month(int today, Date pays_from) const {
    int day = today;
    if (!pays_from.is_special()) day = std::max(day, day_of(pays_from));
    return day < days_ ? month_of_day_[day] : -1;
  }

  // Adds the part of `revenue` (recognised daily over [from, to]) that falls in each month of
  // the period to month_total[month]: recognised by the end of day t = revenue × elapsed /
  // total days.
  template <class Add>
  void split(Cents revenue, Date from, Date to, Add&& add) const {
    const int f = day_of(from);
    const int total = days_between(from, to) + 1;
    const int lo = f < 0 ? -f : 0;                          // first elapsed day inside
    const int hi = total < days_ - f ? total : days_ - f;  // one past the last
    if (lo >= hi) return;
    split_days(revenue, f, total, lo, hi, month_of_day_[f + lo], add);
  }
  // split() of `total` days from day offset f (0 <= f < days) in month m, known to the caller.
  template <class Add>
  void split_from(Cents revenue, int f, int total, int m, Add&& add) const {
    split_days(revenue, f, total, 0, total < days_ - f ? total : days_ - f, m, add);
  }

 private:
  template <class Add>
  void split_days(Cents revenue, int f, int total, int lo, int hi, int m, Add&& add) const {
    int done = lo;
    Cents before = done == 0 ? 0 : prorate(revenue, done, total);
    while (done < hi) {
      const int next = month_first_day_[m + 1] - f;
      const int upto = hi < next ? hi : next;
      const Cents after = upto == total ? revenue : prorate(revenue, upto, total);
      add(m, after - before);
      before = after;
      done = upto;
      ++m;
    }
  }

  Date start_;
  int days_, months_;
  std::vector<int> month_first_day_;  // day offset of each month's first day; last = days_
  std::vector<int> month_of_day_;     // month index of each day offset
};

}  // namespace subsim
