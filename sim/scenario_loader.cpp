#include "sim/scenario_loader.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "model/account.hpp"
#include "io/text_file.hpp"

namespace subsim {

std::optional<Date> horizon_end(Date start, const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  std::string digits = text.substr(0, text.size() - 1);
  if (digits.empty() || digits.size() > 5 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  int n = std::stoi(digits);
  if (n <= 0) return std::nullopt;
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

std::optional<Cents> parse_money(const std::string& text) {
  std::size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 12 || !digits(whole) || !digits(frac) || frac.size() > 2 ||
      (dot != std::string::npos && frac.empty()))
    return std::nullopt;
  while (frac.size() < 2) frac += '0';
  return std::stoll(whole) * 100 + std::stoll(frac);
}

namespace {

using Keys = std::vector<std::string>;

class Loader {
 public:
  Loader(std::string file, Diagnostics& errors) : file_(std::move(file)), errors_(errors) {}

  std::vector<std::pair<YAML::Node, std::string>> set_nodes;

  void error(const YAML::Node& n, const std::string& message) {
    for (const auto& [node, text] : set_nodes)
      if (node.is(n)) {
        errors_.push_back({"--set " + text, 0, 0, message});
        return;
      }
    YAML::Mark m = n.Mark();
    errors_.push_back({file_, m.line + 1, m.column + 1, message});
  }
  void error_at(const YAML::Mark& m, const std::string& message) {
    errors_.push_back({file_, m.line + 1, m.column + 1, message});
  }

  bool is_map(const YAML::Node& n, const std::string& what) {
    if (n.IsMap()) return true;
    error(n, what + " must be a mapping");
    return false;
  }
  bool is_list(const YAML::Node& n, const std::string& what) {
    if (n.IsSequence()) return true;
    error(n, what + " must be a list");
    return false;
  }

  // Unknown keys, with a suggestion for near misses.
  void keys(const YAML::Node& map, const Keys& allowed, const std::string& where) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string k = it->first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::string msg = "unknown key '" + k + "' in " + where;
      std::string hint = did_you_mean(k, allowed);
      if (!hint.empty()) msg += "; did you mean '" + hint + "'?";
      error(it->first, msg);
    }
  }

  std::optional<std::string> scalar(const YAML::Node& n, const std::string& what) {
    if (!n.IsScalar()) {
      error(n, what + " must be a single value");
      return std::nullopt;
    }
    return n.Scalar();
  }

  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& what, std::int64_t lo,
                                      std::int64_t hi) {
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

  std::optional<double> number(const YAML::Node& n, const std::string& what, double lo, double hi) {
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

  std::optional<double> probability(const YAML::Node& n, const std::string& what) {
    return number(n, what + " (a probability)", 0.0, 1.0);
  }

  std::optional<bool> boolean(const YAML::Node& n, const std::string& what) {
    auto s = scalar(n, what);
    if (!s) return std::nullopt;
    if (*s == "true" || *s == "yes") return true;
    if (*s == "false" || *s == "no") return false;
    error(n, what + " must be true or false, not '" + *s + "'");
    return std::nullopt;
  }

  std::optional<Date> date(const YAML::Node& n, const std::string& what) {
    auto s = scalar(n, what);
    if (!s) return std::nullopt;
    auto d = parse_iso_date(*s);
    if (!d) error(n, what + ": '" + *s + "' is not a valid date (YYYY-MM-DD)");
    return d;
  }

  template <class F>
  void each_key(const YAML::Node& map, F&& f) {
    for (auto it = map.begin(); it != map.end(); ++it) f(it->first.Scalar(), it->second, it->first);
  }

  // {fixed: x} | {uniform: [a, b]} | {exponential: {mean: m}} | {lognormal: {median, sigma}} |
  // {poisson: {mean}} | {choice: {key: weight}} | {empirical: [[value, weight], …]}
  std::optional<Distribution> distribution(const YAML::Node& n, const std::string& what, double lo,
                                           double hi) {
    if (n.IsScalar()) {  // a bare number is {fixed: x}
      auto v = number(n, what, lo, hi);
      if (!v) return std::nullopt;
      return Distribution::fixed_value(*v);
    }
    if (!n.IsMap() || n.size() != 1) {
      error(n, what +
                   " must be a distribution: {fixed: x}, {uniform: [a, b]}, "
                   "{exponential: {mean: m}}, {lognormal: {median: m, sigma: s}}, "
                   "{poisson: {mean: m}}, {choice: {…}} or {empirical: [[v, w], …]}");
      return std::nullopt;
    }
    const std::string kind = n.begin()->first.Scalar();
    const YAML::Node body = n.begin()->second;
    Distribution d;
    if (kind == "fixed") {
      auto v = number(body, what + ".fixed", lo, hi);
      if (!v) return std::nullopt;
      return Distribution::fixed_value(*v);
    }
    if (kind == "uniform") {
      if (!body.IsSequence() || body.size() != 2) {
        error(body, what + ".uniform must be [low, high]");
        return std::nullopt;
      }
      auto a = number(body[0], what + ".uniform low", lo, hi);
      auto b = number(body[1], what + ".uniform high", lo, hi);
      if (!a || !b) return std::nullopt;
      if (*b < *a) {
        error(body, what + ".uniform: high is below low");
        return std::nullopt;
      }
      return Distribution::uniform_range(*a, *b);
    }
    if (kind == "exponential" || kind == "poisson") {
      if (!is_map(body, what + "." + kind)) return std::nullopt;
      keys(body, {"mean"}, what + "." + kind);
      if (!body["mean"]) {
        error(body, what + "." + kind + " needs a mean");
        return std::nullopt;
      }
      auto m = number(body["mean"], what + "." + kind + ".mean", 1e-12, std::max(hi, 1e-12));
      if (!m) return std::nullopt;
      d.kind = kind == "poisson" ? Distribution::Kind::poisson : Distribution::Kind::exponential;
      d.a = *m;
      return d;
    }
    if (kind == "lognormal") {
      if (!is_map(body, what + ".lognormal")) return std::nullopt;
      keys(body, {"median", "sigma"}, what + ".lognormal");
      if (!body["median"] || !body["sigma"]) {
        error(body, what + ".lognormal needs median and sigma");
        return std::nullopt;
      }
      auto m = number(body["median"], what + ".lognormal.median", 1e-12, std::max(hi, 1e-12));
      auto s = number(body["sigma"], what + ".lognormal.sigma", 0, 10);
      if (!m || !s) return std::nullopt;
      d.kind = Distribution::Kind::lognormal;
      d.a = *m;
      d.b = *s;
      return d;
    }
    if (kind == "choice") {
      if (!is_map(body, what + ".choice") || body.size() == 0) return std::nullopt;
      std::vector<std::string> names;
      std::vector<double> weights;
      bool ok = true;
      each_key(body, [&](const std::string& k, const YAML::Node& v, const YAML::Node&) {
        auto w = number(v, what + ".choice." + k, 0, 1e12);
        if (!w) ok = false;
        names.push_back(k);
        weights.push_back(w.value_or(0));
      });
      if (!ok) return std::nullopt;
      double total = 0;
      for (double w : weights) total += w;
      if (total <= 0) {
        error(body, what + ".choice: the weights add up to 0");
        return std::nullopt;
      }
      return Distribution::choice_of(names, weights);
    }
    if (kind == "empirical") {
      if (!is_list(body, what + ".empirical") || body.size() == 0) return std::nullopt;
      double total = 0;
      std::vector<double> values, weights;
      for (const YAML::Node& pair : body) {
        if (!pair.IsSequence() || pair.size() != 2) {
          error(pair, what + ".empirical entries must be [value, weight]");
          return std::nullopt;
        }
        auto v = number(pair[0], what + ".empirical value", lo, hi);
        auto w = number(pair[1], what + ".empirical weight", 0, 1e12);
        if (!v || !w) return std::nullopt;
        values.push_back(*v);
        weights.push_back(*w);
        total += *w;
      }
      if (total <= 0) {
        error(body, what + ".empirical: the weights add up to 0");
        return std::nullopt;
      }
      d.kind = Distribution::Kind::empirical;
      double run = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        run += weights[i];
        d.values.push_back(values[i]);
        d.cumulative.push_back(run / total);
      }
      return d;
    }
    std::string msg = what + ": unknown distribution '" + kind + "'";
    std::string hint = did_you_mean(
        kind, {"fixed", "uniform", "exponential", "lognormal", "poisson", "choice", "empirical"});
    if (!hint.empty()) msg += "; did you mean '" + hint + "'?";
    error(n.begin()->first, msg);
    return std::nullopt;
  }

  // A choice whose keys must be exactly some of `allowed` and whose weights are shares (sum 1).
  std::optional<Distribution> shares(const YAML::Node& n, const std::string& what,
                                     const std::vector<std::string>& allowed) {
    if (!n.IsMap() || n.size() != 1 || n.begin()->first.Scalar() != "choice") {
      error(n, what + " must be {choice: {" + allowed.front() + ": share, …}}");
      return std::nullopt;
    }
    const YAML::Node body = n.begin()->second;
    if (!is_map(body, what + ".choice")) return std::nullopt;
    keys(body, allowed, what + ".choice");
    std::vector<double> weights(allowed.size(), 0);
    double total = 0;
    bool ok = true;
    each_key(body, [&](const std::string& k, const YAML::Node& v, const YAML::Node&) {
      auto w = probability(v, what + ".choice." + k);
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
      error(body, o.str());
      return std::nullopt;
    }
    return Distribution::choice_of(allowed, weights);
  }

 private:
  std::string file_;
  Diagnostics& errors_;
};

const Keys kTopKeys = {"name",      "seed",     "replications", "start",    "end",
                       "horizon",   "catalog",  "policy",       "policies", "population",
                       "behaviour", "accounts", "resellers"};
const Keys kPolicyKeys = {"notice_days",
                          "grace_days",
                          "deletion_days",
                          "trial_days",
                          "proration",
                          "annual_reduce_at_renewal",
                          "mid_term_seat_additions",
                          "federal_bid_days",
                          "federal_approval"};

void read_policy(Loader& L, const YAML::Node& n, Policy& p, const std::string& where) {
  if (!L.is_map(n, where)) return;
  L.keys(n, kPolicyKeys, where);
  auto days = [&](const char* key, int& out, int lo, int hi) {
    if (n[key]) {
      if (auto v = L.integer(n[key], where + "." + key, lo, hi)) out = static_cast<int>(*v);
    }
  };
  days("notice_days", p.notice_days, 0, 365);
  days("grace_days", p.grace_days, 1, 365);
  days("deletion_days", p.deletion_days, 1, 3650);
  days("trial_days", p.trial_days, 1, 365);
  days("federal_bid_days", p.federal_bid_days, 0, 365);
  if (n["proration"]) {
    if (auto s = L.scalar(n["proration"], where + ".proration")) {
      if (*s == "daily")
        p.proration = Proration::daily;
      else if (*s == "none")
        p.proration = Proration::none;
      else
        L.error(n["proration"], where + ".proration must be daily or none, not '" + *s + "'");
    }
  }
  if (n["annual_reduce_at_renewal"])
    if (auto b = L.boolean(n["annual_reduce_at_renewal"], where + ".annual_reduce_at_renewal"))
      p.annual_reduce_at_renewal = *b;
  if (n["mid_term_seat_additions"])
    if (auto b = L.boolean(n["mid_term_seat_additions"], where + ".mid_term_seat_additions"))
      p.mid_term_seat_additions = *b;
  if (n["federal_approval"])
    if (auto v = L.probability(n["federal_approval"], where + ".federal_approval"))
      p.federal_approval = *v;
  if (p.grace_days >= p.deletion_days)
    L.error(n, where + ": grace_days (" + std::to_string(p.grace_days) +
                   ") must be shorter than deletion_days (" + std::to_string(p.deletion_days) +
                   ")");
}

void read_catalog(Loader& L, const YAML::Node& n, Catalog& c) {
  if (!L.is_map(n, "catalog")) return;
  L.keys(n, {"editions", "annual_discount"}, "catalog");
  if (n["annual_discount"])
    if (auto v = L.number(n["annual_discount"], "catalog.annual_discount", 0, 1))
      c.annual_discount_bp = static_cast<int>(std::lround(*v * 10000));
  if (!n["editions"]) return;
  const YAML::Node eds = n["editions"];
  if (!L.is_list(eds, "catalog.editions")) return;
  if (eds.size() == 0 || eds.size() > 32) {
    L.error(eds, "catalog.editions must list between 1 and 32 editions");
    return;
  }
  c.editions.clear();
  std::set<std::string> seen;
  for (const YAML::Node& e : eds) {
    if (!L.is_map(e, "an edition")) continue;
    L.keys(e, {"name", "monthly_price"}, "an edition");
    if (!e["name"] || !e["monthly_price"]) {
      L.error(e, "an edition needs a name and a monthly_price (per seat)");
      continue;
    }
    auto name = L.scalar(e["name"], "edition name");
    auto price_text = L.scalar(e["monthly_price"], "monthly_price");
    if (!name || !price_text) continue;
    auto price = parse_money(*price_text);
    if (!price) {
      L.error(e["monthly_price"],
              "monthly_price must be an amount like 4.50, not '" + *price_text + "'");
      continue;
    }
    if (!seen.insert(*name).second) L.error(e["name"], "duplicate edition '" + *name + "'");
    c.editions.push_back({*name, *price});
  }
}

std::vector<std::string> edition_names(const Catalog& c) {
  std::vector<std::string> v;
  for (const auto& e : c.editions) v.push_back(e.name);
  return v;
}

void read_population(Loader& L, const YAML::Node& n, Scenario& sc) {
  Population& p = sc.population;
  if (!L.is_map(n, "population")) return;
  sc.has_population = true;
  L.keys(n,
         {"initial", "opening_anchors", "monthly_arrivals", "term", "edition", "basis", "seats",
          "trial_first", "federal", "resellers"},
         "population");
  if (n["initial"])
    if (auto v = L.integer(n["initial"], "population.initial", 0, 1'000'000'000)) p.initial = *v;
  if (n["opening_anchors"]) {
    if (auto s = L.scalar(n["opening_anchors"], "population.opening_anchors")) {
      if (*s == "spread")
        p.opening_anchors_spread = true;
      else if (*s == "start")
        p.opening_anchors_spread = false;
      else
        L.error(n["opening_anchors"],
                "population.opening_anchors must be spread or start, not '" + *s + "'");
    }
  }
  if (n["monthly_arrivals"])
    if (auto d = L.distribution(n["monthly_arrivals"], "population.monthly_arrivals", 0, 1e8))
      p.monthly_arrivals = *d;
  if (n["term"])
    if (auto d = L.shares(n["term"], "population.term", {"monthly", "annual"})) p.term = *d;
  if (n["edition"])
    if (auto d = L.shares(n["edition"], "population.edition", edition_names(sc.catalog)))
      p.edition = *d;
  if (n["basis"])
    if (auto d = L.shares(n["basis"], "population.basis", {"per_device", "per_user"})) p.basis = *d;
  if (n["seats"])
    if (auto d = L.distribution(n["seats"], "population.seats", 1, 1e6)) p.seats = *d;
  if (n["trial_first"])
    if (auto v = L.probability(n["trial_first"], "population.trial_first")) p.trial_first = *v;
  if (n["federal"])
    if (auto v = L.probability(n["federal"], "population.federal")) p.federal = *v;
  if (n["resellers"])
    if (auto v = L.integer(n["resellers"], "population.resellers", 1, 10000))
      p.resellers = static_cast<int>(*v);
}

void read_behaviour(Loader& L, const YAML::Node& n, Scenario& sc) {
  Behaviour& b = sc.behaviour;
  if (!L.is_map(n, "behaviour")) return;
  L.keys(n,
         {"cancel", "cancel_edition_factor", "notice_days_before", "seat_growth", "upgrade",
          "downgrade_monthly", "snafu", "come_back", "switch_reseller", "trial_conversion"},
         "behaviour");
  auto prob = [&](const YAML::Node& node, const std::string& what, double& out) {
    if (node)
      if (auto v = L.probability(node, what)) out = *v;
  };
  if (const YAML::Node c = n["cancel"]) {
    if (L.is_map(c, "behaviour.cancel")) {
      L.keys(c, {"monthly", "annual"}, "behaviour.cancel");
      prob(c["monthly"], "behaviour.cancel.monthly", b.cancel_monthly);
      prob(c["annual"], "behaviour.cancel.annual", b.cancel_annual);
    }
  }
  if (const YAML::Node f = n["cancel_edition_factor"]) {
    if (L.is_map(f, "behaviour.cancel_edition_factor")) {
      auto names = edition_names(sc.catalog);
      L.keys(f, names, "behaviour.cancel_edition_factor");
      b.cancel_edition_factor.assign(names.size(), 1.0);
      for (std::size_t i = 0; i < names.size(); ++i)
        if (f[names[i]])
          if (auto v = L.number(f[names[i]], "behaviour.cancel_edition_factor." + names[i], 0, 100))
            b.cancel_edition_factor[i] = *v;
    }
  }
  if (n["notice_days_before"])
    if (auto d = L.distribution(n["notice_days_before"], "behaviour.notice_days_before", 0, 3650))
      b.notice_days_before = *d;
  auto prob_and = [&](const char* key, double& p, const char* sub, Distribution* d, double hi,
                      const char* extra = nullptr, double* extra_p = nullptr) {
    const YAML::Node node = n[key];
    if (!node) return;
    std::string where = std::string("behaviour.") + key;
    if (node.IsScalar()) {
      prob(node, where, p);
      return;
    }
    if (!L.is_map(node, where)) return;
    Keys allowed = {"probability"};
    if (sub) allowed.push_back(sub);
    if (extra) allowed.push_back(extra);
    L.keys(node, allowed, where);
    prob(node["probability"], where + ".probability", p);
    if (sub && node[sub])
      if (auto dd = L.distribution(node[sub], where + "." + sub, 0, hi)) *d = *dd;
    if (extra && node[extra]) prob(node[extra], where + "." + extra, *extra_p);
  };
  prob_and("seat_growth", b.seat_growth, "seats", &b.seats_added, 1e6);
  prob_and("snafu", b.snafu, "fix_days", &b.snafu_fix_days, 3650);
  prob_and("come_back", b.come_back, "days", &b.come_back_days, 3650);
  prob_and("switch_reseller", b.switch_reseller, nullptr, nullptr, 0, "in_advance",
           &b.switch_in_advance);
  prob(n["upgrade"], "behaviour.upgrade", b.upgrade);
  prob(n["downgrade_monthly"], "behaviour.downgrade_monthly", b.downgrade_monthly);
  prob(n["trial_conversion"], "behaviour.trial_conversion", b.trial_conversion);
}

// ------------------------------------------------------------------ scripted accounts

struct AccountReader {
  Loader& L;
  Scenario& sc;
  std::map<std::string, int>& reseller_index;
  bool resellers_declared;

  std::optional<std::uint16_t> reseller(const YAML::Node& n, const std::string& what) {
    auto s = L.scalar(n, what);
    if (!s) return std::nullopt;
    auto it = reseller_index.find(*s);
    if (it != reseller_index.end()) return static_cast<std::uint16_t>(it->second);
    if (resellers_declared) {
      std::vector<std::string> names(sc.resellers.begin(), sc.resellers.end());
      std::string msg = what + ": unknown reseller '" + *s + "'";
      std::string hint = did_you_mean(*s, names);
      if (!hint.empty()) msg += "; did you mean '" + hint + "'?";
      L.error(n, msg);
      return std::nullopt;
    }
    int idx = static_cast<int>(sc.resellers.size());
    sc.resellers.push_back(*s);
    reseller_index[*s] = idx;
    return static_cast<std::uint16_t>(idx);
  }

  std::optional<Edition> edition(const YAML::Node& n, const std::string& what) {
    auto s = L.scalar(n, what);
    if (!s) return std::nullopt;
    if (auto e = sc.catalog.find(*s)) return e;
    std::string msg = what + ": unknown edition '" + *s + "'";
    std::string hint = did_you_mean(*s, edition_names(sc.catalog));
    if (!hint.empty()) msg += "; did you mean '" + hint + "'?";
    L.error(n, msg);
    return std::nullopt;
  }

  int label(ScriptedAccount& a, const YAML::Node& n, const std::string& what, bool declare) {
    auto s = L.scalar(n, what);
    if (!s) return -1;
    auto it = std::find(a.labels.begin(), a.labels.end(), *s);
    if (declare) {
      if (it != a.labels.end()) {
        L.error(n, "duplicate subscription id '" + *s + "' in account '" + a.id + "'");
        return -1;
      }
      a.labels.push_back(*s);
      return static_cast<int>(a.labels.size()) - 1;
    }
    if (it == a.labels.end()) {
      std::string msg = what + ": no subscription '" + *s + "' in account '" + a.id + "'";
      std::string hint = did_you_mean(*s, a.labels);
      if (!hint.empty()) msg += "; did you mean '" + hint + "'?";
      L.error(n, msg);
      return -1;
    }
    return static_cast<int>(it - a.labels.begin());
  }

  // {id, edition, basis, term, seats[, start][, auto_renew]}
  std::optional<Order> spec(ScriptedAccount& a, const YAML::Node& n,
                                       const std::string& what, bool allow_start) {
    if (!L.is_map(n, what)) return std::nullopt;
    Keys allowed = {"id", "edition", "basis", "term", "seats", "auto_renew"};
    if (allow_start) allowed.push_back("start");
    L.keys(n, allowed, what);
    Order s;
    bool ok = true;
    for (const char* k : {"id", "edition", "basis", "term", "seats"})
      if (!n[k]) {
        L.error(n, what + " needs '" + k + "'");
        ok = false;
      }
    if (!ok) return std::nullopt;
    s.id = label(a, n["id"], what + ".id", true);
    if (auto e = edition(n["edition"], what + ".edition"))
      s.edition = *e;
    else
      ok = false;
    if (auto b = L.scalar(n["basis"], what + ".basis")) {
      if (*b == "per_device")
        s.basis = Basis::per_device;
      else if (*b == "per_user")
        s.basis = Basis::per_user;
      else {
        L.error(n["basis"], what + ".basis must be per_device or per_user, not '" + *b + "'");
        ok = false;
      }
    }
    if (auto t = L.scalar(n["term"], what + ".term")) {
      if (*t == "monthly")
        s.term = TermType::monthly;
      else if (*t == "annual")
        s.term = TermType::annual;
      else {
        L.error(n["term"], what + ".term must be monthly or annual, not '" + *t + "'");
        ok = false;
      }
    }
    if (auto v = L.integer(n["seats"], what + ".seats", 1, 10'000'000))
      s.seats = static_cast<std::int32_t>(*v);
    else
      ok = false;
    if (allow_start && n["start"]) {
      if (auto d = L.date(n["start"], what + ".start"))
        s.start = d;
      else
        ok = false;
    }
    if (n["auto_renew"]) {
      if (auto b = L.boolean(n["auto_renew"], what + ".auto_renew")) s.auto_renew = *b;
    }
    if (!ok || s.id < 0) return std::nullopt;
    return s;
  }

  void account(const YAML::Node& n, std::set<std::string>& ids) {
    if (!L.is_map(n, "an account")) return;
    L.keys(n, {"id", "reseller", "federal", "subscriptions", "actions"}, "an account");
    if (!n["id"] || !n["reseller"]) {
      L.error(n, "an account needs an id and a reseller");
      return;
    }
    ScriptedAccount a;
    auto id = L.scalar(n["id"], "account id");
    if (!id) return;
    a.id = *id;
    if (!ids.insert(a.id).second) L.error(n["id"], "duplicate account id '" + a.id + "'");
    if (auto r = reseller(n["reseller"], "account '" + a.id + "'.reseller")) a.reseller = *r;
    if (n["federal"])
      if (auto b = L.boolean(n["federal"], "federal")) a.federal = *b;
    if (const YAML::Node subs = n["subscriptions"]; subs && !subs.IsNull()) {
      if (L.is_list(subs, "subscriptions"))
        for (const YAML::Node& s : subs) {
          auto sp = spec(a, s, "subscription", true);
          if (!sp) continue;
          if (!sp->start) {
            sp->start = sc.start;
          } else if (*sp->start > sc.end) {
            L.error(s["start"], "subscription starts after the simulated period ends (" +
                                    format_iso(sc.end) + ")");
            continue;
          }
          a.subscriptions.push_back(*sp);
        }
    }
    if (const YAML::Node acts = n["actions"]; acts && !acts.IsNull()) {
      if (L.is_list(acts, "actions")) {
        // Declare every id an action creates first, so actions may refer to later orders.
        for (const YAML::Node& act : acts) {
          if (!act.IsMap() || !act["action"] || !act["action"].IsScalar()) continue;
          std::string k = act["action"].Scalar();
          if ((k == "order" || k == "convert_trial") && act["subscription"].IsMap() &&
              act["subscription"]["id"])
            label(a, act["subscription"]["id"], "subscription id", true);
          if (k == "start_trial" && act["id"]) label(a, act["id"], "trial id", true);
        }
        for (const YAML::Node& act : acts) action(a, act);
      }
    }
    sc.accounts.push_back(std::move(a));
  }

  void action(ScriptedAccount& a, const YAML::Node& n) {
    static const Keys kinds = {"order",       "add_seats",      "remove_seats",  "upgrade",
                               "downgrade",   "auto_renew_off", "auto_renew_on", "renewal_fails",
                               "fix_renewal", "start_trial",    "convert_trial", "reallocate"};
    if (!L.is_map(n, "an action")) return;
    if (!n["action"] || !n["date"]) {
      L.error(n, "an action needs 'date' and 'action'");
      return;
    }
    auto kind_text = L.scalar(n["action"], "action");
    if (!kind_text) return;
    auto kit = std::find(kinds.begin(), kinds.end(), *kind_text);
    if (kit == kinds.end()) {
      std::string msg = "unknown action '" + *kind_text + "'";
      std::string hint = did_you_mean(*kind_text, kinds);
      if (!hint.empty()) msg += "; did you mean '" + hint + "'?";
      L.error(n["action"], msg);
      return;
    }
    ScriptedAction act;
    act.kind = static_cast<ActionKind>(kit - kinds.begin());
    auto d = L.date(n["date"], "action date");
    if (!d) return;
    if (*d < sc.start || *d > sc.end) {
      L.error(n["date"], "action dated " + format_iso(*d) + " is outside the simulated period " +
                             format_iso(sc.start) + " .. " + format_iso(sc.end));
      return;
    }
    act.date = *d;
    const std::string what = *kind_text;
    auto needs = [&](const char* key) {
      if (n[key]) return true;
      L.error(n, what + " needs '" + key + "'");
      return false;
    };
    auto existing_label = [&](const char* key) {
      return needs(key) ? label(a, n[key], what + "." + key, false) : -1;
    };
    switch (act.kind) {
      case ActionKind::order: {
        L.keys(
            n,
            {"date", "action", "subscription", "start", "legacy", "payer_path_change", "reseller"},
            "order");
        if (!needs("subscription")) return;
        auto sp = spec_declared(a, n["subscription"], "order.subscription");
        if (!sp) return;
        act.order = *sp;
        if (n["start"]) {
          auto s = L.date(n["start"], "order.start");
          if (!s) return;
          if (*s < act.date) {
            L.error(n["start"], "order.start is before the order date");
            return;
          }
          act.order.start = s;
        }
        if (n["legacy"]) act.order.legacy = label(a, n["legacy"], "order.legacy", false);
        if (n["payer_path_change"])
          act.order.payer_path_change =
              L.boolean(n["payer_path_change"], "payer_path_change").value_or(false);
        if (n["reseller"])
          if (auto r = reseller(n["reseller"], "order.reseller")) act.order.reseller = *r;
        break;
      }
      case ActionKind::add_seats:
      case ActionKind::remove_seats: {
        L.keys(n, {"date", "action", "subscription", "seats", "edition"}, what);
        act.sub = existing_label("subscription");
        if (!needs("seats")) return;
        auto v = L.integer(n["seats"], what + ".seats", 1, 10'000'000);
        if (!v) return;
        act.seats = static_cast<std::int32_t>(*v);
        if (n["edition"]) act.edition = edition(n["edition"], what + ".edition");
        break;
      }
      case ActionKind::upgrade:
      case ActionKind::downgrade: {
        L.keys(n, {"date", "action", "subscription", "edition", "seats"}, what);
        act.sub = existing_label("subscription");
        if (!needs("edition")) return;
        act.edition = edition(n["edition"], what + ".edition");
        if (n["seats"]) {
          auto v = L.integer(n["seats"], what + ".seats", 1, 10'000'000);
          if (v) act.seats = static_cast<std::int32_t>(*v);
        }
        break;
      }
      case ActionKind::start_trial: {
        L.keys(n, {"date", "action", "id", "edition", "basis", "seats"}, what);
        std::string id = n["id"] ? n["id"].Scalar() : a.id + "-trial";
        auto it = std::find(a.labels.begin(), a.labels.end(), id);
        if (it == a.labels.end()) {
          a.labels.push_back(id);
          it = a.labels.end() - 1;
        }
        act.order.id = static_cast<int>(it - a.labels.begin());
        act.order.edition = static_cast<Edition>(sc.catalog.editions.size() - 1);
        if (n["edition"])
          if (auto e = edition(n["edition"], "start_trial.edition")) act.order.edition = *e;
        act.order.seats = 0;  // T1: no limit on seats
        break;
      }
      case ActionKind::convert_trial: {
        L.keys(n, {"date", "action", "subscription", "trial", "payer_path_change", "legacy"}, what);
        if (!needs("subscription")) return;
        auto sp = spec_declared(a, n["subscription"], "convert_trial.subscription");
        if (!sp) return;
        act.order = *sp;
        if (n["trial"]) act.sub = label(a, n["trial"], "convert_trial.trial", false);
        if (n["payer_path_change"])
          act.order.payer_path_change =
              L.boolean(n["payer_path_change"], "payer_path_change").value_or(false);
        if (n["legacy"]) act.order.legacy = label(a, n["legacy"], "convert_trial.legacy", false);
        break;
      }
      default:
        L.keys(n, {"date", "action", "subscription"}, what);
        act.sub = existing_label("subscription");
        break;
    }
    a.actions.push_back(act);
  }

  // A spec whose id was declared in the first pass over the actions.
  std::optional<Order> spec_declared(ScriptedAccount& a, const YAML::Node& n,
                                                const std::string& what) {
    if (!L.is_map(n, what)) return std::nullopt;
    if (!n["id"]) {
      L.error(n, what + " needs 'id'");
      return std::nullopt;
    }
    // Take the id back out so spec() can declare it and check everything else.
    std::string id = n["id"].Scalar();
    auto it = std::find(a.labels.begin(), a.labels.end(), id);
    int keep = static_cast<int>(it - a.labels.begin());
    if (it != a.labels.end()) *it = "\x01";
    auto s = spec(a, n, what, false);
    if (it != a.labels.end()) {
      a.labels.pop_back();
      a.labels[keep] = id;
      if (s) s->id = keep;
    }
    return s;
  }
};

// --set a.b.c=value: replaces (or adds) the scalar at that path before validation.
void apply_set(Loader& L, YAML::Node root, const std::string& text, Diagnostics& errors) {
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
  L.set_nodes.emplace_back(cur[parts.back()], text);
}

// Refuse what would not fit in memory, with the estimate.
void check_memory(Loader& L, const YAML::Node& root, const Scenario& sc, const LoadOptions& o) {
  double months = month_index(sc.start, sc.end) + 1;
  double customers = static_cast<double>(sc.accounts.size());
  if (sc.has_population)
    customers +=
        static_cast<double>(sc.population.initial) + months * sc.population.monthly_arrivals.mean();
  if (customers > 4.0e9) {
    L.error(root, "the population (about " + std::to_string(static_cast<long long>(customers)) +
                      " customers per replication) exceeds the 4 billion customer ids");
    return;
  }
  // Per thread: one shard's accounts and queue; per replication: the monthly/cohort/survival
  // arrays; with --trace: every event (about 2 per customer-month).
  double per_thread = 16384.0 * 400;
  double per_rep = months * months * 16 + (sc.days() + 1) * 16.0 + 20 * months * 8;
  double bytes = per_thread * std::max(1, o.threads) + per_rep * sc.replications;
  if (o.trace) bytes += customers * months * 2 * 64 * sc.replications;
  double ram = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGE_SIZE);
  if (bytes > 0.8 * ram) {
    std::ostringstream msg;
    msg.precision(3);
    msg << "this run needs about " << bytes / (1 << 30) << " GiB of memory but the machine has "
        << ram / (1 << 30) << " GiB"
        << (o.trace ? " (the trace keeps every event: run without --trace or fewer customers)"
                    : "");
    L.error(root, msg.str());
  }
}

}  // namespace

LoadResult load_scenario_text(const std::string& text, const std::string& file,
                              const LoadOptions& options) {
  LoadResult result;
  Diagnostics& errors = result.errors;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, e.msg});
    return result;
  } catch (const YAML::Exception& e) {
    errors.push_back({file, 0, 0, e.msg});
    return result;
  }
  Loader L(file, errors);
  if (!root.IsMap()) {
    if (root.IsNull())
      errors.push_back({file, 1, 1, "the scenario is empty"});
    else
      L.error(root, "a scenario must be a mapping of keys (name, start, …)");
    return result;
  }
  for (const std::string& s : options.sets) apply_set(L, root, s, errors);
  L.keys(root, kTopKeys, "the scenario");

  Scenario sc;
  sc.file = file;
  sc.name = root["name"] ? root["name"].Scalar() : file;
  if (root["seed"])
    if (auto v = L.integer(root["seed"], "seed", 0, INT64_MAX))
      sc.seed = static_cast<std::uint64_t>(*v);
  if (root["replications"])
    if (auto v = L.integer(root["replications"], "replications", 1, 100000))
      sc.replications = static_cast<int>(*v);
  if (!root["start"]) {
    L.error(root, "the scenario needs a 'start' date");
  } else if (auto d = L.date(root["start"], "start")) {
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
  if (sc.days() > 100 * 366) L.error(root, "the simulated period is longer than 100 years");

  if (root["catalog"]) read_catalog(L, root["catalog"], sc.catalog);
  if (root["policy"]) read_policy(L, root["policy"], sc.policy, "policy");
  if (const YAML::Node pols = root["policies"]) {
    if (L.is_map(pols, "policies"))
      for (auto it = pols.begin(); it != pols.end(); ++it) {
        NamedPolicy np{it->first.Scalar(), sc.policy};
        read_policy(L, it->second, np.policy, "policies." + np.name);
        sc.policies.push_back(np);
      }
  }
  // "default" names the scenario's own policy: unless policies: defines one of that name.
  bool base_policy = options.policy == "default" &&
                     std::none_of(sc.policies.begin(), sc.policies.end(),
                                  [](const NamedPolicy& p) { return p.name == "default"; });
  if (!options.policy.empty() && !base_policy) {
    auto it = std::find_if(sc.policies.begin(), sc.policies.end(),
                           [&](const NamedPolicy& p) { return p.name == options.policy; });
    if (it == sc.policies.end()) {
      std::vector<std::string> names;
      for (const auto& p : sc.policies) names.push_back(p.name);
      std::string msg = "no policy '" + options.policy + "' in policies:";
      std::string hint = did_you_mean(options.policy, names);
      if (!hint.empty()) msg += " did you mean '" + hint + "'?";
      errors.push_back({"--policy " + options.policy, 0, 0, msg});
    } else {
      sc.policy = it->policy;
    }
  }
  std::map<std::string, int> reseller_index;
  bool declared = false;
  if (const YAML::Node rs = root["resellers"]) {
    if (L.is_list(rs, "resellers")) {
      declared = true;
      for (const YAML::Node& r : rs)
        if (auto s = L.scalar(r, "reseller")) {
          if (reseller_index.count(*s)) L.error(r, "duplicate reseller '" + *s + "'");
          reseller_index[*s] = static_cast<int>(sc.resellers.size());
          sc.resellers.push_back(*s);
        }
    }
  }
  if (root["population"]) read_population(L, root["population"], sc);
  if (root["behaviour"]) read_behaviour(L, root["behaviour"], sc);
  if (const YAML::Node accs = root["accounts"]) {
    if (L.is_list(accs, "accounts")) {
      AccountReader reader{L, sc, reseller_index, declared};
      std::set<std::string> ids;
      for (const YAML::Node& a : accs) reader.account(a, ids);
    }
  }
  // Population resellers come after the named ones.
  if (sc.has_population)
    for (int r = 0; r < sc.population.resellers; ++r)
      sc.resellers.push_back("r" + std::to_string(r + 1));
  if (!sc.has_population && sc.accounts.empty())
    L.error(root, "the scenario has neither a population nor accounts: nothing to simulate");
  if (sc.resellers.size() >= kNoReseller) L.error(root, "too many resellers");
  check_memory(L, root, sc, options);
  if (errors.empty()) result.scenario = std::move(sc);
  return result;
}

LoadResult load_scenario_file(const std::string& path, const LoadOptions& options) {
  std::string error;
  auto text = read_text_file(path, error);
  if (!text) {
    LoadResult r;
    r.errors.push_back({path, 0, 0, error});
    return r;
  }
  return load_scenario_text(*text, path, options);
}

}  // namespace subsim
