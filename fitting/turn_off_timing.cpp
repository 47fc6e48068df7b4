#include "fitting/turn_off_timing.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "model/term.hpp"

namespace subsim {

double TurnOffTiming::at_most(double x) const {
  if (!estimated) {
    const double a = kAssumedNoticeDaysBefore[0], b = kAssumedNoticeDaysBefore[1];
    return std::clamp((x + 0.5 - a) / (b - a), 0.0, 1.0);
  }
  double p = 0;
  for (const auto& [days, m] : mass)
    if (days <= x) p += m;
  return std::min(p, 1.0);
}

double TurnOffTiming::median() const {
  if (!estimated) return (kAssumedNoticeDaysBefore[0] + kAssumedNoticeDaysBefore[1]) / 2;
  double p = 0;
  for (const auto& [days, m] : mass) {
    p += m;
    if (p >= 0.5) return days;
  }
  return mass.empty() ? 0 : mass.back().first;
}

TurnOffTiming fit_turn_off_timing(const std::vector<ExportRow>& rows, Date as_of,
                                  std::optional<Date> observed_since) {
  TurnOffTiming t;
  // No turn-off shows before the export's first one (its history of decisions starts there: a
  // book opened then, or a system switched on): a term that began before it shows only its
  // later turn-offs — the short ones — and is left out.
  std::optional<Date> first_off;
  for (const ExportRow& r : rows)
    if (r.off_date && (!first_off || *r.off_date < *first_off)) first_off = *r.off_date;
  // d → (turn-offs seen that many days before their term's last day, of them censored).
  std::map<int, std::pair<std::int64_t, std::int64_t>> seen;
  for (const ExportRow& r : rows) {
    if (!r.off_date) continue;
    const bool cancelled = r.end && r.end_reason == ExportRow::End::cancelled;
    const bool paying_off = !r.end && r.auto_renew == false;
    if (!cancelled && !paying_off) continue;
    if (*r.off_date < r.start) {
      ++t.skipped;
      continue;
    }
    const TermType type = r.annual ? TermType::annual : TermType::monthly;
    const int k = term_index_on(r.start, type, *r.off_date);
    const Date first = term_start(r.start, type, k), last = term_end(r.start, type, k);
    // Only terms over by the export date (every turn-off of them is seen, late or on time) and,
    // in a left-truncated export, ended since its observation start (else its on-time leavers
    // are missing while its late ones are not).
    if (last >= as_of || (observed_since && last < *observed_since) || first < *first_off) continue;
    // On time it ended with this term, late with the next (N2): an ended row must end at one of
    // them, a row still paying must be in the next term (it renewed: late). Anything else: its
    // terms moved (a reactivation's new anchor) and the day says nothing.
    const Date next_end = term_end(r.start, type, k + 1);
    if (cancelled ? (*r.end != last && *r.end != next_end) : as_of > next_end) {
      ++t.skipped;
      continue;
    }
    const bool censored = *r.off_date == first;
    auto& s = seen[days_between(*r.off_date, last)];
    ++(censored ? s.second : s.first);
    ++t.observed;
    t.censored += censored;
  }
  if (t.observed - t.censored < kMinTurnOffs) return t;
  // Kaplan–Meier in whole days: a turn-off on a term's first day, c days before its last, says
  // d ≥ c — d > c − 1 — so it leaves the risk set before the events at c (a draw of exactly c
  // lands on the first day too: an event at c of a term spanning c is never seen as one).
  std::int64_t at_risk = t.observed;
  double survival = 1;
  int largest = 0;
  for (const auto& [days, count] : seen) {
    if (count.second > 0) largest = days;
    at_risk -= count.second;
    if (count.first > 0 && at_risk > 0) {
      const double next =
          survival * (1 - static_cast<double>(count.first) / static_cast<double>(at_risk));
      t.mass.push_back({days, survival - next});
      survival = next;
    }
    at_risk -= count.first;
  }
  if (survival > 1e-12) {
    if (!t.mass.empty() && t.mass.back().first >= largest)
      t.mass.back().second += survival;
    else
      t.mass.push_back({largest, survival});
  }
  t.estimated = true;
  return t;
}

double late_share(bool annual, int notice_days, const TurnOffTiming& timing) {
  auto late = [&](int span) { return span <= notice_days ? 1.0 : timing.at_most(notice_days); };
  double q = 0;
  if (annual) {
    q = late(364);
  } else {
    for (int span : {30, 27, 30, 29, 30, 29, 30, 30, 29, 30, 29, 30}) q += late(span) / 12;
  }
  return std::min(q, 0.99);
}

}  // namespace subsim
