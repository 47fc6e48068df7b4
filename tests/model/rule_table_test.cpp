// The rule table (model/rule_id) and the policy-parameter table (model/policy): one row per rule
// and per parameter, complete against the sources and the docs that list them.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "model/notice.hpp"
#include "model/policy.hpp"
#include "model/rule_id.hpp"

using namespace subsim;
namespace fs = std::filesystem;

namespace {
std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
// The cells of a markdown table row, trimmed, without backquotes or escaped bars.
std::vector<std::string> cells(std::string row) {
  std::vector<std::string> out;
  std::string cell;
  bool in_code = false;
  for (std::size_t i = 1; i < row.size(); ++i) {
    char c = row[i];
    if (c == '\\' && i + 1 < row.size() && row[i + 1] == '|') {  // an escaped bar is text
      cell += row[++i];
      continue;
    }
    if (c == '`') {
      in_code = !in_code;
      continue;
    }
    if (c == '|' && !in_code) {
      std::size_t a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
      out.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
      cell.clear();
    } else {
      cell += c;
    }
  }
  return out;
}
}  // namespace

TEST_CASE("the rule table: a titled row per rule id, in order, and ids round-trip") {
  for (int i = 1; i < kRuleCount; ++i) {
    const RuleId r = static_cast<RuleId>(i);
    const RuleInfo& info = rule_info(r);
    INFO("rule " << i << " " << info.id);
    CHECK(info.id.size() == 2);
    CHECK_FALSE(info.title.empty());
    REQUIRE(parse_rule_id(info.id).has_value());
    CHECK(*parse_rule_id(info.id) == r);
  }
  CHECK_FALSE(parse_rule_id("Z9").has_value());
}

TEST_CASE("every rule a model function refuses with has the table's refusal sentence") {
  std::set<std::string> refusing;
  const std::regex rule("RuleId::([A-Z][0-9])");
  for (const auto& entry : fs::directory_iterator(fs::path(SUBSIM_SOURCE_DIR) / "model")) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);)
      if (line.find("reject(") != std::string::npos)
        for (std::sregex_iterator m(line.begin(), line.end(), rule), end; m != end; ++m)
          refusing.insert((*m)[1]);
  }
  for (int s = 0; s < kSubStateCount; ++s)
    refusing.insert(std::string(to_string(rule_for_not_in_term(static_cast<SubState>(s)))));
  CHECK(refusing.size() >= 15);  // the scan found the refusals
  for (const std::string& id : refusing) {
    INFO(id << " refuses without a sentence");
    REQUIRE(parse_rule_id(id).has_value());
    CHECK_FALSE(rule_info(*parse_rule_id(id)).refusal.empty());
  }
}

TEST_CASE("docs/rules.md has a row for every rule id") {
  const std::string doc = read_text(fs::path(SUBSIM_SOURCE_DIR) / "docs/rules.md");
  for (int i = 1; i < kRuleCount; ++i) {
    const std::string id(rule_info(static_cast<RuleId>(i)).id);
    INFO(id);
    CHECK(doc.find("\n| " + id + " |") != std::string::npos);
  }
}

TEST_CASE("docs/scenarios.md lists every policy parameter with its type, default and rules, and no other") {
  std::ifstream in(fs::path(SUBSIM_SOURCE_DIR) / "docs/scenarios.md");
  std::map<std::string, std::vector<std::string>> rows;
  bool in_section = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_section = line.find("## policy") == 0;
    if (in_section && line.rfind("| `", 0) == 0) {
      std::vector<std::string> c = cells(line);
      REQUIRE(c.size() == 4);
      rows[c[0]] = c;
    }
  }
  const Policy defaults;
  CHECK(rows.size() == policy_parameters().size());
  for (const PolicyParameter& p : policy_parameters()) {
    const std::string key(p.key);
    INFO(key);
    REQUIRE(rows.count(key) == 1);
    const std::vector<std::string>& c = rows[key];
    CHECK(c[1].rfind(parameter_type_text(p), 0) == 0);
    CHECK(c[2] == parameter_value_text(p, defaults));
    CHECK(c[3] == std::string(p.rules));
    CHECK_FALSE(p.help.empty());
  }
}

TEST_CASE("the policy parameters' value texts: days, probability, bool and proration") {
  Policy p;
  p.federal_approval = 0.25;
  p.proration = Proration::none;
  p.mid_term_seat_additions = false;
  for (const PolicyParameter& param : policy_parameters()) {
    if (param.key == "federal_approval") CHECK(parameter_value_text(param, p) == "0.25");
    if (param.key == "proration") CHECK(parameter_value_text(param, p) == "none");
    if (param.key == "mid_term_seat_additions") CHECK(parameter_value_text(param, p) == "false");
    if (param.key == "notice_days") CHECK(parameter_value_text(param, p) == "30");
  }
}
