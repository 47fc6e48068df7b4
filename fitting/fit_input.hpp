// What table `subsim fit` was given, told by its header alone: a cohort retention table
// (cohort,period,active — fitting/cohort_table) or a subscription export
// (account,subscription,reseller,edition,basis,term,seats,start,end,end_reason). A header that
// is neither is an InputError on line 1 naming both. The columns themselves are checked by the
// reader of the kind found; a new kind is a new enumerator and a rule in fit_input_of.
#pragma once
#include <string>
#include <vector>

#include "io/csv.hpp"

namespace subsim {

enum class FitInput { cohort_table, subscription_export };

// The columns of each kind, in the order the docs list them.
const std::vector<std::string>& cohort_table_columns();
const std::vector<std::string>& subscription_export_columns();
// Columns a subscription export may add (a billing system's auto-renew state on the export
// date and the day it was turned off); subsim's own exports write them.
const std::vector<std::string>& subscription_export_optional_columns();
// The header subsim writes: every column, the optional ones last, and a newline.
const std::string& subscription_export_header();

// A header with `cohort` is a cohort table; one with `account` and `subscription` (and no
// `cohort`) a subscription export. Throws InputError (line 1) otherwise.
FitInput fit_input_of(const CsvTable& table);

}  // namespace subsim
