#include "scenario/price_change_reader.hpp"

#include <algorithm>
#include <cmath>
#include <array>
#include <map>
#include <string>

#include "scenario/section_readers.hpp"

namespace subsim {

namespace {

constexpr Cents kMaxListPrice = 1'000'000'000;  // 10 million per seat per month
const Keys kTermNames = {"monthly", "annual"};

// "1.05" → 105/100 exactly (at most 6 decimals); nullopt if it is not a plain decimal number.
std::optional<PriceRatio> parse_factor(const std::string& text) {
  std::int64_t num = 0, den = 1;
  bool digits = false, point = false;
  for (char ch : text) {
    if (ch == '.' && !point) {
      point = true;
      continue;
    }
    if (ch < '0' || ch > '9') return std::nullopt;
    if (num > 1'000'000'000'000 || (point && den == 1'000'000)) return std::nullopt;
    num = num * 10 + (ch - '0');
    if (point) den *= 10;
    digits = true;
  }
  if (!digits) return std::nullopt;
  return PriceRatio{num, den};
}

// One change as written: its cells chosen and, for `prices:`, the new list prices.
struct Written {
  PriceChange change;
  std::optional<PriceRatio> factor;
  std::map<Edition, Cents> prices;
  std::vector<std::array<bool, 2>> chosen;  // by edition, monthly / annual
  YAML::Node node;
};

// terms: [monthly, annual] (both when not given).
std::array<bool, 2> read_terms(YamlReader& L, const YAML::Node& n) {
  std::array<bool, 2> terms{true, true};
  if (n["terms"] && L.is_list(n["terms"], "terms")) {
    terms = {false, false};
    for (const YAML::Node& t : n["terms"])
      if (auto i = L.one_of(t, "a term", kTermNames)) terms[*i] = true;
  }
  return terms;
}

std::optional<Written> read_one(YamlReader& L, const YAML::Node& n, const Catalog& c) {
  if (!L.is_map(n, "a price change")) return std::nullopt;
  L.keys(n, {"date", "factor", "prices", "editions", "terms", "grandfather_terms", "notice_days"},
         "a price change");
  Written w;
  w.node = n;
  bool ok = true;
  if (!n["date"]) {
    L.error(n, "a price change needs a date");
    ok = false;
  } else if (auto d = L.date(n["date"], "a price change's date")) {
    w.change.date = *d;
  } else {
    ok = false;
  }
  if (!!n["factor"] == !!n["prices"]) {
    L.error(n, "a price change needs either a factor (e.g. 1.05) or prices (edition: monthly "
               "price), not both");
    return std::nullopt;
  }
  std::vector<bool> editions(c.editions.size(), !n["prices"]);
  if (n["factor"]) {
    auto text = L.scalar(n["factor"], "factor");
    if (!text) return std::nullopt;
    w.factor = parse_factor(*text);
    if (!w.factor || w.factor->num == 0 || w.factor->num > 100 * w.factor->den) {
      L.error(n["factor"], "factor must be a number above 0 and at most 100 with at most 6 "
                           "decimals (1.05 raises prices 5 %), not '" + *text + "'");
      ok = false;
    }
  } else if (L.is_map(n["prices"], "prices")) {
    L.each_key(n["prices"], [&](const std::string& name, const YAML::Node& v, const YAML::Node& k) {
      auto e = c.find(name);
      if (!e) {
        L.error(k, unknown_name("edition", name, c.names(), "prices"));
        ok = false;
        return;
      }
      auto text = L.scalar(v, "a price");
      auto price = text ? parse_money(*text) : std::nullopt;
      if (!price || *price == 0 || *price > kMaxListPrice) {
        L.error(v, "a new monthly price must be an amount above 0 like 4.20, not '" +
                       text.value_or("") + "'");
        ok = false;
        return;
      }
      w.prices[*e] = *price;
      editions[*e] = true;
    });
  } else {
    ok = false;
  }
  if (n["editions"]) {
    if (n["prices"]) {
      L.error(n["editions"], "editions: the prices name the editions they change");
      ok = false;
    } else if (L.is_list(n["editions"], "editions")) {
      std::fill(editions.begin(), editions.end(), false);
      for (const YAML::Node& e : n["editions"])
        if (auto i = L.one_of(e, "an edition", c.names())) editions[*i] = true;
    }
  }
  const std::array<bool, 2> terms = read_terms(L, n);
  if (n["grandfather_terms"]) {
    if (auto v = L.integer(n["grandfather_terms"], "grandfather_terms", 0, 255))
      w.change.grandfather_terms = static_cast<std::int32_t>(*v);
  }
  if (n["notice_days"]) {
    if (auto v = L.integer(n["notice_days"], "notice_days", 0, 3650))
      w.change.notice_days = static_cast<std::int32_t>(*v);
  }
  for (std::size_t e = 0; e < c.editions.size(); ++e)
    w.chosen.push_back({editions[e] && terms[0], editions[e] && terms[1]});
  if (!ok) return std::nullopt;
  return w;
}

// Two changes on one day for one edition and term type: which one wins is not written.
bool overlap(const Written& a, const Written& b) {
  if (a.change.date != b.change.date) return false;
  for (std::size_t e = 0; e < a.chosen.size(); ++e)
    for (int t = 0; t < 2; ++t)
      if (a.chosen[e][t] && b.chosen[e][t]) return true;
  return false;
}

// Fills the change's cells from the list prices before it (`list`, updated to after it).
bool resolve(YamlReader& L, Written& w, const Catalog& c,
             std::vector<std::array<Cents, 2>>& list) {
  w.change.cells.assign(c.editions.size(), {});
  for (std::size_t e = 0; e < c.editions.size(); ++e)
    for (int t = 0; t < 2; ++t) {
      PriceChange::Cell& cell = w.change.cells[e][t];
      const Cents before = list[e][t];
      cell.applies = w.chosen[e][t];
      if (cell.applies && w.factor) {
        cell.ratio = *w.factor;
        cell.list_after = apply_ratio(before, cell.ratio);
      } else if (cell.applies) {
        if (before == 0) {
          L.error(w.node, "edition '" + c.name(static_cast<Edition>(e)) +
                              "' is listed at 0.00: prices cannot scale it (use a factor)");
          return false;
        }
        cell.ratio = {w.prices.at(static_cast<Edition>(e)), before};
        cell.list_after = cell.ratio.num;
      } else {
        cell.list_after = before;
      }
      if (cell.list_after > kMaxListPrice) {
        L.error(w.node, "the price change takes edition '" + c.name(static_cast<Edition>(e)) +
                            "' past " + format_money(kMaxListPrice) + " per seat per month");
        return false;
      }
      list[e][t] = cell.list_after;
    }
  // A higher edition never costs less for a term (an upgrade would invoice a negative
  // difference): a month's list, a year's after each edition's annual discount.
  auto term_cost = [&](std::size_t e, int t) {
    return t == 0 ? list[e][0]
                  : c.term_amount(list[e][1], static_cast<Edition>(e), TermType::annual, 1);
  };
  for (std::size_t e = 1; e < c.editions.size(); ++e)
    for (int t = 0; t < 2; ++t)
      if (term_cost(e, t) < term_cost(e - 1, t)) {
        L.error(w.node, "after this price change edition '" + c.name(static_cast<Edition>(e)) +
                            "' (" + format_money(term_cost(e, t)) + " a seat a " +
                            (t == 0 ? "month" : "year") + ") costs less than '" +
                            c.name(static_cast<Edition>(e - 1)) + "' (" +
                            format_money(term_cost(e - 1, t)) + ") for " + kTermNames[t] +
                            " terms: editions must stay in ascending price");
        return false;
      }
  return true;
}

}  // namespace

void read_price_changes(YamlReader& L, const YAML::Node& n, Catalog& c) {
  if (!L.is_list(n, "catalog.price_changes")) return;
  if (n.size() > 255) {
    L.error(n, "catalog.price_changes lists at most 255 changes");
    return;
  }
  std::vector<Written> changes;
  bool ok = true;
  for (const YAML::Node& item : n) {
    auto w = read_one(L, item, c);
    if (!w) {
      ok = false;
      continue;
    }
    for (const Written& other : changes)
      if (overlap(other, *w)) {
        L.error(item, "two price changes on " + format_iso(w->change.date) +
                          " change the same edition and term (the other at line " +
                          std::to_string(other.node.Mark().line + 1) + "): make it one change");
        ok = false;
        break;
      }
    changes.push_back(std::move(*w));
  }
  if (!ok) return;
  std::stable_sort(changes.begin(), changes.end(), [](const Written& a, const Written& b) {
    return a.change.date < b.change.date;
  });
  std::vector<std::array<Cents, 2>> list;
  for (const EditionInfo& e : c.editions) list.push_back({e.monthly_price_per_seat, e.monthly_price_per_seat});
  for (Written& w : changes) {
    if (!resolve(L, w, c, list)) return;
    c.price_changes.push_back(std::move(w.change));
  }
}

void read_promotions(YamlReader& L, const YAML::Node& n, Catalog& c) {
  if (!L.is_list(n, "catalog.promotions")) return;
  if (n.size() > 255) return L.error(n, "catalog.promotions lists at most 255 promotions");
  std::vector<std::pair<Promotion, YAML::Node>> read;
  for (const YAML::Node& item : n) {
    if (!L.is_map(item, "a promotion")) continue;
    L.keys(item, {"from", "to", "first_terms", "discount"}, "a promotion");
    if (!item["from"] || !item["to"] || !item["discount"]) {
      L.error(item, "a promotion needs from, to and discount (first_terms: 1 if not given)");
      continue;
    }
    Promotion p;
    auto from = L.date(item["from"], "a promotion's from");
    auto to = L.date(item["to"], "a promotion's to");
    auto d = L.number(item["discount"], "a promotion's discount", 0, 1);
    if (item["first_terms"])
      if (auto v = L.integer(item["first_terms"], "first_terms", 1, 255))
        p.first_terms = static_cast<int>(*v);
    if (!from || !to || !d) continue;
    if (*to < *from) {
      L.error(item["to"], "a promotion ends (" + format_iso(*to) + ") before it starts (" +
                              format_iso(*from) + ")");
      continue;
    }
    p.from = *from;
    p.to = *to;
    p.discount_bp = static_cast<int>(std::lround(*d * 10000));
    read.push_back({p, item});
  }
  std::stable_sort(read.begin(), read.end(),
                   [](const auto& a, const auto& b) { return a.first.from < b.first.from; });
  for (std::size_t i = 1; i < read.size(); ++i)
    if (read[i].first.from <= read[i - 1].first.to)
      return L.error(read[i].second, "promotions overlap (the other at line " +
                                         std::to_string(read[i - 1].second.Mark().line + 1) +
                                         "): an order would not know which it gets");
  for (const auto& p : read) c.promotions.push_back(p.first);
}

}  // namespace subsim
