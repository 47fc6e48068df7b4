// catalog.price_changes: read exactly, resolved per edition and term, bad input told at its line.
#include "scenario/scenario_loader.hpp"

#include <doctest/doctest.h>

using namespace subsim;

namespace {
const std::string kPriceChangeHead =
    "name: t\n"                             // 1
    "start: 2027-01-01\n"                   // 2
    "end: 2027-12-31\n"                     // 3
    "population: {initial: 1}\n"            // 4
    "catalog:\n"                            // 5
    "  price_changes:\n";                   // 6 (changes from line 7)

LoadResult load(const std::string& changes) {
  return load_scenario_text(kPriceChangeHead + changes, "s.yaml");
}
// The only error's "LINE:COL: message".
std::string only_error(const std::string& changes) {
  LoadResult r = load(changes);
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.errors.size() == 1);
  return std::to_string(r.errors[0].line) + ":" + std::to_string(r.errors[0].column) + ": " +
         r.errors[0].message;
}
bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("P1 price changes are read exactly and resolved per edition and term type") {
  LoadResult r = load(
      "    - {date: 2027-09-01, prices: {deluxe: 5.60}, terms: [monthly], notice_days: 30}\n"
      "    - {date: 2027-07-01, factor: 1.05, editions: [essentials, deluxe], grandfather_terms: 12}\n");
  for (const Diagnostic& d : r.errors) MESSAGE(d.format());
  REQUIRE(r.ok());
  const Catalog& c = r.scenario->catalog;
  REQUIRE(c.price_changes.size() == 2);
  const PriceChange& first = c.price_changes[0];  // date order, whatever the file's order
  CHECK(first.date == Date(2027, 7, 1));
  CHECK(first.grandfather_terms == 12);
  CHECK(first.cell(0, TermType::monthly).applies);
  CHECK(first.cell(0, TermType::monthly).ratio.num == 105);
  CHECK(first.cell(0, TermType::monthly).ratio.den == 100);
  CHECK(first.cell(0, TermType::annual).list_after == 420);
  CHECK(first.cell(1, TermType::annual).list_after == 525);
  CHECK_FALSE(first.cell(2, TermType::monthly).applies);
  CHECK(first.cell(2, TermType::monthly).list_after == 600);
  const PriceChange& second = c.price_changes[1];
  CHECK(second.effective() == Date(2027, 10, 1));
  CHECK(second.cell(1, TermType::monthly).applies);
  CHECK(second.cell(1, TermType::monthly).list_after == 560);
  CHECK(second.cell(1, TermType::monthly).ratio.num == 560);  // new list / old list
  CHECK(second.cell(1, TermType::monthly).ratio.den == 525);
  CHECK_FALSE(second.cell(1, TermType::annual).applies);
  CHECK(second.cell(1, TermType::annual).list_after == 525);
  // The list price at each step, and the step a new order starts at.
  CHECK(c.list_price(1, TermType::monthly, 0) == 500);
  CHECK(c.list_price(1, TermType::monthly, 2) == 560);
  CHECK(c.changes_by(Date(2027, 6, 30)) == 0);
  CHECK(c.changes_by(Date(2027, 7, 1)) == 1);
  CHECK(c.changes_by(Date(2027, 9, 1)) == 2);
}

TEST_CASE("P1 bad price changes: FILE:LINE:COL, exit 2") {
  CHECK(only_error("    - {date: 2027-07-01, factor: 0}\n") ==
        "7:34: factor must be a number above 0 and at most 100 with at most 6 decimals (1.05 "
        "raises prices 5 %), not '0'");
  CHECK(contains(only_error("    - {date: 2027-07-01, factor: -1.05}\n"), "factor must be"));
  CHECK(contains(only_error("    - {date: 2027-07-01, factor: 1e3}\n"), "factor must be"));
  CHECK(contains(only_error("    - {date: 2027-07-01}\n"), "either a factor"));
  CHECK(contains(only_error("    - {date: 2027-07-01, factor: 1.1, prices: {deluxe: 6}}\n"),
                 "either a factor"));
  CHECK(contains(only_error("    - {factor: 1.1}\n"), "needs a date"));
  CHECK(contains(only_error("    - {date: 2027-07-01, prices: {deluxx: 6}}\n"),
                 "unknown edition 'deluxx' in prices; did you mean 'deluxe'?"));
  CHECK(contains(only_error("    - {date: 2027-07-01, factor: 1.1, editions: [gold]}\n"),
                 "7:50: an edition must be"));
  CHECK(contains(only_error("    - {date: 2027-07-01, factor: 1.1, terms: [weekly]}\n"),
                 "a term must be monthly or annual"));
  CHECK(contains(only_error("    - {date: 2027-07-01, factor: 1.1, grandfather_terms: -1}\n"),
                 "grandfather_terms"));
  CHECK(contains(only_error("    - {date: 2027-07-01, factor: 1.1, notice_days: -5}\n"),
                 "notice_days"));
  // Two changes on one date for one edition and term: which wins is not written.
  CHECK(only_error("    - {date: 2027-07-01, factor: 1.1, editions: [deluxe]}\n"
                   "    - {date: 2027-07-01, prices: {deluxe: 6.00}, terms: [annual]}\n") ==
        "8:7: two price changes on 2027-07-01 change the same edition and term (the other at "
        "line 7): make it one change");
  // The same date for other editions is fine.
  CHECK(load("    - {date: 2027-07-01, factor: 1.1, editions: [enterprise]}\n"
             "    - {date: 2027-07-01, factor: 1.05, editions: [essentials]}\n")
            .ok());
  // Editions must stay in ascending price.
  CHECK(contains(only_error("    - {date: 2027-07-01, prices: {essentials: 5.50}}\n"),
                 "costs less than 'essentials'"));
  // … for a year too, after each edition's own annual discount.
  LoadResult r = load_scenario_text(
      "name: t\nstart: 2027-01-01\nend: 2027-12-31\npopulation: {initial: 1}\ncatalog:\n"
      "  editions:\n    - {name: a, monthly_price: 4.00}\n"
      "    - {name: b, monthly_price: 5.00, annual_discount: 0.25}\n"
      "  price_changes: [{date: 2027-03-01, factor: 1.10, editions: [a], terms: [annual]}]\n",
      "s.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(contains(r.errors[0].message, "'b' (45.00 a seat a year) costs less than 'a' (47.52)"));
}

TEST_CASE("P1 a price change set from the command line is checked like the file") {
  LoadOptions o;
  o.sets = {"catalog.price_changes=[{date: 2027-07-01, factor: 1.05, notice_days: 60}]"};
  LoadResult r = load_scenario_text("name: t\nstart: 2027-01-01\nend: 2027-12-31\n"
                                    "population: {initial: 1}\n",
                                    "s.yaml", o);
  REQUIRE(r.ok());
  REQUIRE(r.scenario->catalog.price_changes.size() == 1);
  CHECK(r.scenario->catalog.price_changes[0].notice_days == 60);
  CHECK(r.scenario->catalog.editions.size() == 4);  // the default catalog kept
  o.sets = {"catalog.price_changes=[{date: 2027-07-01, factor: 0}]"};
  r = load_scenario_text("name: t\nstart: 2027-01-01\nend: 2027-12-31\npopulation: {initial: 1}\n",
                         "s.yaml", o);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].file == "--set catalog.price_changes=[{date: 2027-07-01, factor: 0}]");
}
