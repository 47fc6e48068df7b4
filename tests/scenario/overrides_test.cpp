// --set and --set-variant: any YAML value in flow syntax, list indexes, errors naming the
// override rather than a line of the scenario file.
#include "scenario/scenario_loader.hpp"
#include "scenario/did_you_mean.hpp"

#include <doctest/doctest.h>

using namespace subsim;

namespace {
const std::string kScenario =
    "name: t\n"
    "start: 2027-01-01\n"
    "end: 2027-12-31\n"
    "population: {initial: 1}\n";

LoadResult load_with(std::vector<std::string> sets, const std::string& yaml = kScenario) {
  LoadOptions o;
  o.sets = std::move(sets);
  return load_scenario_text(yaml, "s.yaml", o);
}
}  // namespace

TEST_CASE("--set indexes into lists, the default catalog's too") {
  // The scenario has no catalog: the default's editions are indexed as if written out.
  LoadResult r = load_with({"catalog.editions.1.monthly_price=5.50"});
  REQUIRE(r.ok());
  const Catalog& c = r.scenario->catalog;
  REQUIRE(c.editions.size() == Catalog::maas360_default().editions.size());
  CHECK(c.editions[1].name == "deluxe");
  CHECK(c.editions[1].monthly_price_per_seat == 550);
  CHECK(c.editions[0].monthly_price_per_seat ==
        Catalog::maas360_default().editions[0].monthly_price_per_seat);
  CHECK(c.annual_discount_bp == Catalog::maas360_default().annual_discount_bp);

  // A scenario's own list.
  const std::string own = kScenario +
                          "catalog:\n  editions:\n    - {name: a, monthly_price: 1.00}\n"
                          "    - {name: b, monthly_price: 2.00}\n";
  r = load_with({"catalog.editions.0.monthly_price=1.50"}, own);
  REQUIRE(r.ok());
  CHECK(r.scenario->catalog.editions[0].monthly_price_per_seat == 150);
  CHECK(r.scenario->catalog.editions[1].monthly_price_per_seat == 200);
}

TEST_CASE("--set takes a list or a mapping in flow syntax") {
  LoadResult r = load_with({"catalog.editions=[{name: solo, monthly_price: 3.00}]"});
  REQUIRE(r.ok());
  REQUIRE(r.scenario->catalog.editions.size() == 1);
  CHECK(r.scenario->catalog.editions[0].name == "solo");
  r = load_with({"policy={notice_days: 60, grace_days: 10}"});
  REQUIRE(r.ok());
  CHECK(r.scenario->policy.notice_days == 60);
  CHECK(r.scenario->policy.grace_days == 10);
}

TEST_CASE("a bad --set is told as the override, never as a line of the scenario file") {
  auto only_error = [](const LoadResult& r) {
    REQUIRE(r.errors.size() == 1);
    return r.errors[0];
  };
  // Past the end of a list.
  Diagnostic d = only_error(load_with({"catalog.editions.7.monthly_price=5"}));
  CHECK(d.file == "--set catalog.editions.7.monthly_price=5");
  CHECK(d.message.find("has 4 entries: index 7 is past its end") != std::string::npos);
  // Not an index into a list.
  d = only_error(load_with({"catalog.editions.first.monthly_price=5"}));
  CHECK(d.file.rfind("--set ", 0) == 0);
  CHECK(d.message.find("must be an index (0 to 3)") != std::string::npos);
  // A problem inside a flow value (a nested key, a nested value) names the override.
  LoadResult r = load_with({"catalog.editions=[{name: solo, monthly_prize: 3.00}]"});
  REQUIRE(r.errors.size() == 2);  // the unknown key, and the price it leaves missing
  for (const Diagnostic& e : r.errors) {
    CHECK(e.file == "--set catalog.editions=[{name: solo, monthly_prize: 3.00}]");
    CHECK(e.line == 0);
  }
  CHECK(r.errors[0].message.find("did you mean 'monthly_price'") != std::string::npos);
  d = only_error(load_with({"catalog.editions=[{name: solo, monthly_price: cheap}]"}));
  CHECK(d.file.rfind("--set catalog.editions=", 0) == 0);
  CHECK(d.message.find("cheap") != std::string::npos);
  // A mapping made on the way by the override is the override's too.
  d = only_error(load_with({"catalog.editions.0=5"}));
  CHECK(d.file == "--set catalog.editions.0=5");
  // Not YAML.
  d = only_error(load_with({"policy.notice_days=[1, 2"}));
  CHECK(d.file == "--set policy.notice_days=[1, 2");
  CHECK(d.message.find("not YAML") != std::string::npos);
}

TEST_CASE("--set: the default editions it writes out are the override's; aliases stay bounded") {
  // Essentials at 7.00 puts deluxe (5.00, written out from the default catalog) below it.
  LoadResult r = load_with({"catalog.editions.0.monthly_price=7.00"});
  REQUIRE_FALSE(r.errors.empty());
  for (const Diagnostic& d : r.errors) CHECK(d.file == "--set catalog.editions.0.monthly_price=7.00");
  // `catalog:` written with no value is the default catalog too.
  r = load_with({"catalog.editions.1.monthly_price=5.50"}, kScenario + "catalog:\n");
  REQUIRE(r.ok());
  CHECK(r.scenario->catalog.editions[1].monthly_price_per_seat == 550);
  // A value of aliases to itself is marked in bounded time and refused as an unknown key.
  r = load_with({"x=&a [*a, *a]"});
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].message.find("unknown key 'x'") != std::string::npos);
}

TEST_CASE("did you mean: a near miss by separators wins a tie ('notice60' is 'notice_60')") {
  const std::vector<std::string> policies = {"notice_0", "notice_60", "grace_30"};
  CHECK(did_you_mean("notice60", policies) == "notice_60");
  CHECK(did_you_mean("notice_06", policies) == "notice_0");
  CHECK(did_you_mean("grace30", policies) == "grace_30");
  CHECK(did_you_mean("completely_else", policies).empty());
}
