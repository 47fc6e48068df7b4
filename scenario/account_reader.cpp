#include "scenario/account_reader.hpp"

#include <algorithm>

#include "scenario/names.hpp"
#include "scenario/section_readers.hpp"

namespace subsim {

std::optional<std::uint16_t> AccountReader::reseller(const YAML::Node& n, const std::string& what) {
  auto s = L.scalar(n, what);
  if (!s) return std::nullopt;
  auto it = reseller_index.find(*s);
  if (it != reseller_index.end()) return static_cast<std::uint16_t>(it->second);
  if (resellers_declared) {
    L.error(n, what + ": " + unknown_name("reseller", *s, sc.resellers));
    return std::nullopt;
  }
  int idx = static_cast<int>(sc.resellers.size());
  sc.resellers.push_back(*s);
  reseller_index[*s] = idx;
  return static_cast<std::uint16_t>(idx);
}

std::optional<Edition> AccountReader::edition(const YAML::Node& n, const std::string& what) {
  auto s = L.scalar(n, what);
  if (!s) return std::nullopt;
  if (auto e = sc.catalog.find(*s)) return e;
  L.error(n, what + ": " + unknown_name("edition", *s, sc.catalog.names()));
  return std::nullopt;
}

int AccountReader::label(ScriptedAccount& a, const YAML::Node& n, const std::string& what, bool declare) {
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
    L.error(n, what + ": no subscription '" + *s + "' in account '" + a.id + "'" +
                   hint_for(*s, a.labels));
    return -1;
  }
  return static_cast<int>(it - a.labels.begin());
}

// {id, edition, basis, term, seats[, start][, auto_renew]}. `declared`: the id was declared
// by the first pass over the actions (an order's), so it is looked up, not declared.
std::optional<Order> AccountReader::spec(ScriptedAccount& a, const YAML::Node& n, const std::string& what,
                          bool allow_start, bool declared) {
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
  s.id = label(a, n["id"], what + ".id", !declared);
  if (auto e = edition(n["edition"], what + ".edition"))
    s.edition = *e;
  else
    ok = false;
  if (auto b = L.one_of<Basis>(n["basis"], what + ".basis", {"per_device", "per_user"}))
    s.basis = *b;
  else
    ok = false;
  if (auto t = L.one_of<TermType>(n["term"], what + ".term", {"monthly", "annual"}))
    s.term = *t;
  else
    ok = false;
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

void AccountReader::account(const YAML::Node& n, std::set<std::string>& ids) {
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
      bool implicit_trial = false;
      for (const YAML::Node& act : acts) {
        if (!act.IsMap() || !act["action"] || !act["action"].IsScalar()) continue;
        std::string k = act["action"].Scalar();
        if ((k == "order" || k == "convert_trial") && act["subscription"] &&
            act["subscription"].IsMap() &&
            act["subscription"]["id"])
          label(a, act["subscription"]["id"], "subscription id", true);
        if (k == "start_trial" && act["id"]) label(a, act["id"], "trial id", true);
        if (k == "start_trial" && !act["id"]) {  // the id a trial without one takes
          // Trials without ids share it (a second one is refused, T1); another subscription
          // declaring it would share its record with the trial.
          const std::string id = a.id + "-trial";
          const bool taken = std::find(a.labels.begin(), a.labels.end(), id) != a.labels.end();
          if (taken && !implicit_trial)
            L.error(act, "duplicate subscription id '" + id + "' in account '" + a.id +
                             "' (a start_trial without an id takes it): give the trial an id");
          else if (!taken)
            a.labels.push_back(id);
          implicit_trial = true;
        }
      }
      for (const YAML::Node& act : acts) action(a, act);
    }
  }
  sc.accounts.push_back(std::move(a));
}

namespace {

// The fields of one scripted action, read for `r` into account `a`; a missing required field
// is "WHAT needs 'KEY'".
struct ActionFields {
  AccountReader& r;
  ScriptedAccount& a;
  const YAML::Node& n;
  const std::string what;  // the action's kind, as written

  // Whether the action has `key`; an error if not.
  bool needs(const char* key) {
    if (n[key]) return true;
    r.L.error(n, what + " needs '" + key + "'");
    return false;
  }
  // The label of an existing subscription under `key` (required), -1 if absent or unknown.
  int existing_label(const char* key) {
    return needs(key) ? r.label(a, n[key], what + "." + key, false) : -1;
  }
};

// An order's fields: its subscription, start (not before the order date), legacy, payer path
// change and reseller; false if the action is dropped.
bool read_order_action(ActionFields& f, ScriptedAction& act) {
  YamlReader& L = f.r.L;
  const YAML::Node& n = f.n;
  L.keys(n, {"date", "action", "subscription", "start", "legacy", "payer_path_change", "reseller"},
         "order");
  if (!f.needs("subscription")) return false;
  auto sp = f.r.spec(f.a, n["subscription"], "order.subscription", false, true);
  if (!sp) return false;
  act.order = *sp;
  if (n["start"]) {
    auto s = L.date(n["start"], "order.start");
    if (!s) return false;
    if (*s < act.date) {
      L.error(n["start"], "order.start is before the order date");
      return false;
    }
    act.order.start = s;
  }
  if (n["legacy"]) act.order.legacy = f.r.label(f.a, n["legacy"], "order.legacy", false);
  if (n["payer_path_change"])
    act.order.payer_path_change =
        L.boolean(n["payer_path_change"], "payer_path_change").value_or(false);
  if (n["reseller"])
    if (auto r = f.r.reseller(n["reseller"], "order.reseller")) act.order.reseller = *r;
  return true;
}

// add_seats / remove_seats: the subscription, its seats and optionally an edition; false if
// the action is dropped.
bool read_seats_action(ActionFields& f, ScriptedAction& act) {
  YamlReader& L = f.r.L;
  const YAML::Node& n = f.n;
  L.keys(n, {"date", "action", "subscription", "seats", "edition"}, f.what);
  act.sub = f.existing_label("subscription");
  if (!f.needs("seats")) return false;
  auto v = L.integer(n["seats"], f.what + ".seats", 1, 10'000'000);
  if (!v) return false;
  act.seats = static_cast<std::int32_t>(*v);
  if (n["edition"]) act.edition = f.r.edition(n["edition"], f.what + ".edition");
  return true;
}

// upgrade / downgrade: the subscription, its new edition and optionally seats; false if the
// action is dropped.
bool read_edition_action(ActionFields& f, ScriptedAction& act) {
  YamlReader& L = f.r.L;
  const YAML::Node& n = f.n;
  L.keys(n, {"date", "action", "subscription", "edition", "seats"}, f.what);
  act.sub = f.existing_label("subscription");
  if (!f.needs("edition")) return false;
  act.edition = f.r.edition(n["edition"], f.what + ".edition");
  if (n["seats"]) {
    auto v = L.integer(n["seats"], f.what + ".seats", 1, 10'000'000);
    if (v) act.seats = static_cast<std::int32_t>(*v);
  }
  return true;
}

// start_trial: the trial's id (declared if new; ACCOUNT-trial by default) and edition (the
// catalog's last by default), no limit on seats; false if the action is dropped.
bool read_start_trial(ActionFields& f, ScriptedAction& act) {
  YamlReader& L = f.r.L;
  const YAML::Node& n = f.n;
  ScriptedAccount& a = f.a;
  L.keys(n, {"date", "action", "id", "edition", "basis", "seats"}, f.what);
  std::string id = a.id + "-trial";
  if (n["id"]) {
    auto given = L.scalar(n["id"], f.what + ".id");
    if (!given) return false;
    id = *given;
  }
  auto it = std::find(a.labels.begin(), a.labels.end(), id);
  if (it == a.labels.end()) {
    a.labels.push_back(id);
    it = a.labels.end() - 1;
  }
  act.order.id = static_cast<int>(it - a.labels.begin());
  act.order.edition = static_cast<Edition>(f.r.sc.catalog.editions.size() - 1);
  if (n["edition"])
    if (auto e = f.r.edition(n["edition"], "start_trial.edition")) act.order.edition = *e;
  act.order.seats = 0;  // T1: no limit on seats
  return true;
}

// convert_trial: the paid subscription, the trial it converts, payer path change and legacy;
// false if the action is dropped.
bool read_convert_trial(ActionFields& f, ScriptedAction& act) {
  YamlReader& L = f.r.L;
  const YAML::Node& n = f.n;
  L.keys(n, {"date", "action", "subscription", "trial", "payer_path_change", "legacy"}, f.what);
  if (!f.needs("subscription")) return false;
  auto sp = f.r.spec(f.a, n["subscription"], "convert_trial.subscription", false, true);
  if (!sp) return false;
  act.order = *sp;
  if (n["trial"]) act.sub = f.r.label(f.a, n["trial"], "convert_trial.trial", false);
  if (n["payer_path_change"])
    act.order.payer_path_change =
        L.boolean(n["payer_path_change"], "payer_path_change").value_or(false);
  if (n["legacy"]) act.order.legacy = f.r.label(f.a, n["legacy"], "convert_trial.legacy", false);
  return true;
}

}  // namespace

// One scripted action: its kind and date (inside the simulated period), then the fields of
// its kind; appended to the account unless a problem drops it.
void AccountReader::action(ScriptedAccount& a, const YAML::Node& n) {
  const Keys& kinds = action_names();  // indexed by ActionKind
  if (!L.is_map(n, "an action")) return;
  if (!n["action"] || !n["date"]) {
    L.error(n, "an action needs 'date' and 'action'");
    return;
  }
  auto kind_text = L.scalar(n["action"], "action");
  if (!kind_text) return;
  auto kit = std::find(kinds.begin(), kinds.end(), *kind_text);
  if (kit == kinds.end()) {
    L.error(n["action"], unknown_name("action", *kind_text, kinds));
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
  ActionFields f{*this, a, n, *kind_text};
  bool kept = true;
  switch (act.kind) {
    case ActionKind::order:
      kept = read_order_action(f, act);
      break;
    case ActionKind::seat_add:
    case ActionKind::seat_remove:
      kept = read_seats_action(f, act);
      break;
    case ActionKind::upgrade:
    case ActionKind::downgrade:
      kept = read_edition_action(f, act);
      break;
    case ActionKind::trial_start:
      kept = read_start_trial(f, act);
      break;
    case ActionKind::trial_convert:
      kept = read_convert_trial(f, act);
      break;
    default:
      L.keys(n, {"date", "action", "subscription"}, f.what);
      act.sub = f.existing_label("subscription");
      break;
  }
  if (kept) a.actions.push_back(act);
}

}  // namespace subsim
