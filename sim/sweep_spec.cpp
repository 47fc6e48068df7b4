#include "sim/sweep_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/text_file.hpp"

namespace subsim {

namespace {
struct Reporter {
  std::string file;
  Diagnostics& errors;
  void at(const YAML::Node& n, const std::string& msg) {
    errors.push_back({file, n.Mark().line + 1, n.Mark().column + 1, msg});
  }
};
const std::vector<std::string> kKeys = {"scenario",
                                        "set",
                                        "parameters",
                                        "design",
                                        "samples",
                                        "replications",
                                        "common_random_numbers",
                                        "seed",
                                        "scenario_seed",
                                        "metrics"};
}  // namespace

SweepLoad load_sweep_text(const std::string& text, const std::string& file) {
  SweepLoad out;
  Reporter R{file, out.errors};
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    out.errors.push_back({file, e.mark.line + 1, e.mark.column + 1, e.msg});
    return out;
  }
  if (!root.IsMap()) {
    out.errors.push_back(
        {file, 1, 1, "a sweep must be a mapping (scenario, parameters, design, …)"});
    return out;
  }
  SweepSpec s;
  s.file = file;
  for (auto it = root.begin(); it != root.end(); ++it) {
    std::string k = it->first.Scalar();
    if (std::find(kKeys.begin(), kKeys.end(), k) == kKeys.end()) {
      std::string hint = did_you_mean(k, kKeys);
      R.at(it->first, "unknown key '" + k + "' in the sweep" +
                          (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
  }
  if (!root["scenario"] || !root["scenario"].IsScalar()) {
    R.at(root, "the sweep needs 'scenario: FILE'");
  } else {
    std::filesystem::path p = root["scenario"].Scalar();
    if (p.is_relative()) p = std::filesystem::path(file).parent_path() / p;
    s.scenario = p.lexically_normal().string();
  }
  if (const YAML::Node sets = root["set"]) {
    if (!sets.IsSequence())
      R.at(sets, "set must be a list of KEY=VALUE");
    else
      for (const YAML::Node& v : sets) s.sets.push_back(v.Scalar());
  }
  if (const YAML::Node ms = root["metrics"]) {
    if (!ms.IsSequence())
      R.at(ms, "metrics must be a list of metric names");
    else
      for (const YAML::Node& v : ms) s.metrics.push_back(v.Scalar());
  }
  std::string design = root["design"] ? root["design"].Scalar() : "grid";
  if (design == "grid")
    s.design = SweepDesign::grid;
  else if (design == "lhs")
    s.design = SweepDesign::lhs;
  else if (design == "sobol")
    s.design = SweepDesign::sobol;
  else
    R.at(root["design"], "design must be grid, lhs or sobol, not '" + design + "'");
  auto integer = [&](const char* key, int lo, int hi, int& out_value) {
    if (!root[key]) return;
    const std::string t = root[key].Scalar();
    char* end = nullptr;
    long v = std::strtol(t.c_str(), &end, 10);
    if (t.empty() || *end || v < lo || v > hi)
      R.at(root[key], std::string(key) + " must be a whole number between " + std::to_string(lo) +
                          " and " + std::to_string(hi) + ", not '" + t + "'");
    else
      out_value = static_cast<int>(v);
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
  if (root["common_random_numbers"]) {
    std::string b = root["common_random_numbers"].Scalar();
    if (b == "true" || b == "yes")
      s.common_random_numbers = true;
    else if (b == "false" || b == "no")
      s.common_random_numbers = false;
    else
      R.at(root["common_random_numbers"], "common_random_numbers must be true or false");
  }
  const YAML::Node ps = root["parameters"];
  if (!ps || !ps.IsMap() || ps.size() == 0) {
    R.at(ps ? ps : root, "the sweep needs 'parameters:' mapping --set paths to values or ranges");
  } else {
    for (auto it = ps.begin(); it != ps.end(); ++it) {
      SweepParameter p;
      p.path = it->first.Scalar();
      const YAML::Node v = it->second;
      if (v.IsSequence() && v.size() > 0) {
        for (const YAML::Node& x : v) p.values.push_back(x.Scalar());
      } else if (v.IsMap() && v["range"] && v["range"].IsSequence() && v["range"].size() == 2) {
        p.is_range = true;
        char* e1 = nullptr;
        char* e2 = nullptr;
        std::string a = v["range"][0].Scalar(), b = v["range"][1].Scalar();
        p.low = std::strtod(a.c_str(), &e1);
        p.high = std::strtod(b.c_str(), &e2);
        if (*e1 || *e2 || !(p.low < p.high))
          R.at(v, "range must be [low, high] numbers with low < high");
        p.integer = a.find_first_of(".eE") == std::string::npos &&
                    b.find_first_of(".eE") == std::string::npos;
      } else {
        R.at(v, p.path + " must be a list of values [a, b, …] or {range: [low, high]}");
        continue;
      }
      s.parameters.push_back(p);
    }
  }
  if (s.design == SweepDesign::grid)
    for (const SweepParameter& p : s.parameters)
      if (p.is_range) R.at(ps[p.path], "a grid needs values for " + p.path + ", not a range");
  if (s.design != SweepDesign::grid && s.samples <= 0)
    R.at(root, "design " + design + " needs 'samples'");
  if (out.errors.empty()) out.spec = std::move(s);
  return out;
}

SweepLoad load_sweep_file(const std::string& path) {
  std::string error;
  auto text = read_text_file(path, error);
  if (!text) {
    SweepLoad r;
    r.errors.push_back({path, 0, 0, error});
    return r;
  }
  return load_sweep_text(*text, path);
}

}  // namespace subsim
