#include "scenario/distribution_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace subsim {

namespace {

// {uniform: [a, b]}, a ≤ b, both within [lo, hi].
std::optional<Distribution> read_uniform(YamlReader& R, const YAML::Node& body,
                                         const std::string& what, double lo, double hi) {
  if (!body.IsSequence() || body.size() != 2) {
    R.error(body, what + ".uniform must be [low, high]");
    return std::nullopt;
  }
  auto a = R.number(body[0], what + ".uniform low", lo, hi);
  auto b = R.number(body[1], what + ".uniform high", lo, hi);
  if (!a || !b) return std::nullopt;
  if (*b < *a) {
    R.error(body, what + ".uniform: high is below low");
    return std::nullopt;
  }
  return Distribution::uniform_range(*a, *b);
}

// {exponential: {mean: m}} or {poisson: {mean: m}} (`kind`), m > 0.
std::optional<Distribution> read_mean_only(YamlReader& R, const YAML::Node& body,
                                           const std::string& what, const std::string& kind,
                                           double hi) {
  if (!R.is_map(body, what + "." + kind)) return std::nullopt;
  R.keys(body, {"mean"}, what + "." + kind);
  if (!body["mean"]) {
    R.error(body, what + "." + kind + " needs a mean");
    return std::nullopt;
  }
  auto m = R.number(body["mean"], what + "." + kind + ".mean", 1e-12, std::max(hi, 1e-12));
  if (!m) return std::nullopt;
  Distribution d;
  d.kind = kind == "poisson" ? Distribution::Kind::poisson : Distribution::Kind::exponential;
  d.a = *m;
  return d;
}

// {lognormal: {median: m, sigma: s}}, m > 0, 0 ≤ s ≤ 10.
std::optional<Distribution> read_lognormal(YamlReader& R, const YAML::Node& body,
                                           const std::string& what, double hi) {
  if (!R.is_map(body, what + ".lognormal")) return std::nullopt;
  R.keys(body, {"median", "sigma"}, what + ".lognormal");
  if (!body["median"] || !body["sigma"]) {
    R.error(body, what + ".lognormal needs median and sigma");
    return std::nullopt;
  }
  auto m = R.number(body["median"], what + ".lognormal.median", 1e-12, std::max(hi, 1e-12));
  auto s = R.number(body["sigma"], what + ".lognormal.sigma", 0, 10);
  if (!m || !s) return std::nullopt;
  Distribution d;
  d.kind = Distribution::Kind::lognormal;
  d.a = *m;
  d.b = *s;
  return d;
}

// {choice: {key: weight}}: weights ≥ 0 adding up to more than 0.
std::optional<Distribution> read_choice(YamlReader& R, const YAML::Node& body,
                                        const std::string& what) {
  if (!R.is_map(body, what + ".choice") || body.size() == 0) return std::nullopt;
  std::vector<std::string> names;
  std::vector<double> weights;
  bool ok = true;
  R.each_key(body, [&](const std::string& k, const YAML::Node& v, const YAML::Node&) {
    auto w = R.number(v, what + ".choice." + k, 0, 1e12);
    if (!w) ok = false;
    names.push_back(k);
    weights.push_back(w.value_or(0));
  });
  if (!ok) return std::nullopt;
  double total = 0;
  for (double w : weights) total += w;
  if (total <= 0) {
    R.error(body, what + ".choice: the weights add up to 0");
    return std::nullopt;
  }
  return Distribution::choice_of(names, weights);
}

// {empirical: [[value, weight], …]}: values within [lo, hi], weights ≥ 0 adding up to more
// than 0.
std::optional<Distribution> read_empirical(YamlReader& R, const YAML::Node& body,
                                           const std::string& what, double lo, double hi) {
  if (!R.is_list(body, what + ".empirical") || body.size() == 0) return std::nullopt;
  double total = 0;
  std::vector<double> values, weights;
  for (const YAML::Node& pair : body) {
    if (!pair.IsSequence() || pair.size() != 2) {
      R.error(pair, what + ".empirical entries must be [value, weight]");
      return std::nullopt;
    }
    auto v = R.number(pair[0], what + ".empirical value", lo, hi);
    auto w = R.number(pair[1], what + ".empirical weight", 0, 1e12);
    if (!v || !w) return std::nullopt;
    values.push_back(*v);
    weights.push_back(*w);
    total += *w;
  }
  if (total <= 0) {
    R.error(body, what + ".empirical: the weights add up to 0");
    return std::nullopt;
  }
  Distribution d;
  d.kind = Distribution::Kind::empirical;
  double run = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    run += weights[i];
    d.values.push_back(values[i]);
    d.cumulative.push_back(run / total);
  }
  return d;
}

}  // namespace

// {fixed: x} | {uniform: [a, b]} | {exponential: {mean: m}} | {lognormal: {median, sigma}} |
// {poisson: {mean}} | {choice: {key: weight}} | {empirical: [[value, weight], …]}
std::optional<Distribution> read_distribution(YamlReader& R, const YAML::Node& n,
                                              const std::string& what, double lo, double hi) {
  if (n.IsScalar()) {  // a bare number is {fixed: x}
    auto v = R.number(n, what, lo, hi);
    if (!v) return std::nullopt;
    return Distribution::fixed_value(*v);
  }
  if (!n.IsMap() || n.size() != 1) {
    R.error(n, what +
                 " must be a distribution: {fixed: x}, {uniform: [a, b]}, "
                 "{exponential: {mean: m}}, {lognormal: {median: m, sigma: s}}, "
                 "{poisson: {mean: m}}, {choice: {…}} or {empirical: [[v, w], …]}");
    return std::nullopt;
  }
  const std::string kind = n.begin()->first.Scalar();
  const YAML::Node body = n.begin()->second;
  if (kind == "fixed") {
    auto v = R.number(body, what + ".fixed", lo, hi);
    if (!v) return std::nullopt;
    return Distribution::fixed_value(*v);
  }
  if (kind == "uniform") return read_uniform(R, body, what, lo, hi);
  if (kind == "exponential" || kind == "poisson") return read_mean_only(R, body, what, kind, hi);
  if (kind == "lognormal") return read_lognormal(R, body, what, hi);
  if (kind == "choice") return read_choice(R, body, what);
  if (kind == "empirical") return read_empirical(R, body, what, lo, hi);
  R.error(n.begin()->first,
          what + ": " +
              unknown_name("distribution", kind,
                           {"fixed", "uniform", "exponential", "lognormal", "poisson", "choice",
                            "empirical"}));
  return std::nullopt;
}

// A choice whose keys must be exactly some of `allowed` and whose weights are shares (sum 1).
std::optional<Distribution> read_shares(YamlReader& R, const YAML::Node& n, const std::string& what,
                                        const std::vector<std::string>& allowed) {
  if (!n.IsMap() || n.size() != 1 || n.begin()->first.Scalar() != "choice") {
    // `allowed` is empty when the catalog it comes from had errors of its own (fuzzer-found).
    R.error(n, what + " must be {choice: {" + (allowed.empty() ? std::string("NAME") : allowed.front()) +
                   ": share, …}}");
    return std::nullopt;
  }
  const YAML::Node body = n.begin()->second;
  if (!R.is_map(body, what + ".choice")) return std::nullopt;
  R.keys(body, allowed, what + ".choice");
  std::vector<double> weights(allowed.size(), 0);
  double total = 0;
  bool ok = true;
  R.each_key(body, [&](const std::string& k, const YAML::Node& v, const YAML::Node&) {
    auto w = R.probability(v, what + ".choice." + k);
    if (!w) {
      ok = false;
      return;
    }
    auto it = std::find(allowed.begin(), allowed.end(), k);
    if (it != allowed.end()) weights[it - allowed.begin()] = *w;
    total += *w;
  });
  if (!ok) return std::nullopt;
  if (std::fabs(total - 1.0) > 1e-9) {
    std::ostringstream o;
    o << what << ": shares add up to " << total << ", not 1";
    R.error(body, o.str());
    return std::nullopt;
  }
  return Distribution::choice_of(allowed, weights);
}


}  // namespace subsim
