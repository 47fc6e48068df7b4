// subsim explain for a business reader: who the customer is, why each event happened, which
// action a rule refused, long runs of renewals collapsed.
#include <doctest/doctest.h>

#include <string>

#include "tests/cli/run_subsim.hpp"

using cli_test::Outcome;
using cli_test::subsim;

namespace {
const std::string kFaq = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/faq.yaml";
bool has(const Outcome& o, const std::string& text) { return o.output.find(text) != std::string::npos; }
}  // namespace

TEST_CASE("explain: who the customer is, why each event happened, which action was refused") {
  Outcome o = subsim("explain " + kFaq + " --account annual-seats");
  REQUIRE_MESSAGE(o.status == 0, o.output);
  INFO(o.output);
  CHECK(has(o, "Who: reseller northwind, 1 subscription(s)\n"));
  CHECK(has(o, "  as-premier: premier, per user, annual, 20 seats, terms anchored on 2027-01-01\n"));
  CHECK(has(o, "Policy: 30 days' notice, 15 days' grace, deletion 60 days after expiry\n"));
  CHECK(has(o, "refused remove_seats: annual seats are never removed during the term"));
  CHECK(has(o, "refused add_seats: seats of another edition need a new order"));
  CHECK(has(o, "seats added, charged for the rest of the term"));
}

TEST_CASE("explain: the cut-off is explained and a long run of renewals is one line") {
  Outcome o = subsim("explain " + kFaq + " --account monthly-reduce");
  REQUIRE_MESSAGE(o.status == 0, o.output);
  INFO(o.output);
  CHECK(has(o, "last day to turn auto-renew back on"));
  CHECK(has(o, "auto-renew went off after the cut-off (30 days' notice): renews once more"));
  CHECK(has(o, "2027-03-31  renewal "));
  CHECK(has(o, "  … 21 more renewals like it, the last on 2028-12-31\n"));
  CHECK_FALSE(has(o, "2028-06-30  renewal"));  // inside the collapsed run
}
