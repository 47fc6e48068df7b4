// A cohort retention table, read and checked: the input of `subsim fit` (docs/fitting.md).
// Columns `cohort,period,active` in any order and no others; one row per cohort and period;
// period 0 is the cohort's size and its periods run 0, 1, 2, … without gaps (rows in any
// order); `active` never rises from one period to the next. Every problem is an InputError
// naming FILE:LINE of the row at fault (line 1 for the header).
#pragma once
#include <string>
#include <vector>

#include "stats/sbg.hpp"
#include "io/csv.hpp"

namespace subsim {

struct CohortData {
  std::string name;
  int line = 0;            // of the cohort's first row in the file
  Survivors active;        // active[t] after period t; active[0] the size
  std::vector<int> lines;  // the file line of each period's row
};

// Limits of a row: periods 0 … kMaxCohortPeriod, counts 0 … kMaxCohortSize.
inline constexpr int kMaxCohortPeriod = 10000;
inline constexpr std::int64_t kMaxCohortSize = 1000000000000;

// The cohorts in the order of their first row.
std::vector<CohortData> read_cohort_table(const CsvTable& table);

}  // namespace subsim
