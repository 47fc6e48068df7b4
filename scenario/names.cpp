#include "scenario/names.hpp"

#include <algorithm>
#include <unordered_set>

namespace subsim {

const std::vector<std::string>& action_names() {
  static const std::vector<std::string> kNames = {
      "order",        "add_seats",     "remove_seats", "upgrade",       "downgrade",
      "auto_renew_off", "auto_renew_on", "renewal_fails", "fix_renewal", "start_trial",
      "convert_trial", "reallocate"};
  return kNames;
}

std::string account_name(const Scenario& sc, std::uint32_t customer) {
  if (customer < sc.accounts.size()) return sc.accounts[customer].id;
  if (customer - sc.accounts.size() < sc.book.size())
    return sc.book[customer - sc.accounts.size()].id;
  return sc.synthetic_prefix + std::to_string(customer);
}

std::string subscription_name(const Scenario& sc, std::uint32_t customer, int sub) {
  if (customer < sc.accounts.size()) {
    const auto& labels = sc.accounts[customer].labels;
    if (sub >= 0 && sub < static_cast<int>(labels.size())) return labels[sub];
  } else if (customer - sc.accounts.size() < sc.book.size()) {
    const auto& labels = sc.book[customer - sc.accounts.size()].labels;
    if (sub >= 0 && sub < static_cast<int>(labels.size())) return labels[sub];
  }
  const bool labelled = customer < sc.accounts.size() + sc.book.size();
  return account_name(sc, customer) + (labelled ? sc.slot_infix : std::string("-s")) +
         std::to_string(sub);
}

std::optional<std::uint32_t> find_account(const Scenario& sc, const std::string& name) {
  for (std::size_t i = 0; i < sc.accounts.size(); ++i)
    if (sc.accounts[i].id == name) return static_cast<std::uint32_t>(i);
  for (std::size_t i = 0; i < sc.book.size(); ++i)
    if (sc.book[i].id == name) return static_cast<std::uint32_t>(sc.accounts.size() + i);
  const std::string& prefix = sc.synthetic_prefix;
  if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
      std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                  [](char c) { return c >= '0' && c <= '9'; }) &&
      name.size() - prefix.size() < 11) {
    unsigned long long v = std::stoull(name.substr(prefix.size()));
    if (v >= sc.accounts.size() + sc.book.size() && v <= 0xffffffffULL) return static_cast<std::uint32_t>(v);
  }
  return std::nullopt;
}

std::string synthetic_prefix_for(const Scenario& sc) {
  auto taken = [&](const std::string& prefix) {
    auto starts = [&](const std::string& id) {
      return id.size() > prefix.size() && id.compare(0, prefix.size(), prefix) == 0 &&
             id[prefix.size()] >= '0' && id[prefix.size()] <= '9';
    };
    auto any = [&](const auto& accounts) {
      for (const auto& a : accounts) {
        if (starts(a.id)) return true;
        for (const std::string& l : a.labels)
          if (starts(l)) return true;
      }
      return false;
    };
    return any(sc.accounts) || any(sc.book);
  };
  if (!taken("c")) return "c";
  for (int k = 1;; ++k) {
    const std::string prefix = k == 1 ? "new-c" : "new" + std::to_string(k) + "-c";
    if (!taken(prefix)) return prefix;
  }
}

std::string slot_infix_for(const Scenario& sc) {
  std::unordered_set<std::string> ids;
  for (const auto& a : sc.accounts) ids.insert(a.id);
  for (const auto& b : sc.book) ids.insert(b.id);
  // Whether some label is an id, then `infix`, then digits only.
  auto taken = [&](const std::string& infix) {
    auto clashes = [&](const std::string& label) {
      for (std::size_t at = label.find(infix); at != std::string::npos;
           at = label.find(infix, at + 1)) {
        const std::size_t digits = at + infix.size();
        if (digits < label.size() &&
            std::all_of(label.begin() + static_cast<std::ptrdiff_t>(digits), label.end(),
                        [](char c) { return c >= '0' && c <= '9'; }) &&
            ids.count(label.substr(0, at)) > 0)
          return true;
      }
      return false;
    };
    auto any = [&](const auto& accounts) {
      for (const auto& a : accounts)
        for (const std::string& l : a.labels)
          if (clashes(l)) return true;
      return false;
    };
    return any(sc.accounts) || any(sc.book);
  };
  for (int k = 0;; ++k) {
    const std::string infix = k == 0 ? "-s" : k == 1 ? "-n" : k == 2 ? "-new" : "-new" + std::to_string(k - 1);
    if (!taken(infix)) return infix;
  }
}

}  // namespace subsim
