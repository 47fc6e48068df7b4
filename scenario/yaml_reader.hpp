// The typed YAML reader shared by scenario and sweep files. Every problem becomes a Diagnostic
// FILE:LINE:COL (yaml-cpp's 0-based marks made 1-based, the file name added), or `--set TEXT`
// for a value that came from the command line; reading goes on, so every problem is reported.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/date.hpp"
#include "io/diagnostic.hpp"

namespace subsim {

using Keys = std::vector<std::string>;

// "; did you mean 'x'?" for a near miss of `word` among `candidates`, else "": the one hint.
std::string hint_for(const std::string& word, const Keys& candidates);
// "unknown KIND 'word'[ in WHERE]" with "; did you mean 'x'?" for a near miss among
// `candidates`: the one wording of every unknown name (keys, actions, distributions, editions,
// resellers).
std::string unknown_name(const std::string& kind, const std::string& word, const Keys& candidates,
                         const std::string& where = "");

// Parses a whole YAML text; a syntax error becomes a diagnostic (nullopt).
std::optional<YAML::Node> parse_yaml(const std::string& text, const std::string& file,
                                     Diagnostics& errors);

class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics& errors) : file_(std::move(file)), errors_(errors) {}

  const std::string& file() const { return file_; }
  Diagnostics& errors() { return errors_; }
  // Nodes set by --set: their problems name the override instead of a line of the file.
  void mark_override(const YAML::Node& n, const std::string& text) {
    set_nodes_.emplace_back(n, text);
  }

  void error(const YAML::Node& n, const std::string& message);

  bool is_map(const YAML::Node& n, const std::string& what);
  bool is_list(const YAML::Node& n, const std::string& what);
  // Unknown keys of `map`, with a suggestion for near misses; `where` names the map.
  void keys(const YAML::Node& map, const Keys& allowed, const std::string& where);

  std::optional<std::string> scalar(const YAML::Node& n, const std::string& what);
  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& what,
                                      std::int64_t lo, std::int64_t hi);
  std::optional<double> number(const YAML::Node& n, const std::string& what, double lo, double hi);
  std::optional<double> probability(const YAML::Node& n, const std::string& what) {
    return number(n, what + " (a probability)", 0.0, 1.0);
  }
  std::optional<bool> boolean(const YAML::Node& n, const std::string& what);
  std::optional<Date> date(const YAML::Node& n, const std::string& what);
  // One of `names` (their index): "WHAT must be a, b or c, not 'x'" otherwise.
  std::optional<int> one_of(const YAML::Node& n, const std::string& what, const Keys& names);
  template <class Enum>
  std::optional<Enum> one_of(const YAML::Node& n, const std::string& what, const Keys& names) {
    auto i = one_of(n, what, names);
    if (!i) return std::nullopt;
    return static_cast<Enum>(*i);
  }

  // Every key of a mapping given twice is an error at its second place (yaml-cpp keeps both
  // and `map[key]` finds the first, so the second would never be checked).
  void no_duplicate_keys(const YAML::Node& map);

  template <class F>
  void each_key(const YAML::Node& map, F&& f) {
    no_duplicate_keys(map);
    for (auto it = map.begin(); it != map.end(); ++it) f(it->first.Scalar(), it->second, it->first);
  }

 private:
  std::string file_;
  Diagnostics& errors_;
  std::vector<std::pair<YAML::Node, std::string>> set_nodes_;
  std::set<std::pair<int, int>> reported_duplicates_;  // line, column of each told duplicate
};

}  // namespace subsim
