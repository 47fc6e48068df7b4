#include "model/term.hpp"

namespace subsim {

std::string_view to_string(TermType t) {
  return t == TermType::monthly ? "monthly" : "annual";
}

int term_index_on(Date anchor, TermType t, Date day) {
  // Estimate from the calendar months elapsed, then correct by at most one step either way.
  int n = month_index(anchor, day) / months_in(t);
  if (n < 0) n = 0;
  while (n > 0 && term_start(anchor, t, n) > day) --n;
  while (term_start(anchor, t, n + 1) <= day) ++n;
  return n;
}

}  // namespace subsim
