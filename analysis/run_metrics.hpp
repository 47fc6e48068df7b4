// Revenue and churn numbers of one replication (or one shard of it), derived only from the event
// stream. Everything is an integer count or cents, so shards merge by addition and the result
// never depends on how customers were split.
#pragma once
#include <array>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "analysis/month_calendar.hpp"
#include "analysis/monthly_run_book.hpp"
#include "analysis/monthly_series.hpp"
#include "model/event.hpp"
#include "model/rule_id.hpp"
#include "sim/observer.hpp"

namespace subsim {

// Totals that are not the sum of a monthly series (those are RunMetrics::series_total).
struct RunTotals {
  std::int64_t events = 0;
  std::int64_t opening_mrr = 0;
  std::int64_t opening_customers = 0;
  std::int64_t reactivations = 0;
  std::int64_t deletions = 0;
  std::int64_t grace_saves = 0;
  std::int64_t late_notice_terms = 0;
  std::int64_t late_notice_revenue = 0;
  std::int64_t rejected_orders = 0;
  std::array<std::int64_t, kRuleCount> rejected_by_rule{};
  std::int64_t handovers = 0;
  std::int64_t trials_started = 0;
  std::int64_t trials_converted = 0;
  std::int64_t retention_base_mrr = 0;   // MRR at the end of the first day of customers paying then
  std::int64_t retention_gross_mrr = 0;  // Σ min(end, base) over those customers
  std::int64_t retention_net_mrr = 0;    // Σ end over those customers
};

// Every total but rejected_by_rule, with what it counts (named in an exactness error): shards
// merge by adding each. The static_assert below fails the build when a field is added to
// RunTotals and not here, so no total can be left out of a multi-shard merge.
inline constexpr std::pair<std::int64_t RunTotals::*, const char*> kRunTotalFields[] = {
    {&RunTotals::events, "events"},
    {&RunTotals::opening_mrr, "opening MRR"},
    {&RunTotals::opening_customers, "opening customers"},
    {&RunTotals::reactivations, "reactivations"},
    {&RunTotals::deletions, "deletions"},
    {&RunTotals::grace_saves, "grace saves"},
    {&RunTotals::late_notice_terms, "late-notice terms"},
    {&RunTotals::late_notice_revenue, "late-notice revenue"},
    {&RunTotals::rejected_orders, "rejected orders"},
    {&RunTotals::handovers, "hand-overs"},
    {&RunTotals::trials_started, "trials started"},
    {&RunTotals::trials_converted, "trials converted"},
    {&RunTotals::retention_base_mrr, "the retention base"},
    {&RunTotals::retention_gross_mrr, "retained MRR"},
    {&RunTotals::retention_net_mrr, "retained MRR"},
};
static_assert(sizeof(RunTotals) ==
                  sizeof(std::int64_t) * (std::size(kRunTotalFields) + kRuleCount),
              "a field of RunTotals is missing from kRunTotalFields (it would not merge)");

class RunMetrics : public Observer {
 public:
  RunMetrics(Date start, Date end, std::uint32_t first_customer, std::uint32_t customers);

  void on_event(const Event& e) override;
  void on_events(const Event* events, std::size_t n) override;
  // A run's renewals booked in bulk: each term's invoice in its month, its revenue over its days.
  bool takes_renewal_runs() const override { return true; }
  void on_renewal_run(const RenewalRun& r) override;
  // A notice cut-off is one more event here (no money, state, seat or MRR moves).
  bool counts_notice_cutoffs() const override { return true; }
  void on_counted(EventKind, std::uint64_t n) override {
    totals_.events += static_cast<std::int64_t>(n);
  }
  void on_day(Date d) override;
  void on_finish(Date d) override;

  // Adds another shard of the same replication.
  void merge(const RunMetrics& other);

  int months() const { return months_; }
  int days() const { return days_; }
  const RunTotals& totals() const { return totals_; }
  const MonthlySeries& monthly() const { return monthly_; }
  std::int64_t series(Series s, int month) const { return monthly_.series(s, month); }
  // A monthly series summed over the run (bookings, new customers, …): its total, one count.
  std::int64_t series_total(Series s) const;
  // cohort × months since start: customers paying, their MRR, the cohort's size.
  std::int64_t cohort_customers(int cohort, int age) const {
    return cohort_cust_[cohort * months_ + age];
  }
  std::int64_t cohort_mrr(int cohort, int age) const { return cohort_mrr_[cohort * months_ + age]; }
  std::int64_t cohort_size(int cohort) const { return cohort_size_[cohort]; }
  std::int64_t cohort_start_mrr(int cohort) const { return cohort_start_mrr_[cohort]; }
  // Kaplan–Meier inputs: by lifetime in days, customers that churned / were censored.
  const std::vector<std::int64_t>& survival_events() const { return km_events_; }
  const std::vector<std::int64_t>& survival_censored() const { return km_censored_; }
  const TrailingRetention& trailing(int month) const { return monthly_.retention[month]; }

 private:
  struct Customer {
    std::int64_t mrr = 0;          // now
    std::int64_t mrr_day = 0;      // at the start of the current day
    std::int64_t mrr_month = 0;    // at the start of the current month
    std::int64_t base = -1;        // retention base (end of the first day), -1 = not in the base
    std::int32_t first_paid = -1;  // day index of the first paid start (survival)
    std::int32_t touched_day = -1;
    std::int32_t touched_month = -1;
    std::int16_t cohort = -1;
    bool ever_paid = false;
    bool lifetime_done = false;
    bool opening = false;
  };
  void touch(std::uint32_t local, Customer& c);
  void handle(const Event& e);
  void close_day();
  void record_month_moves(int month);
  void close_month(int month);

  MonthCalendar calendar_;
  MonthlyRunBook run_book_;  // the runs' monthly terms, folded into the months at the end
  int days_, months_;
  std::uint32_t first_;
  int day_ = 0;
  int month_ = 0;
  std::vector<Customer> customers_;
  std::vector<std::uint8_t> failed_;  // a renewal failed (E5) and nothing has paid since
  // Each customer's MRR moved by price changes (P1) this month: allocated at the first
  // price_change event, so a run without one pays nothing for it.
  std::vector<std::int64_t> price_month_;
  std::vector<std::uint32_t> touched_day_, touched_month_;
  std::int64_t active_customers_ = 0, active_subs_ = 0, seats_ = 0, in_grace_ = 0;
  MonthlySeries monthly_;
  std::vector<std::int64_t> cohort_cust_, cohort_mrr_, cohort_size_, cohort_start_mrr_;
  std::vector<std::int64_t> cohort_active_now_, cohort_mrr_now_;
  std::vector<std::int64_t> km_events_, km_censored_;
  RunTotals totals_;
  std::vector<std::int64_t> month_end_mrr_;  // 12 × customers: MRR at the end of month m % 12
  std::vector<std::int64_t> mrr_now_;        // each customer's MRR now (with months_ > 12)
  bool wide_mrr_ = false;                    // some customer's MRR was once ≥ 2^50 or < 0
};

}  // namespace subsim
