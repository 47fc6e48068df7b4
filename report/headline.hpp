// The headline table of a run report, for a finance reader: metrics grouped (revenue,
// customers, rates, lifecycle), readable names, units, thousands separators, decimals that fit
// the quantity, rates in percent, "n/a" where a figure has no meaning and a note where every
// replication gave the same value.
#pragma once
#include <string>

#include "io/json.hpp"
#include "model/number_format.hpp"  // group_thousands

namespace subsim {

// `metrics`: summary.json's "metrics" object ({"name": {"n", "mean", "sd", "ci95", …}}).
std::string headline_table(const JsonView& metrics);

}  // namespace subsim
