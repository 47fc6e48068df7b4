#include "scenario/section_readers.hpp"

#include <cmath>
#include <iterator>
#include <set>
#include <variant>

#include "scenario/distribution_reader.hpp"
#include "scenario/price_change_reader.hpp"

namespace subsim {

void read_policy(YamlReader& L, const YAML::Node& n, Policy& p, const std::string& where) {
  if (!L.is_map(n, where)) return;
  Keys keys;
  for (const PolicyParameter& param : policy_parameters()) keys.emplace_back(param.key);
  L.keys(n, keys, where);
  for (const PolicyParameter& param : policy_parameters()) {
    const std::string key(param.key);
    const YAML::Node v = n[key];
    if (!v) continue;
    const std::string what = where + "." + key;
    struct Read {
      YamlReader& L;
      const YAML::Node& v;
      const std::string& what;
      const PolicyParameter& param;
      Policy& p;
      void operator()(int Policy::*f) const {
        if (auto x = L.integer(v, what, param.lo, param.hi)) p.*f = static_cast<int>(*x);
      }
      void operator()(double Policy::*f) const {
        if (auto x = L.probability(v, what)) p.*f = *x;
      }
      void operator()(bool Policy::*f) const {
        if (auto x = L.boolean(v, what)) p.*f = *x;
      }
      void operator()(Proration Policy::*f) const {
        if (auto x = L.one_of<Proration>(v, what, Keys(std::begin(kProrationNames),
                                                       std::end(kProrationNames))))
          p.*f = *x;
      }
    };
    std::visit(Read{L, v, what, param, p}, param.field);
  }
  if (p.grace_days >= p.deletion_days)
    L.error(n, where + ": grace_days (" + std::to_string(p.grace_days) +
                   ") must be shorter than deletion_days (" + std::to_string(p.deletion_days) +
                   ")");
}

void read_catalog(YamlReader& L, const YAML::Node& n, Catalog& c) {
  if (!L.is_map(n, "catalog")) return;
  L.keys(n, {"editions", "annual_discount", "price_changes", "promotions", "currency"}, "catalog");
  if (n["currency"])
    if (auto v = L.scalar(n["currency"], "catalog.currency")) {
      if (is_currency_code(*v))
        c.currency = *v;
      else
        L.error(n["currency"], "catalog.currency must be a currency's three-letter code like USD "
                               "or EUR, not '" + *v + "'");
    }
  if (n["annual_discount"])
    if (auto v = L.number(n["annual_discount"], "catalog.annual_discount", 0, 1))
      c.annual_discount_bp = static_cast<int>(std::lround(*v * 10000));
  if (n["editions"]) read_editions(L, n["editions"], c);
  if (n["price_changes"]) read_price_changes(L, n["price_changes"], c);
  if (n["promotions"]) read_promotions(L, n["promotions"], c);
  // A higher edition never costs less for a year either (its own annual discount).
  for (std::size_t e = 1; e < c.editions.size(); ++e)
    if (c.term_price(static_cast<Edition>(e), TermType::annual, 1) <
        c.term_price(static_cast<Edition>(e - 1), TermType::annual, 1))
      L.error(n, "edition '" + c.editions[e].name + "' costs less for a year than '" +
                     c.editions[e - 1].name + "' after its annual discount: editions must stay "
                     "in ascending price");
}

void read_editions(YamlReader& L, const YAML::Node& eds, Catalog& c) {
  if (!L.is_list(eds, "catalog.editions")) return;
  if (eds.size() == 0 || eds.size() > 32) {
    L.error(eds, "catalog.editions must list between 1 and 32 editions");
    return;
  }
  c.editions.clear();
  std::set<std::string> seen;
  for (const YAML::Node& e : eds) {
    if (!L.is_map(e, "an edition")) continue;
    L.keys(e, {"name", "monthly_price", "annual_discount"}, "an edition");
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
    // Editions go from the lowest to the highest (S5 upgrades go up, S6 downgrades down): a
    // higher edition never costs less, or an upgrade would invoice a negative difference.
    if (!c.editions.empty() && *price < c.editions.back().monthly_price_per_seat)
      L.error(e["monthly_price"],
              "edition '" + *name + "' costs less (" + format_money(*price) +
                  ") than the edition below it, '" + c.editions.back().name + "' (" +
                  format_money(c.editions.back().monthly_price_per_seat) +
                  "): list editions from the lowest to the highest, each at least the price of "
                  "the one before");
    int annual_bp = -1;  // the catalog's
    if (e["annual_discount"])
      if (auto v = L.number(e["annual_discount"], "an edition's annual_discount", 0, 1))
        annual_bp = static_cast<int>(std::lround(*v * 10000));
    c.editions.push_back({*name, *price, annual_bp});
  }
}


void read_population(YamlReader& L, const YAML::Node& n, Scenario& sc) {
  Population& p = sc.population;
  if (!L.is_map(n, "population")) return;
  sc.has_population = true;
  L.keys(n,
         {"initial", "opening_anchors", "monthly_arrivals", "term", "edition", "basis", "seats",
          "trial_first", "federal", "resellers", "book"},
         "population");
  if (n["book"])
    if (auto v = L.scalar(n["book"], "population.book")) {
      if (v->empty()) L.error(n["book"], "population.book must name a CSV file");
      p.book = *v;
      YAML::Mark m = n["book"].Mark();
      p.book_line = m.line + 1;
      p.book_column = m.column + 1;
    }
  if (n["initial"])
    if (auto v = L.integer(n["initial"], "population.initial", 0, 1'000'000'000)) p.initial = *v;
  if (n["opening_anchors"])
    if (auto v = L.one_of(n["opening_anchors"], "population.opening_anchors", {"spread", "start"}))
      p.opening_anchors_spread = *v == 0;
  if (n["monthly_arrivals"])
    if (auto d = read_distribution(L, n["monthly_arrivals"], "population.monthly_arrivals", 0, 1e8))
      p.monthly_arrivals = *d;
  if (n["term"])
    if (auto d = read_shares(L, n["term"], "population.term", {"monthly", "annual"})) p.term = *d;
  if (n["edition"])
    if (auto d = read_shares(L, n["edition"], "population.edition", sc.catalog.names()))
      p.edition = *d;
  if (n["basis"])
    if (auto d = read_shares(L, n["basis"], "population.basis", {"per_device", "per_user"})) p.basis = *d;
  if (n["seats"])
    if (auto d = read_distribution(L, n["seats"], "population.seats", 1, 1e6)) p.seats = *d;
  if (n["trial_first"])
    if (auto v = L.probability(n["trial_first"], "population.trial_first")) p.trial_first = *v;
  if (n["federal"])
    if (auto v = L.probability(n["federal"], "population.federal")) p.federal = *v;
  if (n["resellers"])
    if (auto v = L.integer(n["resellers"], "population.resellers", 1, 10000))
      p.resellers = static_cast<int>(*v);
}

namespace {
// behaviour.price_response: how customers react to a price rise.
void read_price_response(YamlReader& L, const YAML::Node& r, Behaviour& b) {
  if (!L.is_map(r, "behaviour.price_response")) return;
  L.keys(r, {"cancel_elasticity", "arrival_elasticity"}, "behaviour.price_response");
  if (r["cancel_elasticity"])
    if (auto v = L.number(r["cancel_elasticity"], "behaviour.price_response.cancel_elasticity",
                          0, 100))
      b.cancel_elasticity = *v;
  if (r["arrival_elasticity"])
    if (auto v = L.number(r["arrival_elasticity"], "behaviour.price_response.arrival_elasticity",
                          -100, 100))
      b.arrival_elasticity = *v;
}
}  // namespace

void read_behaviour(YamlReader& L, const YAML::Node& n, Scenario& sc) {
  Behaviour& b = sc.behaviour;
  if (!L.is_map(n, "behaviour")) return;
  L.keys(n,
         {"cancel", "cancel_edition_factor", "notice_days_before", "seat_growth", "upgrade",
          "downgrade_monthly", "snafu", "come_back", "switch_reseller", "trial_conversion",
          "price_response"},
         "behaviour");
  if (n["price_response"]) read_price_response(L, n["price_response"], b);
  auto prob = [&](const YAML::Node& node, const std::string& what, double& out) {
    if (node)
      if (auto v = L.probability(node, what)) out = *v;
  };
  if (const YAML::Node c = n["cancel"]) {
    if (L.is_map(c, "behaviour.cancel")) {
      L.keys(c, {"monthly", "annual"}, "behaviour.cancel");
      // p, or {beta: [a, b]}: each customer's p drawn from Beta(a, b) (sBG).
      auto cancel = [&](const YAML::Node& node, const std::string& what, double& p,
                        Behaviour::Beta& beta) {
        if (!node || !node.IsMap()) return prob(node, what, p);
        L.keys(node, {"beta"}, what);
        const YAML::Node ab = node["beta"];
        if (!ab || !ab.IsSequence() || ab.size() != 2)
          return L.error(ab ? ab : node, what + " must be p or {beta: [a, b]} with a, b > 0");
        auto a = L.number(ab[0], what + ".beta a", 1e-6, 1e6);
        auto bb = L.number(ab[1], what + ".beta b", 1e-6, 1e6);
        if (!a || !bb) return;
        beta = {*a, *bb};
        p = *a / (*a + *bb);
      };
      cancel(c["monthly"], "behaviour.cancel.monthly", b.cancel_monthly, b.cancel_monthly_beta);
      cancel(c["annual"], "behaviour.cancel.annual", b.cancel_annual, b.cancel_annual_beta);
    }
  }
  if (const YAML::Node f = n["cancel_edition_factor"]) {
    if (L.is_map(f, "behaviour.cancel_edition_factor")) {
      auto names = sc.catalog.names();
      L.keys(f, names, "behaviour.cancel_edition_factor");
      b.cancel_edition_factor.assign(names.size(), 1.0);
      for (std::size_t i = 0; i < names.size(); ++i)
        if (f[names[i]])
          if (auto v = L.number(f[names[i]], "behaviour.cancel_edition_factor." + names[i], 0, 100))
            b.cancel_edition_factor[i] = *v;
    }
  }
  if (n["notice_days_before"])
    if (auto d = read_distribution(L, n["notice_days_before"], "behaviour.notice_days_before", 0, 3650))
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
      if (auto dd = read_distribution(L, node[sub], where + "." + sub, 0, hi)) *d = *dd;
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

}  // namespace subsim
