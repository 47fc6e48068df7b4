// D(y, m, d): a calendar date, shortly, for the tests' worked examples.
#pragma once
#include "model/date.hpp"

namespace subsim::test {
inline Date D(int y, int m, int d) { return Date(y, m, d); }
}  // namespace subsim::test
