#include "model/term.hpp"

namespace subsim {

std::string_view to_string(TermType t) {
  return t == TermType::monthly ? "monthly" : "annual";
}

int term_index_on(Date anchor, TermType t, Date day) {
  return term_index_on(to_civil(anchor), t, day, to_civil(day));
}

int term_index_on(const CivilDate& anchor, TermType t, Date day, const CivilDate& day_civil) {
  // Estimate from the calendar months elapsed, then correct by at most one step either way.
  const int m = months_in(t);
  int n = ((day_civil.year - anchor.year) * 12 + (day_civil.month - anchor.month)) / m;
  if (n < 0) n = 0;
  while (n > 0 && add_months_clamped(anchor, n * m) > day) --n;
  while (add_months_clamped(anchor, (n + 1) * m) <= day) ++n;
  return n;
}

}  // namespace subsim
