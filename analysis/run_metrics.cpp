#include "analysis/run_metrics.hpp"

#include <algorithm>
#include <cstdint>

#include "sim/scratch_pool.hpp"
#include "model/money.hpp"

namespace subsim {

RunMetrics::RunMetrics(Date start, Date end, std::uint32_t first_customer, std::uint32_t customers)
    : calendar_(start, end),
      run_book_(calendar_),
      days_(calendar_.days()),
      months_(calendar_.months()),
      first_(first_customer),
      monthly_(months_) {
  if (customers > 0) {  // a shard (a replication's merged total has no customers of its own)
    customers_ = ScratchPool<Customer>::take(customers, Customer{});
    failed_ = ScratchPool<std::uint8_t>::take(customers, 0);
    touched_day_ = ScratchPool<std::uint32_t>::take(0, 0);
    touched_month_ = ScratchPool<std::uint32_t>::take(0, 0);
  }
  cohort_cust_.assign(static_cast<std::size_t>(months_) * months_, 0);
  cohort_mrr_.assign(static_cast<std::size_t>(months_) * months_, 0);
  cohort_size_.assign(months_, 0);
  cohort_start_mrr_.assign(months_, 0);
  cohort_active_now_.assign(months_, 0);
  cohort_mrr_now_.assign(months_, 0);
  km_events_.assign(days_ + 1, 0);
  km_censored_.assign(days_ + 1, 0);
  if (months_ > 12 && customers > 0) {
    month_end_mrr_ = ScratchPool<std::int64_t>::take(static_cast<std::size_t>(customers) * 12, 0);
    mrr_now_ = ScratchPool<std::int64_t>::take(customers, 0);
  }
}

void RunMetrics::touch(std::uint32_t local, Customer& c) {
  if (c.touched_day != day_) {
    c.touched_day = day_;
    c.mrr_day = c.mrr;
    touched_day_.push_back(local);
  }
  if (c.touched_month != month_) {
    c.touched_month = month_;
    touched_month_.push_back(local);
  }
}

// The run's renewals as handle() books each: the invoice dated the term's first day (the
// renewal on its eve), its revenue split over the term's days; they move no MRR, seat or state.
// Each term starts term_months calendar months after the one before (C1 clamps only the day),
// so its month is the last one's + term_months; inside the period its invoice falls in it.
void RunMetrics::on_renewal_run(const RenewalRun& r) {
  totals_.events += r.terms;
  if (r.amount > 0) failed_[r.customer - first_] = 0;  // paid again, as a renewal event says
  std::int64_t* bookings = &monthly_.at(Series::bookings, 0);
  std::int64_t* revenue = &monthly_.at(Series::recognized_revenue, 0);
  // A run starts inside the period; its terms starting after it invoice nothing in it.
  const int i0 = calendar_.months_after_start(r.anchor) + r.first_term * r.term_months;
  if (i0 < 0 || i0 >= calendar_.months()) return;
  const Cents amount = r.amount;
  try {
    // Monthly terms ending inside the period: O(1) for the run (MonthlyRunBook); the rest —
    // annual terms, a term crossing the period's end — term by term.
    int booked = 0;
    if (r.term_months == 1 && calendar_.day_in_month(i0, r.anchor.day) >= 0) {
      booked = calendar_.monthly_terms_inside(i0, r.anchor.day, r.terms);
      run_book_.add(i0, booked, r.anchor.day, amount);
    }
    calendar_.book_terms(
        i0 + booked, r.anchor.day, r.term_months, r.terms - booked, amount,
        [bookings, amount](int month) { add_exact(bookings[month], amount, "monthly bookings"); },
        [revenue](int month, Cents part) {
          add_exact(revenue[month], part, "monthly recognised revenue");
        });
  } catch (const ExactnessError& x) {
    if (x.has_customer()) throw;
    throw ExactnessError(x.quantity(), r.customer);
  }
}

void RunMetrics::on_event(const Event& e) {
  on_events(&e, 1);
}

void RunMetrics::on_events(const Event* events, std::size_t n) {
  totals_.events += static_cast<std::int64_t>(n);
  for_each_event(events, n, [this](const Event& e) { handle(e); });
}

[[gnu::always_inline]] inline void RunMetrics::handle(const Event& e) {
  // An invoice is dated the first day of what it pays for (rules.md, Money): a renewal decided
  // on a term's last day (C2) invoices the next term the day after. Invoices dated after the
  // period are not its bookings.
  const int invoice_month = e.amount != 0 ? calendar_.invoice_month(day_, e.rev_from) : -1;
  const bool booked = invoice_month >= 0;
  if (booked)  // the totals are the months' sums, taken once at the end (on_finish)
    add_exact(monthly_.at(Series::bookings, invoice_month), e.amount, "monthly bookings");
  if (e.revenue != 0)
    calendar_.split(e.revenue, e.rev_from, e.rev_to, [this](int m, Cents part) {
      add_exact(monthly_.at(Series::recognized_revenue, m), part, "monthly recognised revenue");
    });
  switch (e.kind) {
    case EventKind::reactivation:
      ++totals_.reactivations;
      break;
    case EventKind::deletion:
      ++totals_.deletions;
      ++monthly_.at(Series::deletions, month_);
      break;
    case EventKind::restore:
      ++totals_.grace_saves;
      break;
    case EventKind::renewal:
      if (e.rule == RuleId::N2 && booked) {  // a late-notice term inside the period
        ++totals_.late_notice_terms;
        add_exact(totals_.late_notice_revenue, e.amount, "late-notice revenue");
      }
      break;
    case EventKind::rejected:
      ++totals_.rejected_orders;
      ++totals_.rejected_by_rule[static_cast<int>(e.rule)];
      break;
    case EventKind::handover:
      ++totals_.handovers;
      break;
    case EventKind::trial_start:
      ++totals_.trials_started;
      break;
    case EventKind::trial_convert:
      ++totals_.trials_converted;
      break;
    default:
      break;
  }
  if (e.from != e.to) {
    active_subs_ += (e.to != SubState::count && earns_mrr(e.to)) -
                    (e.from != SubState::count && earns_mrr(e.from));
    in_grace_ += (e.to == SubState::grace) - (e.from == SubState::grace);
  }
  seats_ += e.seats_delta;
  const std::uint32_t local = e.customer - first_;
  // A byte per customer (cache-resident) rather than its record: most events (renewals) stop here.
  if (e.kind == EventKind::renewal_failed) failed_[local] = 1;
  if (e.amount > 0) failed_[local] = 0;  // paid again: a renewal, a restore, a new order
  if (e.mrr_delta == 0) return;
  Customer& c = customers_[local];
  touch(local, c);
  add_exact(c.mrr, e.mrr_delta, "an account's MRR");
  if (e.kind == EventKind::price_change) [[unlikely]] {
    if (price_month_.empty()) price_month_.assign(customers_.size(), 0);
    add_exact(price_month_[local], e.mrr_delta, "an account's price moves");
  }
  wide_mrr_ |= (c.mrr >> 50) != 0;  // past 2^50 (or negative): the ring's sums go 128-bit
  if (!mrr_now_.empty()) mrr_now_[local] = c.mrr;
  if (e.kind == EventKind::opening) {
    // Already paying on day one: part of the opening book, not new business.
    add_exact(c.mrr_day, e.mrr_delta, "an account's MRR");
    add_exact(c.mrr_month, e.mrr_delta, "an account's MRR");
    c.ever_paid = true;
    c.opening = true;
    add_exact(totals_.opening_mrr, e.mrr_delta, "opening MRR");
    if (c.mrr_month == e.mrr_delta) {
      ++active_customers_;
      ++totals_.opening_customers;
    }
  }
}

void RunMetrics::close_day() {
  // Retention base: who pays at the end of the first day, and how much (ChartMogul's
  // whole-period retention starts from the period's first day); once, not in the daily loop.
  if (day_ == 0)
    for (std::uint32_t local : touched_day_) {
      Customer& c = customers_[local];
      if (c.mrr <= 0) continue;
      c.base = c.mrr;
      add_exact(totals_.retention_base_mrr, c.mrr, "the retention base");
    }
  for (std::uint32_t local : touched_day_) {
    Customer& c = customers_[local];
    bool was = c.mrr_day > 0, is = c.mrr > 0;
    if (!was && is && c.first_paid < 0 && !c.opening) c.first_paid = day_;
    // Survival: the first day the customer pays nothing any more ends its lifetime.
    if (was && !is && c.first_paid >= 0 && !c.lifetime_done) {
      c.lifetime_done = true;
      ++km_events_[day_ - c.first_paid];
    }
    c.mrr_day = c.mrr;
  }
  touched_day_.clear();
}

// Each customer touched this month: its MRR move (fresh, expansion, …, churn) recorded, a new
// cohort's first month counted, the active customers and the cohorts' running sums moved.
void RunMetrics::record_month_moves(int m) {
  MonthlySeries& S = monthly_;
  for (std::uint32_t local : touched_month_) {
    Customer& c = customers_[local];
    const std::int64_t s = c.mrr_month, e = c.mrr;
    const MrrMove move = classify_move(s, e, !c.ever_paid);
    const bool failed = failed_[local] != 0;
    const std::int64_t price = price_month_.empty() ? 0 : std::exchange(price_month_[local], 0);
    S.record_move(m, move, s, e, failed, price);
    switch (move) {
      case MrrMove::new_business:
        if (c.cohort < 0 && !c.opening) {
          c.cohort = static_cast<std::int16_t>(m);
          ++cohort_size_[m];
          add_exact(cohort_start_mrr_[m], e, "a cohort's MRR");
        }
        c.ever_paid = true;
        ++active_customers_;
        break;
      case MrrMove::reactivation:
        ++active_customers_;
        break;
      case MrrMove::churn:
        --active_customers_;
        break;
      default:
        break;
    }
    if (c.cohort >= 0) {
      cohort_active_now_[c.cohort] += (e > 0) - (s > 0);
      add_exact(cohort_mrr_now_[c.cohort], e - s, "a cohort's MRR");
    }
    c.mrr_month = e;
  }
  touched_month_.clear();
}

namespace {

// The sums of trailing 12-month retention: the base (MRR 12 months before, of those paying
// then), gross (what of it is kept) and net (what they pay now).
struct TrailingSums {
  Int128 base = 0, gross = 0, net = 0;
};

// Every customer's MRR at this month's end (`now`) against 12 months before (`then`, which
// takes `now` in the same pass): two contiguous arrays streamed in a loop without branches
// that the compiler vectorises; 128-bit sums when some MRR was ever past 2^50 (`wide`). Built
// twice, for AVX2 and for any x86-64, the one the machine runs picked at load time (integer
// sums: the same result either way).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
[[gnu::target_clones("avx2", "default")]]
#endif
TrailingSums trailing_sums(std::int64_t* then, const std::int64_t* now, std::size_t n,
                           bool wide) {
  TrailingSums t;
  if (!wide && n <= (std::size_t{1} << 12)) {
    // Exact in 64 bits: every value is below 2^50, so 2^12 of them cannot overflow. The ring
    // takes this month's values in the same pass.
    std::int64_t b64 = 0, g64 = 0, n64 = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t was = then[i], w = now[i];
      const std::int64_t keep = -static_cast<std::int64_t>(was > 0);  // all ones or zero
      b64 += was & keep;
      g64 += std::min(was, w) & keep;
      n64 += w & keep;
      then[i] = w;
    }
    t.base = b64, t.gross = g64, t.net = n64;
  } else {
    for (std::size_t i = 0; i < n; ++i)
      if (then[i] > 0) {
        t.base += then[i];
        t.gross += std::min(then[i], now[i]);
        t.net += now[i];
      }
    std::copy(now, now + n, then);
  }
  return t;
}

}  // namespace

// The month's close: every touched customer's move, the trailing 12-month retention (from the
// 13th month), the month's levels and the cohorts' cells.
void RunMetrics::close_month(int m) {
  record_month_moves(m);
  if (!month_end_mrr_.empty()) {
    // Trailing 12 months: every customer's MRR at this month's end against 12 months before
    // (month-major ring).
    const std::size_t n = mrr_now_.size();
    std::int64_t* then = month_end_mrr_.data() + static_cast<std::size_t>(m % 12) * n;
    const TrailingSums t = trailing_sums(then, mrr_now_.data(), n, wide_mrr_);
    if (m >= 12) {
      TrailingRetention& tr = monthly_.retention[m];
      auto narrow = [](Int128 v) {
        if (v > INT64_MAX || v < INT64_MIN) throw ExactnessError("trailing retention");
        return static_cast<std::int64_t>(v);
      };
      tr = {narrow(t.base), narrow(t.gross), narrow(t.net)};
    }
  }
  monthly_.close_levels(m, {active_customers_, active_subs_, seats_, in_grace_,
                            totals_.opening_mrr, totals_.opening_customers});
  for (int c = 0; c <= m; ++c) {
    cohort_cust_[c * months_ + (m - c)] = cohort_active_now_[c];
    cohort_mrr_[c * months_ + (m - c)] = cohort_mrr_now_[c];
  }
}

void RunMetrics::on_day(Date d) {
  int day = calendar_.day_of(d);
  if (day == 0) return;
  close_day();
  day_ = day;
  int m = calendar_.month_of_day(day);
  if (m != month_) {
    close_month(month_);
    month_ = m;
  }
}

void RunMetrics::on_finish(Date) {
  close_day();
  close_month(month_);
  run_book_.fold(&monthly_.at(Series::bookings, 0), &monthly_.at(Series::recognized_revenue, 0));
  // The totals of what the months count are the months' sums: checked here, once, that each
  // fits the exact range (series_total sums them again when asked).
  for (int s = 0; s < kSeriesCount; ++s) (void)series_total(static_cast<Series>(s));
  for (const Customer& c : customers_) {
    if (c.first_paid >= 0 && !c.lifetime_done) ++km_censored_[days_ - c.first_paid];
    if (c.base > 0) {
      add_exact(totals_.retention_gross_mrr, std::min(c.base, c.mrr), "retained MRR");
      add_exact(totals_.retention_net_mrr, c.mrr, "retained MRR");
    }
  }
  ScratchPool<Customer>::give(customers_);
  ScratchPool<std::uint8_t>::give(failed_);
  ScratchPool<std::uint32_t>::give(touched_day_);
  ScratchPool<std::uint32_t>::give(touched_month_);
  ScratchPool<std::int64_t>::give(month_end_mrr_);
  ScratchPool<std::int64_t>::give(mrr_now_);
}

std::int64_t RunMetrics::series_total(Series s) const {
  std::int64_t total = 0;
  for (int m = 0; m < months_; ++m) add_exact(total, series(s, m), series_name(s));
  return total;
}

void RunMetrics::merge(const RunMetrics& o) {
  monthly_.merge(o.monthly_);
  for (std::size_t i = 0; i < cohort_cust_.size(); ++i) {
    cohort_cust_[i] += o.cohort_cust_[i];
    add_exact(cohort_mrr_[i], o.cohort_mrr_[i], "a cohort's MRR");
  }
  for (int m = 0; m < months_; ++m) {
    cohort_size_[m] += o.cohort_size_[m];
    add_exact(cohort_start_mrr_[m], o.cohort_start_mrr_[m], "a cohort's MRR");
  }
  for (int d = 0; d <= days_; ++d) {
    km_events_[d] += o.km_events_[d];
    km_censored_[d] += o.km_censored_[d];
  }
  for (const auto& [field, what] : kRunTotalFields) add_exact(totals_.*field, o.totals_.*field, what);
  for (int r = 0; r < kRuleCount; ++r) totals_.rejected_by_rule[r] += o.totals_.rejected_by_rule[r];
}

}  // namespace subsim
