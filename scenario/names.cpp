#include "scenario/names.hpp"

#include <algorithm>

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
  std::string name = "c";
  name += std::to_string(customer);
  return name;
}

std::string subscription_name(const Scenario& sc, std::uint32_t customer, int sub) {
  if (customer < sc.accounts.size()) {
    const auto& labels = sc.accounts[customer].labels;
    if (sub >= 0 && sub < static_cast<int>(labels.size())) return labels[sub];
  } else if (customer - sc.accounts.size() < sc.book.size()) {
    const auto& labels = sc.book[customer - sc.accounts.size()].labels;
    if (sub >= 0 && sub < static_cast<int>(labels.size())) return labels[sub];
  }
  return account_name(sc, customer) + "-s" + std::to_string(sub);
}

std::optional<std::uint32_t> find_account(const Scenario& sc, const std::string& name) {
  for (std::size_t i = 0; i < sc.accounts.size(); ++i)
    if (sc.accounts[i].id == name) return static_cast<std::uint32_t>(i);
  for (std::size_t i = 0; i < sc.book.size(); ++i)
    if (sc.book[i].id == name) return static_cast<std::uint32_t>(sc.accounts.size() + i);
  if (name.size() > 1 && name[0] == 'c' &&
      std::all_of(name.begin() + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      name.size() < 11) {
    unsigned long long v = std::stoull(name.substr(1));
    if (v >= sc.accounts.size() + sc.book.size() && v <= 0xffffffffULL) return static_cast<std::uint32_t>(v);
  }
  return std::nullopt;
}

}  // namespace subsim
