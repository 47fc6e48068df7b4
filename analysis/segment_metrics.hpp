// Every monthly series cut by segment — edition, term and reseller — for
// timeseries_by_segment.csv. Attached only when asked for (`subsim run --segments`).
//
// A customer's MRR in a segment is the MRR of its subscriptions in that segment, so each
// (customer, segment) pair moves like a customer does in RunMetrics (new, expansion,
// contraction, churned, reactivation) and every segment's MRR and customer bridges hold
// exactly. A subscription that changes segment (an upgrade to another edition, a hand-over to
// another reseller) leaves its MRR, seats and count in the old segment and brings them to the
// new one. Summed over the values of one dimension, the money, subscription, seat, grace and
// deletion series give the run's; customers with subscriptions in two values count in both.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/month_calendar.hpp"
#include "analysis/monthly_series.hpp"
#include "model/sub_state.hpp"
#include "sim/observer.hpp"

namespace subsim {

enum class SegmentDimension : std::uint8_t { edition, term, reseller };
std::string_view to_string(SegmentDimension d);

// The segments' names: editions (catalog order), then monthly and annual, then resellers
// (scenario order) and "" (empty: missing in pandas) for a subscription without one.
struct SegmentNames {
  std::vector<std::string> editions;
  std::vector<std::string> resellers;
};

class SegmentMetrics : public Observer {
 public:
  SegmentMetrics(Date start, Date end, std::uint32_t first_customer, std::uint32_t customers,
                 std::shared_ptr<const SegmentNames> names);

  void on_event(const Event& e) override;
  void on_day(Date d) override;
  void on_finish(Date d) override;
  // Adds another shard of the same replication.
  void merge(const SegmentMetrics& other);

  int segments() const { return static_cast<int>(segments_.size()); }
  SegmentDimension dimension(int seg) const;
  const std::string& value_name(int seg) const;  // "" for a subscription without a reseller
  // A segment's series are kept only once something happens in it (a scenario may name
  // thousands of resellers): an unused one reads as zeros.
  bool used(int seg) const { return segments_[seg] != nullptr; }
  const MonthlySeries& monthly(int seg) const {
    return segments_[seg] ? segments_[seg]->series : zero_;
  }

 private:
  using SegmentId = std::uint32_t;
  struct Sub {  // the last known state of one subscription
    std::int32_t next = -1;
    std::int16_t id = 0;
    bool known = false;
    SubState state = SubState::count;
    std::array<SegmentId, 3> seg{};  // its segment in each dimension
    std::int64_t mrr = 0;
    std::int32_t seats = 0;  // in service
  };
  struct Pair {  // one customer in one segment
    std::int32_t next = -1;
    SegmentId seg = 0;
    std::int16_t touched_month = -1;
    bool ever_paid = false, failed = false;
    std::int64_t mrr = 0, mrr_month = 0;
    std::int64_t price_month = 0;  // of its move this month, by price changes (P1)
  };
  struct Segment {
    MonthlySeries series;
    MonthLevels level;  // its levels now
  };
  Segment& use(SegmentId seg);
  Sub& sub(std::uint32_t local, std::int16_t id);
  Pair& pair(std::uint32_t local, SegmentId seg);
  void move_mrr(std::uint32_t local, SegmentId seg, std::int64_t delta);
  void add_money(const Event& e, const std::array<SegmentId, 3>& segs);
  void change(const Event& e, std::uint32_t local, Sub& s, const std::array<SegmentId, 3>& now);
  void leave(std::uint32_t local, const Sub& s);
  void leave(std::uint32_t local, SegmentId seg, const Sub& s);
  void close_month(int m);

  MonthCalendar calendar_;
  std::shared_ptr<const SegmentNames> names_;
  std::uint32_t first_;
  int day_ = 0, month_ = 0;
  int editions_, resellers_;  // resellers_ counts "none"
  std::vector<std::unique_ptr<Segment>> segments_;
  MonthlySeries zero_;
  std::vector<std::int32_t> sub_head_, pair_head_;  // per customer
  std::vector<Sub> subs_;
  std::vector<Pair> pairs_;
  std::array<std::vector<std::int64_t>, 12> month_end_;  // [m % 12][pair]: MRR at month end
  std::vector<std::uint8_t> failed_;  // per customer: some pair has a failed renewal (E5) unpaid
  std::vector<std::int32_t> touched_;  // pairs whose MRR changed this month
};

}  // namespace subsim
