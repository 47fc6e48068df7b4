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

  // Terms from an anchor (C1): the calendar months after the period's first month in which the
  // anchor's month lies (may be < 0), and the day offset of the anchor's day in calendar month
  // i = 0 … months() + 12 (clamped to the month's last day): table reads, no date arithmetic.
  int months_after_start(CivilDate anchor) const {
    return (anchor.year - start_civil_.year) * 12 + (anchor.month - start_civil_.month);
  }
  int day_in_month(int i, int day_of_month) const {
    const int length = first_of_month_[i + 1] - first_of_month_[i];
    return first_of_month_[i] + (day_of_month < length ? day_of_month : length) - 1;
  }
  // How many of `terms` monthly terms starting in calendar months i0, i0 + 1, … on the anchor's
  // `day_of_month` end inside the period (the first starting in it: day_in_month(i0, …) >= 0).
  int monthly_terms_inside(int i0, int day_of_month, int terms) const {
    int k = std::min(i0 + terms, months_);  // the month the last one's successor starts in
    while (k > i0 && day_in_month(k, day_of_month) > days_) --k;
    return k - i0;
  }
  // Calendar month i's length and its successor's, as one of 16 classes (28–31 × 28–31): a
  // monthly term starting in month i on a given anchor day splits its revenue between the two
  // by them alone (C1 clamps its first and last day to them).
  static constexpr int kMonthPairs = 16;
  int month_pair(int i) const {
    const int length = first_of_month_[i + 1] - first_of_month_[i];
    const int next = first_of_month_[i + 2] - first_of_month_[i + 1];
    return (length - 28) * 4 + (next - 28);
  }
  // A monthly term starting in a month of pair class `pair` on the anchor's `day_of_month`: the
  // part of `amount` recognised in its first month (the rest falls in the next one), as split()
  // splits it.
  static Cents first_month_part(Cents amount, int pair, int day_of_month) {
    const int length = 28 + pair / 4, next = 28 + pair % 4;
    const int start = day_of_month < length ? day_of_month : length;
    const int here = length - start + 1;
    const int total = here - 1 + (day_of_month < next ? day_of_month : next);
    return here >= total ? amount : prorate(amount, here, total);
  }

  // `terms` terms of `term_months` months each, the first starting in calendar month i0 (0 <=
  // i0 < months()) on the anchor's `day_of_month` (clamped): each invoice of `amount` in its
  // term's first month (add_invoice), its revenue split over its days (add_revenue) as split()
  // splits it — the same arithmetic, term by term. Terms starting after the period are left.
  // (RunMetrics books a run's monthly terms ending inside the period in MonthlyRunBook: what
  // comes here is annual terms and a term crossing the period's end.)
  template <class AddInvoice, class AddRevenue>
  void book_terms(int i0, int day_of_month, int term_months, int terms, Cents amount,
                  AddInvoice&& add_invoice, AddRevenue&& add_revenue) const {
    int f = day_in_month(i0, day_of_month);
    if (f < 0) return;  // (the first term starts before the period: not a run's)
    for (int j = 0, i = i0; j < terms && f < days_; ++j, i += term_months) {
      const int next = day_in_month(i + term_months, day_of_month);
      add_invoice(i);
      split_from(amount, f, next - f, i, add_revenue);
      f = next;
    }
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
  CivilDate start_civil_;
  int days_, months_;
  std::vector<int> first_of_month_;   // day offset of calendar month i's first day, i = 0 …
                                      // months_ + 13 (the first < 0 when the period starts later)
  std::vector<int> month_first_day_;  // day offset of each month's first day; last = days_
  std::vector<int> month_of_day_;     // month index of each day offset
};

}  // namespace subsim
