// The verdict of a policy comparison as a table a planner reads: one row per metric (grouped,
// named and in units as in the run report), per variant its difference to the reference in
// percent with the paired 95 % interval, a dot with its interval drawn on the row's own scale,
// and the verdict in words — better, worse (by the metric's good direction) or no clear
// difference (Holm-adjusted p ≥ 0.05).
#pragma once
#include <string>

#include "io/csv.hpp"

namespace subsim {

// `rows`: compare.csv. Returns HTML (every name escaped; the dots inline SVG).
std::string compare_verdict_table(const CsvTable& rows);

}  // namespace subsim
