#include "analysis/segment_metrics.hpp"

#include <algorithm>

#include "model/event.hpp"
#include "model/money.hpp"

namespace subsim {

std::string_view to_string(SegmentDimension d) {
  switch (d) {
    case SegmentDimension::edition:
      return "edition";
    case SegmentDimension::term:
      return "term";
    case SegmentDimension::reseller:
      return "reseller";
  }
  return "";
}

SegmentMetrics::SegmentMetrics(Date start, Date end, std::uint32_t first_customer,
                               std::uint32_t customers, std::shared_ptr<const SegmentNames> names)
    : calendar_(start, end),
      names_(std::move(names)),
      first_(first_customer),
      editions_(static_cast<int>(names_->editions.size())),
      resellers_(static_cast<int>(names_->resellers.size()) + 1),
      segments_(static_cast<std::size_t>(editions_ + 2 + resellers_)),
      zero_(calendar_.months()),
      sub_head_(customers, -1),
      pair_head_(customers, -1),
      failed_(customers, 0) {}

SegmentDimension SegmentMetrics::dimension(int seg) const {
  if (seg < editions_) return SegmentDimension::edition;
  if (seg < editions_ + 2) return SegmentDimension::term;
  return SegmentDimension::reseller;
}

const std::string& SegmentMetrics::value_name(int seg) const {
  static const std::string kTerms[] = {"monthly", "annual"}, kNone;
  if (seg < editions_) return names_->editions[seg];
  if (seg < editions_ + 2) return kTerms[seg - editions_];
  const int r = seg - editions_ - 2;
  return r < resellers_ - 1 ? names_->resellers[r] : kNone;
}

SegmentMetrics::Segment& SegmentMetrics::use(SegmentId seg) {
  auto& s = segments_[seg];
  if (!s) s = std::make_unique<Segment>(Segment{MonthlySeries(calendar_.months()), {}});
  return *s;
}

namespace {

// The record of a customer's list (head, linked by `next` in `all`) that `matches`, else a
// new one made by `make`, put at the front. Returns its index in `all`.
template <class Record, class Matches, class Make>
std::size_t find_or_add(std::int32_t& head, std::vector<Record>& all, Matches&& matches,
                        Make&& make) {
  for (std::int32_t i = head; i >= 0; i = all[i].next)
    if (matches(all[i])) return static_cast<std::size_t>(i);
  Record r = make();
  r.next = head;
  head = static_cast<std::int32_t>(all.size());
  all.push_back(r);
  return all.size() - 1;
}

}  // namespace

SegmentMetrics::Sub& SegmentMetrics::sub(std::uint32_t local, std::int16_t id) {
  return subs_[find_or_add(sub_head_[local], subs_, [id](const Sub& s) { return s.id == id; },
                           [id] {
                             Sub s;
                             s.id = id;
                             return s;
                           })];
}

SegmentMetrics::Pair& SegmentMetrics::pair(std::uint32_t local, SegmentId seg) {
  const std::size_t before = pairs_.size();
  const std::size_t i = find_or_add(pair_head_[local], pairs_,
                                    [seg](const Pair& p) { return p.seg == seg; }, [seg] {
                                      Pair p;
                                      p.seg = seg;
                                      return p;
                                    });
  if (pairs_.size() != before)
    for (auto& ring : month_end_) ring.push_back(0);  // a new pair: no MRR at past month ends
  return pairs_[i];
}

void SegmentMetrics::move_mrr(std::uint32_t local, SegmentId seg, std::int64_t delta) {
  if (delta == 0) return;
  Pair& p = pair(local, seg);
  if (p.touched_month != month_) {
    p.touched_month = static_cast<std::int16_t>(month_);
    touched_.push_back(static_cast<std::int32_t>(&p - pairs_.data()));
  }
  add_exact(p.mrr, delta, "an account's MRR in a segment");
}

void SegmentMetrics::add_money(const Event& e, const std::array<SegmentId, 3>& segs) {
  if (const int m = e.amount != 0 ? calendar_.invoice_month(day_, e.rev_from) : -1; m >= 0)
    for (SegmentId seg : segs) add_exact(use(seg).series.at(Series::bookings, m), e.amount, "bookings");
  if (e.revenue != 0)
    calendar_.split(e.revenue, e.rev_from, e.rev_to, [&](int m, Cents part) {
      for (SegmentId seg : segs)
        add_exact(use(seg).series.at(Series::recognized_revenue, m), part, "recognised revenue");
    });
}

void SegmentMetrics::on_event(const Event& e) {
  if (e.term_months == 0) return;  // a note: no subscription, no money
  const std::uint32_t local = e.customer - first_;
  const int reseller = e.reseller < resellers_ - 1 ? e.reseller : resellers_ - 1;
  // Editions come from the catalog the names were taken from: always in range.
  const std::array<SegmentId, 3> now{
      static_cast<SegmentId>(e.edition < editions_ ? e.edition : 0),
      static_cast<SegmentId>(editions_ + (e.term_months == 1 ? 0 : 1)),
      static_cast<SegmentId>(editions_ + 2 + reseller)};
  add_money(e, now);
  Sub& s = sub(local, e.sub);
  // Most events (a renewal) change nothing but money: no pair is looked at.
  const bool same = s.known && s.seg[0] == now[0] && s.seg[1] == now[1] && s.seg[2] == now[2] &&
                    e.mrr_delta == 0 && e.seats_delta == 0 && e.from == e.to &&
                    e.kind != EventKind::deletion && e.kind != EventKind::renewal_failed &&
                    !(e.amount > 0 && failed_[local]);
  if (!same) change(e, local, s, now);
}

// Takes a subscription's MRR, seats and count out of one of its segments, or all of them
// (what was recorded for it).
void SegmentMetrics::leave(std::uint32_t local, SegmentId seg, const Sub& s) {
  move_mrr(local, seg, -s.mrr);
  MonthLevels& l = use(seg).level;
  l.subscriptions -= s.state != SubState::count && earns_mrr(s.state);
  l.seats -= s.seats;
  l.in_grace -= s.state == SubState::grace;
}

void SegmentMetrics::leave(std::uint32_t local, const Sub& s) {
  for (SegmentId seg : s.seg) leave(local, seg, s);
}

void SegmentMetrics::change(const Event& e, std::uint32_t local, Sub& s,
                            const std::array<SegmentId, 3>& now) {
  if (s.known && e.from == SubState::count) {
    // A new subscription under an id already seen (scripted labels can be shared): what the
    // old one brought to its segments leaves first, so no level can drift.
    leave(local, s);
    s.known = false;
    s.mrr = 0;
    s.seats = 0;
    s.state = SubState::count;
  }
  // Levels move by what was recorded for the subscription, never by the event's "before".
  const bool earned = s.known && s.state != SubState::count && earns_mrr(s.state);
  const bool was_grace = s.known && s.state == SubState::grace;
  const bool earns = e.to != SubState::count && earns_mrr(e.to), in_grace = e.to == SubState::grace;
  std::int64_t mrr = s.mrr, seats = s.seats;
  add_exact(mrr, e.mrr_delta, "a subscription's MRR");
  seats += e.seats_delta;
  for (int d = 0; d < 3; ++d) {
    const SegmentId to = now[d];
    MonthLevels& in = use(to).level;
    if (s.known && s.seg[d] != to) {  // the subscription leaves its old segment
      leave(local, s.seg[d], s);
      move_mrr(local, to, mrr);
      in.subscriptions += earns;
      in.seats += seats;
      in.in_grace += in_grace;
    } else {
      in.subscriptions += static_cast<int>(earns) - static_cast<int>(earned);
      in.seats += seats - s.seats;
      in.in_grace += static_cast<int>(in_grace) - static_cast<int>(was_grace);
      if (e.kind == EventKind::opening && e.mrr_delta != 0) {
        // Already paying on day one: part of the segment's opening book, not new business.
        Pair& p = pair(local, to);
        const bool first = p.mrr_month == 0;
        add_exact(p.mrr, e.mrr_delta, "an account's MRR in a segment");
        add_exact(p.mrr_month, e.mrr_delta, "an account's MRR in a segment");
        p.ever_paid = true;
        add_exact(in.opening_mrr, e.mrr_delta, "opening MRR");
        if (first && p.mrr_month > 0) {
          ++in.customers;
          ++in.opening_customers;
        }
      } else {
        move_mrr(local, to, mrr - s.mrr);
        if (e.kind == EventKind::price_change)
          add_exact(pair(local, to).price_month, e.mrr_delta, "an account's price moves");
      }
    }
    if (e.kind == EventKind::deletion) ++use(to).series.at(Series::deletions, month_);
    if (e.kind == EventKind::renewal_failed) {
      pair(local, to).failed = true;
      failed_[local] = 1;
    }
  }
  if (e.amount > 0 && failed_[local]) {  // paid again: the segments it paid in are not failing
    for (SegmentId seg : now) pair(local, seg).failed = false;
    failed_[local] = 0;
    for (std::int32_t i = pair_head_[local]; i >= 0; i = pairs_[i].next)
      if (pairs_[i].failed) failed_[local] = 1;
  }
  s.known = true;
  s.state = e.to;
  s.seg = now;
  s.mrr = mrr;
  s.seats = static_cast<std::int32_t>(seats);
}

void SegmentMetrics::close_month(int m) {
  for (std::int32_t i : touched_) {
    Pair& p = pairs_[i];
    Segment& seg = use(p.seg);
    const MrrMove move = classify_move(p.mrr_month, p.mrr, !p.ever_paid);
    seg.series.record_move(m, move, p.mrr_month, p.mrr, p.failed, p.price_month);
    p.price_month = 0;
    if (move == MrrMove::new_business || move == MrrMove::reactivation) ++seg.level.customers;
    if (move == MrrMove::churn) --seg.level.customers;
    if (move == MrrMove::new_business) p.ever_paid = true;
    p.mrr_month = p.mrr;
  }
  touched_.clear();
  if (calendar_.months() > 12) {
    // Trailing 12 months, per segment: each pair's MRR now against its MRR 12 months before,
    // summed per segment in a small local table, then added to the month's figures.
    std::vector<TrailingRetention> sums(m >= 12 ? segments_.size() : 0);
    std::vector<std::int64_t>& ring = month_end_[m % 12];
    for (std::size_t i = 0; i < pairs_.size(); ++i) {
      std::int64_t& then = ring[i];
      const std::int64_t now = pairs_[i].mrr;
      if (m >= 12 && then > 0) {
        TrailingRetention& t = sums[pairs_[i].seg];
        add_exact(t.base, then, "trailing retention");
        add_exact(t.gross, std::min(then, now), "trailing retention");
        add_exact(t.net, now, "trailing retention");
      }
      then = now;
    }
    for (std::size_t seg = 0; seg < sums.size(); ++seg)
      if (segments_[seg]) segments_[seg]->series.retention[m] = sums[seg];
  }
  for (auto& seg : segments_) {
    if (!seg) continue;
    seg->series.close_levels(m, seg->level);
  }
}

void SegmentMetrics::on_day(Date d) {
  const int day = calendar_.day_of(d);
  if (day == 0) return;
  day_ = day;
  const int m = calendar_.month_of_day(day);
  if (m != month_) {
    close_month(month_);
    month_ = m;
  }
}

void SegmentMetrics::on_finish(Date) {
  close_month(month_);
  sub_head_ = {};
  pair_head_ = {};
  subs_ = {};
  pairs_ = {};
  for (auto& ring : month_end_) ring = {};
  failed_ = {};
  touched_ = {};
}

void SegmentMetrics::merge(const SegmentMetrics& o) {
  for (std::size_t seg = 0; seg < segments_.size(); ++seg)
    if (o.segments_[seg]) use(static_cast<SegmentId>(seg)).series.merge(o.segments_[seg]->series);
}

}  // namespace subsim
