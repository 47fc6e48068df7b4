#include "scenario/overrides.hpp"

#include <sstream>
#include <vector>

#include "io/text_file.hpp"

namespace subsim {

namespace {

// root.path = value for a dotted path, creating the maps on the way; `label` names the override
// in errors that have no place in the file. False (and an error) if a step is not a mapping.
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
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
  if (parts.empty() || path.back() == '.') return problem("empty key in '" + path + "'");
  YAML::Node cur = root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty()) return problem("empty key in '" + path + "'");
    YAML::Node next = cur[parts[i]];
    if (!next.IsDefined() || next.IsNull()) {
      cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next.reset(cur[parts[i]]);
    } else if (!next.IsMap()) {
      return problem("'" + parts[i] + "' is not a mapping");
    }
    cur.reset(next);
  }
  cur[parts.back()] = value;
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
    v = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    errors.push_back({"--set " + text, 0, 0, e.msg});
    return;
  }
  if (!v.IsScalar()) {
    errors.push_back({"--set " + text, 0, 0, "only a single value can be set"});
    return;
  }
  if (set_path(L, root, path, v, "--set " + text, nullptr)) L.mark_override(v, text);
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
