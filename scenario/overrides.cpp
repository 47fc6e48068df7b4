#include "scenario/overrides.hpp"

#include <sstream>
#include <vector>

#include "io/text_file.hpp"
#include "model/catalog.hpp"
#include "model/money.hpp"

namespace subsim {

namespace {

// "3" → 3 for a list index; nullopt for anything else (a mapping's key).
std::optional<std::size_t> list_index(const std::string& part) {
  if (part.empty() || part.size() > 6) return std::nullopt;
  std::size_t i = 0;
  for (char ch : part) {
    if (ch < '0' || ch > '9') return std::nullopt;
    i = i * 10 + static_cast<std::size_t>(ch - '0');
  }
  return i;
}

// The default catalog's editions as the YAML a scenario would write, so an override can index
// into them (catalog.editions.1.monthly_price) when the scenario keeps the default catalog.
YAML::Node default_editions() {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const EditionInfo& e : Catalog::maas360_default().editions) {
    YAML::Node ed(YAML::NodeType::Map);
    ed["name"] = e.name;
    ed["monthly_price"] = format_money(e.monthly_price_per_seat);
    list.push_back(ed);
  }
  return list;
}

// Every node of an override's value (keys, items, nested values): problems the reader finds in
// any of them name the override, not a line of the scenario file. At most 10,000 nodes and 32
// levels, so a value of aliases (`&a [*a, *a]`) cannot make it run for long.
void mark_value(YamlReader& L, const YAML::Node& n, const std::string& label, int& budget,
                int depth = 0) {
  if (--budget < 0) return;
  L.mark_override(n, label);
  if (depth > 32) return;
  if (n.IsMap())
    for (auto it = n.begin(); it != n.end() && budget > 0; ++it) {
      mark_value(L, it->first, label, budget, depth + 1);
      mark_value(L, it->second, label, budget, depth + 1);
    }
  else if (n.IsSequence())
    for (auto it = n.begin(); it != n.end() && budget > 0; ++it)
      mark_value(L, *it, label, budget, depth + 1);
}
void mark_value(YamlReader& L, const YAML::Node& n, const std::string& label) {
  int budget = 10'000;
  mark_value(L, n, label, budget);
}

// root.path = value for a dotted path, creating the maps on the way; a number indexes into a
// list (catalog.editions.1.monthly_price). `label` names the override in errors that have no
// place in the file. False (and an error) if a step is neither.
bool set_path(YamlReader& L, YAML::Node root, const std::string& path, const YAML::Node& value,
              const std::string& label, const YAML::Node* where) {
  Diagnostics& errors = L.errors();
  auto problem = [&](const std::string& message) {
    if (where)
      L.error(*where, message);
    else
      errors.push_back({label, 0, 0, message});
    return false;
  };
  // Nodes it writes into the tree are the override's (--set: their problems name it; a
  // variant's are told at its key).
  auto own = [&](const YAML::Node& node) {
    if (!where) mark_value(L, node, label.substr(std::string("--set ").size()));
  };
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
  if (parts.empty() || path.back() == '.') return problem("empty key in '" + path + "'");
  // Into the editions of a scenario that keeps the default catalog: write those out first.
  const YAML::Node catalog = root["catalog"];
  const bool no_catalog = !catalog || catalog.IsNull();
  if (parts[0] == "catalog" && parts.size() > 2 && parts[1] == "editions" &&
      (no_catalog || (catalog.IsMap() && !catalog["editions"]))) {
    if (no_catalog) root["catalog"] = YAML::Node(YAML::NodeType::Map);
    root["catalog"]["editions"] = default_editions();
    own(root["catalog"]["editions"]);
  }
  YAML::Node cur = root;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) return problem("empty key in '" + path + "'");
    const bool last = i + 1 == parts.size();
    if (cur.IsSequence()) {
      auto index = list_index(part);
      if (!index)
        return problem("'" + walked + "' is a list: '" + part + "' must be an index (0 to " +
                       std::to_string(cur.size() - 1) + ")");
      if (*index >= cur.size())
        return problem("'" + walked + "' has " + std::to_string(cur.size()) +
                       " entries: index " + part + " is past its end");
      if (last) {
        cur[*index] = value;
        return true;
      }
      YAML::Node next = cur[*index];
      if (!next.IsMap() && !next.IsSequence())
        return problem("'" + walked + "." + part + "' is not a mapping or a list");
      cur.reset(next);
    } else {
      if (last) {
        cur[part] = value;
        return true;
      }
      YAML::Node next = cur[part];
      if (!next.IsDefined() || next.IsNull()) {
        cur[part] = YAML::Node(YAML::NodeType::Map);
        next.reset(cur[part]);
        own(next);
      } else if (!next.IsMap() && !next.IsSequence()) {
        return problem("'" + part + "' is not a mapping or a list");
      }
      cur.reset(next);
    }
    walked += (walked.empty() ? "" : ".") + part;
  }
  return true;
}

}  // namespace

void apply_set(YamlReader& L, YAML::Node root, const std::string& text) {
  Diagnostics& errors = L.errors();
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    errors.push_back({"--set " + text, 0, 0, "expected KEY=VALUE"});
    return;
  }
  if (first_invalid_utf8(text) != std::string::npos) {  // the one rule of every text input
    errors.push_back({"--set " + text, 0, 0, "not UTF-8 text"});
    return;
  }
  std::string path = text.substr(0, eq), value = text.substr(eq + 1);
  YAML::Node v;
  try {
    // Any YAML value in flow syntax: a scalar, [a, b] or {k: v}.
    v = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    errors.push_back({"--set " + text, 0, 0, "the value is not YAML: " + e.msg});
    return;
  }
  if (set_path(L, root, path, v, "--set " + text, nullptr)) mark_value(L, v, text);
}

void apply_variant(YamlReader& L, YAML::Node root, const YAML::Node& overrides,
                   const std::string& name, bool apply) {
  if (!L.is_map(overrides, "variant '" + name + "'")) return;
  L.no_duplicate_keys(overrides);
  for (auto it = overrides.begin(); it != overrides.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar().empty()) {
      L.error(it->first, "variant '" + name + "': a key must be a dotted path such as policy.notice_days");
      continue;
    }
    const std::string path = it->first.Scalar();
    if (path == "variants" || path.rfind("variants.", 0) == 0 || path == "policies" ||
        path.rfind("policies.", 0) == 0) {
      L.error(it->first, "variant '" + name + "' cannot change the variants themselves");
      continue;
    }
    YAML::Node key = it->first;
    if (apply) set_path(L, root, path, it->second, "variant " + name, &key);
  }
}

}  // namespace subsim
