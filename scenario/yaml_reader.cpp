#include "scenario/yaml_reader.hpp"
#include "scenario/did_you_mean.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

namespace subsim {

std::string hint_for(const std::string& word, const Keys& candidates) {
  std::string hint = did_you_mean(word, candidates);
  return hint.empty() ? "" : "; did you mean '" + hint + "'?";
}

std::string unknown_name(const std::string& kind, const std::string& word, const Keys& candidates,
                         const std::string& where) {
  std::string msg = "unknown " + kind + " '" + word + "'";
  if (!where.empty()) msg += " in " + where;
  return msg + hint_for(word, candidates);
}

std::optional<YAML::Node> parse_yaml(const std::string& text, const std::string& file,
                                     Diagnostics& errors) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, e.msg});
  } catch (const YAML::Exception& e) {
    errors.push_back({file, 0, 0, e.msg});
  }
  return std::nullopt;
}

void YamlReader::error(const YAML::Node& n, const std::string& message) {
  // A file of a million bad entries (or a few aliased a million times) is told in 100 lines.
  constexpr std::size_t kMaxDiagnostics = 100;
  if (errors_.size() > kMaxDiagnostics) return;
  if (errors_.size() == kMaxDiagnostics) {
    errors_.push_back({file_, 0, 0, "too many errors; the rest are not shown"});
    return;
  }
  for (const auto& [node, text] : set_nodes_)
    if (node.is(n)) {
      errors_.push_back({"--set " + text, 0, 0, message});
      return;
    }
  // A node that is not in the file (a missing key's zombie) has no position: yaml-cpp throws.
  if (!n.IsDefined()) {
    errors_.push_back({file_, 0, 0, message});
    return;
  }
  YAML::Mark m = n.Mark();
  errors_.push_back({file_, m.line + 1, m.column + 1, message});
}

bool YamlReader::is_map(const YAML::Node& n, const std::string& what) {
  if (n.IsMap()) return true;
  error(n, what + " must be a mapping");
  return false;
}

bool YamlReader::is_list(const YAML::Node& n, const std::string& what) {
  if (n.IsSequence()) return true;
  error(n, what + " must be a list");
  return false;
}

void YamlReader::no_duplicate_keys(const YAML::Node& map) {
  if (!map.IsMap()) return;
  std::map<std::string, int> first_line;  // key → 1-based line of its first place
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const int line = it->first.Mark().line + 1;
    auto [at, fresh] = first_line.emplace(it->first.Scalar(), line);
    // A map read twice (its keys checked, then iterated) tells each duplicate once.
    if (!fresh && reported_duplicates_.insert({line, it->first.Mark().column}).second)
      error(it->first, "duplicate key '" + it->first.Scalar() + "' (first given at line " +
                           std::to_string(at->second) + ")");
  }
}

void YamlReader::keys(const YAML::Node& map, const Keys& allowed, const std::string& where) {
  no_duplicate_keys(map);
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    error(it->first, unknown_name("key", k, allowed, where));
  }
}

std::optional<std::string> YamlReader::scalar(const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) {
    error(n, what + " must be a single value");
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& n, const std::string& what,
                                                std::int64_t lo, std::int64_t hi) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s->c_str(), &end, 10);
  if (s->empty() || *end != '\0' || errno != 0) {
    error(n, what + " must be a whole number, not '" + *s + "'");
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    error(n, what + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                 ", not " + *s);
    return std::nullopt;
  }
  return v;
}

std::optional<double> YamlReader::number(const YAML::Node& n, const std::string& what, double lo,
                                         double hi) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s->c_str(), &end);
  if (s->empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) {
    error(n, what + " must be a number, not '" + *s + "'");
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    std::ostringstream o;
    o << what << " must be between " << lo << " and " << hi << ", not " << *s;
    error(n, o.str());
    return std::nullopt;
  }
  return v;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& n, const std::string& what) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "yes") return true;
  if (*s == "false" || *s == "no") return false;
  error(n, what + " must be true or false, not '" + *s + "'");
  return std::nullopt;
}

std::optional<Date> YamlReader::date(const YAML::Node& n, const std::string& what) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  auto d = parse_iso_date(*s);
  if (!d) error(n, what + ": '" + *s + "' is not a valid date (YYYY-MM-DD)");
  return d;
}

std::optional<int> YamlReader::one_of(const YAML::Node& n, const std::string& what,
                                      const Keys& names) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  auto it = std::find(names.begin(), names.end(), *s);
  if (it != names.end()) return static_cast<int>(it - names.begin());
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i)
    list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  error(n, what + " must be " + list + ", not '" + *s + "'");
  return std::nullopt;
}

}  // namespace subsim
