#include "fitting/fit_input.hpp"

namespace subsim {

namespace {
std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}
}  // namespace

const std::vector<std::string>& cohort_table_columns() {
  static const std::vector<std::string> c = {"cohort", "period", "active"};
  return c;
}

const std::vector<std::string>& subscription_export_columns() {
  static const std::vector<std::string> c = {"account", "subscription", "reseller", "edition",
                                             "basis",   "term",         "seats",    "start",
                                             "end",     "end_reason"};
  return c;
}

const std::vector<std::string>& subscription_export_optional_columns() {
  static const std::vector<std::string> c = {"auto_renew", "auto_renew_off_date", "price", "mrr",
                                             "currency"};
  return c;
}

const std::string& subscription_export_header() {
  static const std::string h = joined(subscription_export_columns()) + "," +
                               joined(subscription_export_optional_columns()) + "\n";
  return h;
}

FitInput fit_input_of(const CsvTable& table) {
  if (table.has_column("cohort")) return FitInput::cohort_table;
  if (table.has_column("account") && table.has_column("subscription"))
    return FitInput::subscription_export;
  throw InputError(table.file(), 1,
                   "the header is neither a cohort table (" + joined(cohort_table_columns()) +
                       ") nor a subscription export (" + joined(subscription_export_columns()) +
                       ")");
}

}  // namespace subsim
