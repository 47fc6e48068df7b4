// population.book: the user's real book of subscriptions as the opening population, one CSV row
// per subscription (docs/scenarios.md, "population.book"). Every problem is
// FILE.csv:LINE:COL: error: MESSAGE, COL being the 1-based field number.
#pragma once
#include <map>
#include <string>

#include "io/diagnostic.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

// The columns, in the order `subsim fit` writes them.
inline constexpr const char* kBookColumns[] = {
    "account", "reseller", "subscription", "edition", "basis", "term", "seats",
    "anchor", "auto_renew", "auto_renew_off_date", "status", "expiry", "federal", "price", "mrr"};

// Reads the book at `path` into sc.book, checked against the scenario's start, catalog and
// policy (C1, N2/N3, E1–E4, M1–M3). Resellers not in `resellers:` are added, unless the scenario
// declares its resellers (`declared`): then an unknown one is an error.
// `where` places problems of the whole file (cannot read it) at the scenario's population.book.
void read_book(const std::string& path, const Diagnostic& where, Scenario& sc,
               std::map<std::string, int>& reseller_index, bool declared, Diagnostics& errors);

}  // namespace subsim
