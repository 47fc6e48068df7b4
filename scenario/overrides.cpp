#include "scenario/overrides.hpp"

#include <sstream>
#include <vector>

namespace subsim {

void apply_set(YamlReader& L, YAML::Node root, const std::string& text) {
  Diagnostics& errors = L.errors();
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    errors.push_back({"--set " + text, 0, 0, "expected KEY=VALUE"});
    return;
  }
  std::string path = text.substr(0, eq), value = text.substr(eq + 1);
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
  YAML::Node cur = root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty()) {
      errors.push_back({"--set " + text, 0, 0, "empty key in '" + path + "'"});
      return;
    }
    YAML::Node next = cur[parts[i]];
    if (!next.IsDefined() || next.IsNull()) {
      cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next.reset(cur[parts[i]]);
    } else if (!next.IsMap()) {
      errors.push_back({"--set " + text, 0, 0, "'" + parts[i] + "' is not a mapping"});
      return;
    }
    cur.reset(next);
  }
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
  cur[parts.back()] = v;
  L.mark_override(cur[parts.back()], text);
}

}  // namespace subsim
