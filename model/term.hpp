// Anchored terms (rules C1, C2).
#pragma once
#include <cstdint>
#include <string_view>

#include "model/date.hpp"

namespace subsim {

enum class TermType : std::uint8_t { monthly, annual };

inline int months_in(TermType t) {
  return t == TermType::monthly ? 1 : 12;
}
std::string_view to_string(TermType t);

// C1: term n (n = 0, 1, …) of a subscription anchored on `anchor` starts on anchor + n·L months,
// computed from the anchor and clamped to month-end.
inline Date term_start(Date anchor, TermType t, int n) {
  return add_months_clamped(anchor, n * months_in(t));
}
// C1: term n ends the day before term n + 1 starts. C2: it renews on this day.
inline Date term_end(Date anchor, TermType t, int n) {
  return add_days(term_start(anchor, t, n + 1), -1);
}
inline int term_days(Date anchor, TermType t, int n) {
  return days_between(term_start(anchor, t, n), term_start(anchor, t, n + 1));
}
// The index n of the term that contains `day` (day >= anchor).
int term_index_on(Date anchor, TermType t, Date day);
// The same from the anchor and the day already split into year/month/day (`day_civil` is
// `day`'s): table lookups only, for the engine's hot paths.
int term_index_on(const CivilDate& anchor, TermType t, Date day, const CivilDate& day_civil);

}  // namespace subsim
