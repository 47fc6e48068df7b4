#include "scenario/sweep_spec.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/text_file.hpp"
#include "scenario/scenario_loader.hpp"
#include "scenario/yaml_reader.hpp"

namespace subsim {

namespace {
const std::vector<std::string> kKeys = {"scenario",
                                        "set",
                                        "parameters",
                                        "design",
                                        "samples",
                                        "replications",
                                        "common_random_numbers",
                                        "seed",
                                        "scenario_seed",
                                        "metrics",
                                        "second_order"};

// scenario: (relative to the sweep file's folder), set: and metrics:.
void read_scenario_sets_metrics(YamlReader& R, YAML::Node& root, const std::string& file,
                                SweepSpec& s) {
  if (!root["scenario"] || !root["scenario"].IsScalar()) {
    R.error(root, "the sweep needs 'scenario: FILE'");
  } else {
    std::filesystem::path p = root["scenario"].Scalar();
    if (p.is_relative()) p = std::filesystem::path(file).parent_path() / p;
    s.scenario = p.lexically_normal().string();
  }
  if (const YAML::Node sets = root["set"]) {
    if (!sets.IsSequence())
      R.error(sets, "set must be a list of KEY=VALUE");
    else
      for (const YAML::Node& v : sets)
        if (auto text = R.scalar(v, "a set entry")) {
          if (sets_sweep_replications(*text))
            R.error(v, "replications is the sweep's own setting (replications: N), not a set entry");
          s.sets.push_back(*text);
        }
  }
  if (const YAML::Node ms = root["metrics"]) {
    if (!ms.IsSequence())
      R.error(ms, "metrics must be a list of metric names");
    else
      for (const YAML::Node& v : ms)
        if (auto text = R.scalar(v, "a metric name")) s.metrics.push_back(*text);
  }
}

// design, samples, replications, seed, scenario_seed and common_random_numbers.
void read_settings(YamlReader& R, YAML::Node& root, SweepSpec& s) {
  const Keys& designs = sweep_design_names();
  if (root["design"])
    if (auto d = R.one_of<SweepDesign>(root["design"], "design", designs)) s.design = *d;
  auto integer = [&](const char* key, int lo, int hi, int& out_value) {
    if (root[key])
      if (auto v = R.integer(root[key], key, lo, hi)) out_value = static_cast<int>(*v);
  };
  integer("samples", 1, 1'000'000, s.samples);
  integer("replications", 1, 100'000, s.replications);
  int seed = 1;
  integer("seed", 0, 2'000'000'000, seed);
  s.seed = static_cast<std::uint64_t>(seed);
  if (root["scenario_seed"]) {
    int ss = 0;
    integer("scenario_seed", 0, 2'000'000'000, ss);
    s.scenario_seed = static_cast<std::uint64_t>(ss);
  }
  if (root["common_random_numbers"])
    if (auto b = R.boolean(root["common_random_numbers"], "common_random_numbers"))
      s.common_random_numbers = *b;
  if (root["second_order"])
    if (auto b = R.boolean(root["second_order"], "second_order")) {
      s.second_order = *b;
      if (*b && s.design != SweepDesign::sobol)
        R.error(root["second_order"], "second_order needs design: sobol (its indices come from "
                                      "Saltelli's BA rows)");
    }
}

// Whether a parameter's path may vary: not replications (the sweep's own), not seed while
// scenario_seed fixes it, and a linked path (a+b) of non-empty parts without variant. Says why
// not.
bool parameter_path_ok(YamlReader& R, YAML::Node& root, const YAML::Node& key,
                       const std::string& path) {
  // The sweep runs each point `replications` times itself: a scenario's replications set
  // per point would be ignored; likewise its seed when scenario_seed fixes every point's.
  bool owned = false;
  for (const std::string& part : linked_paths(path))
    if (part == "replications" || (part == "seed" && root["scenario_seed"])) {
      R.error(key, part == "replications"
                       ? "replications is the sweep's own setting (replications: N or "
                         "--replications), not a parameter"
                       : "seed cannot vary while scenario_seed fixes every point's seed");
      owned = true;
    }
  if (owned) return false;
  if (path.find('+') != std::string::npos) {  // a linked factor: a+b sets both
    bool ok = path.back() != '+';
    for (const std::string& part : linked_paths(path))
      ok = ok && !part.empty() && part != "variant";
    if (!ok) {
      R.error(key, "a linked parameter joins --set paths with '+' (a+b), not '" + path +
                       "'; variant cannot be linked");
      return false;
    }
  }
  return true;
}

// A parameter's {range: [low, high]} (and decimals: N) into `p` (an error if not numbers
// low < high, under a grid, or for variant); false if a bound is not a single value.
bool read_range(YamlReader& R, const YAML::Node& v, const SweepSpec& s, SweepParameter& p) {
  p.is_range = true;
  auto a = R.scalar(v["range"][0], "range of " + p.path);
  auto b = R.scalar(v["range"][1], "range of " + p.path);
  if (!a || !b) return false;
  char* e1 = nullptr;
  char* e2 = nullptr;
  p.low = std::strtod(a->c_str(), &e1);
  p.high = std::strtod(b->c_str(), &e2);
  if (a->empty() || b->empty() || *e1 || *e2 || !std::isfinite(p.low) ||
      !std::isfinite(p.high) || !(p.low < p.high))
    R.error(v, "range must be [low, high] numbers with low < high");
  p.integer = a->find_first_of(".eE") == std::string::npos &&
              b->find_first_of(".eE") == std::string::npos;
  if (s.design == SweepDesign::grid)
    R.error(v, "a grid needs values for " + p.path + ", not a range");
  if (p.path == "variant") R.error(v, "variant is a list of variant names, not a range");
  R.keys(v, {"range", "decimals"}, "the range of " + p.path);
  if (v["decimals"]) {
    if (auto d = R.integer(v["decimals"], "decimals of " + p.path, 0, 9)) {
      p.decimals = static_cast<int>(*d);
      if (p.integer)
        R.error(v["decimals"], "decimals are for a range of decimal numbers; " + p.path +
                                   "'s bounds are whole numbers, so are its values");
      else if (const DecimalBounds b = decimal_bounds(p.low, p.high, p.decimals);
               p.low < p.high && b.low > b.high)
        R.error(v["decimals"], "no number with " + std::to_string(p.decimals) +
                                   " decimals lies in the range of " + p.path);
    }
  }
  return true;
}

// One parameter of parameters: (its path, then its values or its range); nullopt if it is left
// out (its problem told).
std::optional<SweepParameter> read_parameter(YamlReader& R, YAML::Node& root,
                                             const YAML::Node& key, const YAML::Node& v,
                                             const SweepSpec& s) {
  SweepParameter p;
  if (!key.IsScalar() || key.Scalar().empty()) {
    R.error(key, "a parameter must be named by a --set path such as policy.notice_days");
    return std::nullopt;
  }
  p.path = key.Scalar();
  if (!parameter_path_ok(R, root, key, p.path)) return std::nullopt;
  if (v.IsSequence() && v.size() > 0) {
    bool ok = true;
    for (const YAML::Node& x : v) {
      auto value = R.scalar(x, "a value of " + p.path);
      if (value) p.values.push_back(*value);
      ok = ok && value;
    }
    if (!ok) return std::nullopt;
  } else if (v.IsMap() && v["range"] && v["range"].IsSequence() && v["range"].size() == 2) {
    if (!read_range(R, v, s, p)) return std::nullopt;
  } else {
    R.error(v, p.path + " must be a list of values [a, b, …] or {range: [low, high]}");
    return std::nullopt;
  }
  return p;
}

// parameters: (`ps`), a non-empty mapping of --set paths to values or ranges.
void read_parameters(YamlReader& R, YAML::Node& root, const YAML::Node& ps, SweepSpec& s) {
  if (!ps || !ps.IsMap() || ps.size() == 0) {
    R.error(ps ? ps : root, "the sweep needs 'parameters:' mapping --set paths to values or ranges");
    return;
  }
  R.no_duplicate_keys(ps);
  for (auto it = ps.begin(); it != ps.end(); ++it) {
    const YAML::Node v = it->second;
    if (auto p = read_parameter(R, root, it->first, v, s)) s.parameters.push_back(*p);
  }
}

// What spans the sweep: samples for a sampled design, and at most kMaxSweepParameters
// parameters and kMaxSweepPoints points.
void check_sweep_size(YamlReader& R, YAML::Node& root, const YAML::Node& ps,
                      const SweepSpec& s) {
  const std::string& design = sweep_design_names()[static_cast<int>(s.design)];
  if (s.design != SweepDesign::grid && s.samples <= 0)
    R.error(root, "design " + design + " needs 'samples'");
  if (s.parameters.size() > kMaxSweepParameters)
    R.error(ps, "a sweep varies at most " + std::to_string(kMaxSweepParameters) +
                    " parameters, not " + std::to_string(s.parameters.size()));
  else if (std::uint64_t n = design_points(s); n > kMaxSweepPoints)
    R.error(root["design"] ? root["design"] : root,
            "the " + design + " design has " +
                (n == UINT64_MAX ? std::string("more than 2^64") : std::to_string(n)) +
                " points; at most " + std::to_string(kMaxSweepPoints) +
                " are run (use fewer values or samples)");
}

}  // namespace

// A sweep from its text: its scenario, sets and metrics, its settings, its parameters, then
// its size checked; `spec` only if there is no error.
SweepLoad load_sweep_text(const std::string& text, const std::string& file) {
  SweepLoad out;
  YamlReader R(file, out.errors);
  std::optional<YAML::Node> parsed = parse_yaml(text, file, out.errors);
  if (!parsed) return out;
  YAML::Node root = *parsed;
  if (!root.IsMap()) {
    out.errors.push_back(
        {file, 1, 1, "a sweep must be a mapping (scenario, parameters, design, …)"});
    return out;
  }
  SweepSpec s;
  s.file = file;
  R.keys(root, kKeys, "the sweep");
  read_scenario_sets_metrics(R, root, file, s);
  read_settings(R, root, s);
  const YAML::Node ps = root["parameters"];
  read_parameters(R, root, ps, s);
  check_sweep_size(R, root, ps, s);
  if (out.errors.empty()) out.spec = std::move(s);
  return out;
}

std::uint64_t design_points(const SweepSpec& s) {
  const std::uint64_t k = s.parameters.size();
  switch (s.design) {
    case SweepDesign::grid: {
      std::uint64_t n = 1;
      for (const SweepParameter& p : s.parameters)
        if (__builtin_mul_overflow(n, static_cast<std::uint64_t>(p.values.size()), &n))
          return UINT64_MAX;
      return n;
    }
    case SweepDesign::lhs:
      return static_cast<std::uint64_t>(std::max(0, s.samples));
    case SweepDesign::sobol:
      return static_cast<std::uint64_t>(std::max(0, s.samples)) * (s.second_order ? 2 * k + 2 : k + 2);
  }
  return 0;
}

std::vector<std::string> linked_paths(const std::string& parameter) {
  std::vector<std::string> paths;
  std::stringstream ss(parameter);
  for (std::string p; std::getline(ss, p, '+');) paths.push_back(p);
  return paths;
}

bool sets_sweep_replications(const std::string& set_entry) {
  const std::size_t eq = set_entry.find('=');
  std::string key = set_entry.substr(0, eq);
  while (!key.empty() && key.back() == ' ') key.pop_back();
  return key == "replications";
}

DecimalBounds decimal_bounds(double low, double high, int decimals) {
  const double scale = std::pow(10.0, decimals);
  // A scaled bound within a hair of a whole number is that number (1.15 · 10^4 is 11499.99…).
  auto near = [](double x) { return std::abs(x - std::round(x)) < 1e-9 * std::max(1.0, std::abs(x)); };
  const double lo = low * scale, hi = high * scale;
  return {(near(lo) ? std::round(lo) : std::ceil(lo)) / scale,
          (near(hi) ? std::round(hi) : std::floor(hi)) / scale, scale};
}

bool is_sweep_file(const std::string& path) {
  std::string error;
  auto text = read_text_file(path, error, kMaxScenarioBytes);
  if (!text) return false;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("parameters:", 0) == 0) return true;
  // Written another way (JSON, which is YAML too; quoted keys): a map with `parameters` at its top.
  Diagnostics ignored;
  const std::optional<YAML::Node> doc = parse_yaml(*text, path, ignored);
  return doc && doc->IsMap() && (*doc)["parameters"].IsDefined();
}

SweepLoad load_sweep_file(const std::string& path) {
  std::string error;
  auto text = read_text_file(path, error, kMaxScenarioBytes);
  if (!text) {
    SweepLoad r;
    r.errors.push_back({path, 0, 0, error});
    return r;
  }
  return load_sweep_text(*text, path);
}

}  // namespace subsim
