// subsim explain for a business reader: who the customer is, why each event happened, which
// action a rule refused, long runs of renewals collapsed.
#include <doctest/doctest.h>

#include <algorithm>
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
  CHECK(has(o, "  as-premier: premier, per user, annual, 20 seats, terms anchored on 2027-01-01; "
               "2027-01-01: active, 2028-12-31: active\n"));
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
  CHECK(has(o, "  … 21 more renewals like it, the last on 2028-12-31 (--full lists them)\n"));
  CHECK_FALSE(has(o, "2028-06-30  renewal"));  // inside the collapsed run
}

TEST_CASE("explain --full lists every row; --format csv and json give the same rows for tools") {
  Outcome full = subsim("explain " + kFaq + " --account monthly-reduce --full");
  REQUIRE_MESSAGE(full.status == 0, full.output);
  CHECK(has(full, "2028-06-30  renewal "));
  CHECK_FALSE(has(full, "more renewals like it"));
  Outcome csv = subsim("explain " + kFaq + " --account monthly-reduce --format csv");
  REQUIRE_MESSAGE(csv.status == 0, csv.output);
  CHECK(csv.output.rfind("date,event,subscription,state_before,state_after,rule,invoiced,mrr_change,why\n", 0) == 0);
  CHECK(has(csv, "\n2028-06-30,renewal,"));
  // One CSV row per timeline row of the full text (its rows start with their date).
  auto dated = [](const std::string& s) {
    int n = 0;
    for (std::size_t at = 0; (at = s.find("\n20", at)) != std::string::npos; ++at) ++n;
    return n;
  };
  CHECK(dated(csv.output) == dated(full.output));
  CHECK(dated(csv.output) > 20);
  Outcome json = subsim("explain " + kFaq + " --account monthly-cancel --format json");
  REQUIRE_MESSAGE(json.status == 0, json.output);
  CHECK(has(json, "\"account\": \"monthly-cancel\""));
  CHECK(has(json, "\"state_first_day\": \"active\""));
  CHECK(has(json, "\"event\": \"renewal\", \"subscription\": \"mc-deluxe\""));
  Outcome bad = subsim("explain " + kFaq + " --account monthly-cancel --format xml");
  CHECK(bad.status == 2);
}

TEST_CASE("explain two variants side by side: the shared rows once, then where the timelines part") {
  const std::string baseline = std::string(SUBSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";
  Outcome found = subsim("explain " + baseline + " --find auto_renew_off:N2 --limit 1");
  REQUIRE_MESSAGE(found.status == 0, found.output);
  INFO(found.output);
  CHECK(has(found, "account(s) with auto_renew_off:N2 in replication 0"));
  CHECK(has(found, "account,first,count\n"));
  // The listed account turned auto-renew off after the 30-day cut-off: with no notice it was
  // in time (N3), with 60 days it is late again (N2).
  const auto at = found.output.find("account,first,count\n") + 20;
  const std::string account = found.output.substr(at, found.output.find(',', at) - at);
  Outcome o = subsim("explain " + baseline + " --account " + account +
                     " --variant notice_0 --variant notice_60");
  REQUIRE_MESSAGE(o.status == 0, o.output);
  INFO(o.output);
  CHECK(has(o, "A = notice_0: 0 days' notice"));
  CHECK(has(o, "B = notice_60: 60 days' notice"));
  CHECK(has(o, "The timelines part on "));
  CHECK(has(o, "\nA=B   "));
  CHECK(has(o, "\nA     "));
  CHECK(has(o, "\nB     "));
  CHECK(has(o, "Invoiced in total: A "));
  Outcome same = subsim("explain " + baseline + " --account " + account +
                        " --variant notice_60 --variant notice_60");
  CHECK(has(same, "The two timelines are the same"));
  Outcome bad = subsim("explain " + baseline + " --find renewals");
  CHECK(bad.status == 2);
  CHECK(has(bad, "no event 'renewals' (one of: opening,"));
  Outcome bad_rule = subsim("explain " + baseline + " --find renewal:Z9");
  CHECK(bad_rule.status == 2);
}
