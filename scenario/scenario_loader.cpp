// Loading a scenario: parse, apply --set overrides, read every section, check what spans
// sections (the horizon, named policies, resellers, the population's size). The sections'
// readers are section_readers.cpp and account_reader.cpp; overrides are overrides.cpp.
#include "scenario/scenario_loader.hpp"

#include <filesystem>

#include "scenario/book_reader.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "io/text_file.hpp"
#include "model/account.hpp"
#include "scenario/account_reader.hpp"
#include "scenario/names.hpp"
#include "scenario/overrides.hpp"
#include "scenario/section_readers.hpp"
#include "scenario/yaml_reader.hpp"

namespace subsim {

// Terms, grace periods and deletions run up to a few years past the end; they must stay inside
// the calendar (which ends in 9999).
const Date kLastEnd(9799, 12, 31);

std::optional<Date> horizon_end(Date start, const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  std::string digits = text.substr(0, text.size() - 1);
  if (digits.empty() || digits.size() > 5 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  int n = std::stoi(digits);
  if (n <= 0) return std::nullopt;
  // Past 100 years the period is refused anyway ("longer than 100 years"); computing 10000y
  // would leave the calendar's range.
  constexpr int kBeyond = 101;
  if ((unit == 'y' && n > kBeyond) || (unit == 'm' && n > 12 * kBeyond) ||
      (unit == 'd' && n > 366 * kBeyond))
    return add_days(start, 366 * kBeyond);
  switch (unit) {
    case 'y':
      return add_days(add_months_clamped(start, 12 * n), -1);
    case 'm':
      return add_days(add_months_clamped(start, n), -1);
    case 'd':
      return add_days(start, n - 1);
    default:
      return std::nullopt;
  }
}

double expected_customers(const Scenario& sc) {
  double months = month_index(sc.start, sc.end) + 1;
  double customers = static_cast<double>(sc.accounts.size() + sc.book.size());
  if (sc.has_population)
    customers +=
        static_cast<double>(sc.population.initial) + months * sc.population.monthly_arrivals.mean();
  return customers;
}

namespace {
const Keys kTopKeys = {"name",      "seed",     "replications", "start",    "end",
                       "horizon",   "catalog",  "policy",       "policies", "population",
                       "behaviour", "accounts", "resellers", "variants"};

// The overrides, in the order they apply: the chosen variant of variants: (the file's), then
// the command line's variant sets, then --set, which wins. Returns whether the file's
// variants: has the chosen one; `names` gets every variant's name.
bool apply_overrides(YamlReader& L, YAML::Node& root, const LoadOptions& options,
                     std::vector<std::string>& names) {
  bool variant_found = false;
  if (const YAML::Node vs = root["variants"]) {
    if (L.is_map(vs, "variants")) {
      L.no_duplicate_keys(vs);
      for (auto it = vs.begin(); it != vs.end(); ++it) {
        if (!it->first.IsScalar()) {
          L.error(it->first, "a variant's name must be a single value");
          continue;
        }
        const std::string name = it->first.Scalar();
        if (!it->second.IsMap()) {
          L.error(it->second, "variant '" + name + "' must map dotted paths to values");
          continue;
        }
        names.push_back(name);
        const bool chosen = name == options.policy && name != "default";
        apply_variant(L, root, it->second, name, chosen);
        variant_found = variant_found || chosen;
      }
    }
  }
  for (const std::string& s : options.variant_sets) apply_set(L, root, s);
  for (const std::string& s : options.sets) apply_set(L, root, s);
  return variant_found;
}

// name, seed and replications.
void read_identity(YamlReader& L, YAML::Node& root, Scenario& sc) {
  if (root["name"])
    if (auto name = L.scalar(root["name"], "name")) sc.name = *name;
  if (root["seed"])
    if (auto v = L.integer(root["seed"], "seed", 0, INT64_MAX))
      sc.seed = static_cast<std::uint64_t>(*v);
  if (root["replications"])
    if (auto v = L.integer(root["replications"], "replications", 1, 100000))
      sc.replications = static_cast<int>(*v);
}

// The simulated period: start, and end or horizon, inside the calendar and at most 100 years.
void read_period(YamlReader& L, YAML::Node& root, Scenario& sc) {
  if (!root["start"]) {
    L.error(root, "the scenario needs a 'start' date");
  } else if (auto d = L.date(root["start"], "start")) {
    if (*d > kLastEnd)
      L.error(root["start"], "start must be by " + format_iso(kLastEnd));
    else
      sc.start = *d;
  }
  if (root["end"] && root["horizon"]) {
    L.error(root["horizon"], "give either 'end' or 'horizon', not both");
  } else if (root["end"]) {
    if (auto d = L.date(root["end"], "end")) {
      if (*d < sc.start)
        L.error(root["end"],
                "end (" + format_iso(*d) + ") is before start (" + format_iso(sc.start) + ")");
      sc.end = *d;
    }
  } else if (root["horizon"]) {
    auto h = L.scalar(root["horizon"], "horizon");
    if (h) {
      auto d = horizon_end(sc.start, *h);
      if (!d)
        L.error(root["horizon"], "horizon must look like 5y, 18m or 400d, not '" + *h + "'");
      else
        sc.end = *d;
    }
  } else {
    L.error(root, "the scenario needs an 'end' date or a 'horizon'");
  }
  if (sc.end < sc.start) sc.end = sc.start;
  if (sc.end > kLastEnd)
    L.error(root, "the simulated period must end by " + format_iso(kLastEnd));
  if (sc.days() > 100 * 366) L.error(root, "the simulated period is longer than 100 years");
}

// The named policies of policies:, each starting from the scenario's policy.
void read_named_policies(YamlReader& L, YAML::Node& root, Scenario& sc) {
  if (const YAML::Node pols = root["policies"]) {
    if (L.is_map(pols, "policies"))
      for (auto it = pols.begin(); it != pols.end(); ++it) {
        if (!it->first.IsScalar()) {
          L.error(it->first, "a policy's name must be a single value");
          continue;
        }
        NamedPolicy np{it->first.Scalar(), sc.policy};
        read_policy(L, it->second, np.policy, "policies." + np.name);
        sc.policies.push_back(np);
      }
  }
}

// The policy --variant/--policy chose, if it is one of policies: (a variant of variants: is
// already applied); an unknown name is an error unless the command line builds it.
void choose_policy(const LoadOptions& options, bool variant_found,
                   const std::vector<std::string>& variants, Scenario& sc, Diagnostics& errors) {
  // "default" names the scenario's own policy: unless policies: defines one of that name.
  bool base_policy = options.policy == "default" &&
                     std::none_of(sc.policies.begin(), sc.policies.end(),
                                  [](const NamedPolicy& p) { return p.name == "default"; });
  if (options.policy.empty() || base_policy || variant_found) return;
  auto it = std::find_if(sc.policies.begin(), sc.policies.end(),
                         [&](const NamedPolicy& p) { return p.name == options.policy; });
  if (it != sc.policies.end()) {
    sc.policy = it->policy;
  } else if (options.variant_sets.empty()) {  // not a variant built on the command line
    std::vector<std::string> names = variants;
    for (const auto& p : sc.policies) names.push_back(p.name);
    errors.push_back({"--variant " + options.policy, 0, 0,
                      "no variant '" + options.policy + "' in variants: or policies:" +
                          hint_for(options.policy, names)});
  }
}

// The declared resellers (resellers:), each with its index; returns whether the list is given.
bool read_resellers(YamlReader& L, YAML::Node& root, Scenario& sc,
                    std::map<std::string, int>& reseller_index) {
  bool declared = false;
  if (const YAML::Node rs = root["resellers"]) {
    if (L.is_list(rs, "resellers")) {
      declared = true;
      for (const YAML::Node& r : rs) {
        // A name, or {name, discount}: the reseller's discount off the list (P1).
        const YAML::Node name = r.IsMap() ? r["name"] : r;
        int discount_bp = 0;
        if (r.IsMap()) {
          L.keys(r, {"name", "discount"}, "a reseller");
          if (!name) L.error(r, "a reseller needs a name");
          if (r["discount"])
            if (auto d = L.number(r["discount"], "a reseller's discount", 0, 1))
              discount_bp = static_cast<int>(std::lround(*d * 10000));
        }
        if (!name) continue;
        if (auto s = L.scalar(name, "reseller")) {
          if (reseller_index.count(*s)) L.error(name, "duplicate reseller '" + *s + "'");
          reseller_index[*s] = static_cast<int>(sc.resellers.size());
          sc.resellers.push_back(*s);
          sc.catalog.reseller_discount_bp.resize(sc.resellers.size(), 0);
          sc.catalog.reseller_discount_bp.back() = discount_bp;
        }
      }
    }
  }
  return declared;
}

// The scripted accounts (accounts:), up to kMaxScriptedItems accounts, subscriptions and
// actions together.
void read_accounts(YamlReader& L, YAML::Node& root, const std::string& file, Scenario& sc,
                   std::map<std::string, int>& reseller_index, bool declared) {
  if (const YAML::Node accs = root["accounts"]) {
    if (L.is_list(accs, "accounts")) {
      AccountReader reader{L, sc, reseller_index, declared};
      std::set<std::string> ids;
      // YAML aliases let a small file name the same account (or action list) millions of
      // times; scripted work beyond a limit is refused instead of exhausting memory.
      std::size_t items = 0;
      for (const YAML::Node& a : accs) {
        items += 1;
        if (a.IsMap())
          for (const char* list : {"subscriptions", "actions"})
            if (a[list] && a[list].IsSequence()) items += a[list].size();
        if (items > kMaxScriptedItems) {
          // Told even past the cap on the number of errors: it is why loading stopped.
          YAML::Mark m = a.Mark();
          L.errors().push_back({file, m.line + 1, m.column + 1,
                                "more than " + std::to_string(kMaxScriptedItems) +
                                    " scripted accounts, subscriptions and actions (YAML aliases "
                                    "repeat them); use population: for large books"});
          break;
        }
        reader.account(a, ids);
      }
    }
  }
}

// The real book (population.book): after the scripted accounts, before the population's
// resellers (its reseller names come first). A relative path is the scenario's folder's.
void read_real_book(const std::string& file, Scenario& sc,
                    std::map<std::string, int>& reseller_index, bool declared,
                    Diagnostics& errors) {
  if (sc.population.book.empty()) return;
  std::filesystem::path book(sc.population.book);
  if (book.is_relative()) book = std::filesystem::path(file).parent_path() / book;
  read_book(book.string(), {file, sc.population.book_line, sc.population.book_column, ""}, sc,
            reseller_index, declared, errors);
  sc.other_inputs.push_back(book.string());
}

// What spans the sections: the population's resellers after the named ones, something to
// simulate, and the number of resellers and customers within their ids.
void check_population(YamlReader& L, YAML::Node& root, Scenario& sc) {
  sc.synthetic_prefix = synthetic_prefix_for(sc);
  sc.slot_infix = slot_infix_for(sc);
  // Population resellers come after the named ones.
  if (sc.has_population)
    for (int r = 0; r < sc.population.resellers; ++r)
      sc.resellers.push_back("r" + std::to_string(r + 1));
  if (!sc.has_population && sc.accounts.empty())
    L.error(root, "the scenario has neither a population nor accounts: nothing to simulate");
  if (sc.resellers.size() >= kNoReseller) L.error(root, "too many resellers");
  if (double customers = expected_customers(sc); customers > 4.0e9)
    L.error(root, "the population (about " + std::to_string(static_cast<long long>(customers)) +
                      " customers per replication) exceeds the 4 billion customer ids");
}

}  // namespace

// A scenario from its text: parsed, overridden, every section read in order, then checked
// across sections; the problems under a variant say so.
LoadResult load_scenario_text(const std::string& text, const std::string& file,
                              const LoadOptions& options) {
  LoadResult result;
  Diagnostics& errors = result.errors;
  std::optional<YAML::Node> parsed = parse_yaml(text, file, errors);
  if (!parsed) return result;
  YAML::Node root = *parsed;
  YamlReader L(file, errors);
  if (!root.IsMap()) {
    if (root.IsNull())
      errors.push_back({file, 1, 1, "the scenario is empty"});
    else
      L.error(root, "a scenario must be a mapping of keys (name, start, …)");
    return result;
  }
  std::vector<std::string> sc_variants;
  const bool variant_found = apply_overrides(L, root, options, sc_variants);
  L.keys(root, kTopKeys, "the scenario");

  Scenario sc;
  sc.variants = sc_variants;
  sc.file = file;
  sc.name = file;
  read_identity(L, root, sc);
  read_period(L, root, sc);
  if (root["catalog"]) read_catalog(L, root["catalog"], sc.catalog);
  if (root["policy"]) read_policy(L, root["policy"], sc.policy, "policy");
  read_named_policies(L, root, sc);
  choose_policy(options, variant_found, sc_variants, sc, errors);
  std::map<std::string, int> reseller_index;
  const bool declared = read_resellers(L, root, sc, reseller_index);
  if (root["population"]) read_population(L, root["population"], sc);
  if (root["behaviour"]) read_behaviour(L, root["behaviour"], sc);
  read_accounts(L, root, file, sc, reseller_index, declared);
  read_real_book(file, sc, reseller_index, declared, errors);
  check_population(L, root, sc);
  YAML::Mark top = root.Mark();
  sc.line = top.line + 1;
  sc.column = top.column + 1;
  if (errors.empty()) {
    result.scenario = std::move(sc);
  } else if (variant_found || !options.variant_sets.empty()) {
    // Say which variant the problems are under (a value may come from its overrides).
    for (Diagnostic& d : errors) d.message += " (variant " + options.policy + ")";
  }
  return result;
}

LoadResult load_scenario_file(const std::string& path, const LoadOptions& options) {
  std::string error;
  auto text = read_text_file(path, error, kMaxScenarioBytes);
  if (!text) {
    LoadResult r;
    r.errors.push_back({path, 0, 0, error});
    return r;
  }
  return load_scenario_text(*text, path, options);
}

LoadResult load_scenario(const ScenarioInput& input, const LoadOptions& options) {
  return input.text ? load_scenario_text(*input.text, input.path, options)
                    : load_scenario_file(input.path, options);
}

}  // namespace subsim
