#include "fitting/subscription_table.hpp"

#include <charconv>

#include "fitting/fit_input.hpp"

namespace subsim {

std::vector<ExportRow> read_subscription_export(const CsvTable& t, Date as_of) {
  const std::vector<std::string>& cols = subscription_export_columns();
  const std::vector<std::string>& optional = subscription_export_optional_columns();
  for (std::size_t i = 0; i < t.header().size(); ++i) {
    bool known = false;
    for (const auto* list : {&cols, &optional})
      for (const std::string& c : *list) known |= t.header()[i] == c;
    if (!known)
      throw InputError(t.file(), 1, "unknown column '" + t.header()[i] +
                                        "' in a subscription export; its columns are " +
                                        subscription_export_header().substr(
                                            0, subscription_export_header().size() - 1) +
                                        " (the last two optional)");
  }
  std::vector<std::size_t> c;
  for (const std::string& name : cols) c.push_back(t.column(name));
  const std::optional<std::size_t> c_auto_renew =
      t.has_column(optional[0]) ? std::optional(t.column(optional[0])) : std::nullopt;
  const std::optional<std::size_t> c_off_date =
      t.has_column(optional[1]) ? std::optional(t.column(optional[1])) : std::nullopt;
  std::vector<ExportRow> rows;
  rows.reserve(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    ExportRow x;
    x.line = t.line_of(r);
    auto text = [&](int k) -> const std::string& { return t.at(r, c[k]); };
    auto need = [&](int k) -> const std::string& {
      if (text(k).empty()) t.fail(r, "an empty " + cols[k]);
      return text(k);
    };
    x.account = need(0);
    x.subscription = need(1);
    x.reseller = need(2);
    x.edition = need(3);
    if (text(4) != "per_device" && text(4) != "per_user")
      t.fail(r, "basis must be per_device or per_user, not '" + text(4) + "'");
    x.per_user = text(4) == "per_user";
    if (text(5) != "monthly" && text(5) != "annual")
      t.fail(r, "term must be monthly or annual, not '" + text(5) + "'");
    x.annual = text(5) == "annual";
    x.seats = t.integer(r, c[6], 0, 10'000'000);
    auto date = [&](int k) {
      auto d = parse_iso_date(text(k));
      if (!d) t.fail(r, cols[k] + " must be a date YYYY-MM-DD, not '" + text(k) + "'");
      return *d;
    };
    x.start = date(7);
    if (x.start > as_of)
      t.fail(r, "start " + text(7) + " is after the export date " + format_iso(as_of));
    const std::string& reason = text(9);
    if (text(8).empty() != reason.empty())
      t.fail(r, "end and end_reason go together: both empty (active) or both given");
    if (!text(8).empty()) {
      x.end = date(8);
      if (*x.end > as_of)
        t.fail(r, "end " + text(8) + " is after the export date " + format_iso(as_of));
      if (*x.end < add_days(x.start, -1)) t.fail(r, "end " + text(8) + " is before its start");
      if (reason == "cancelled")
        x.end_reason = ExportRow::End::cancelled;
      else if (reason == "lapsed")
        x.end_reason = ExportRow::End::lapsed;
      else if (reason == "switched")
        x.end_reason = ExportRow::End::switched;
      else
        t.fail(r, "end_reason must be cancelled, lapsed or switched, not '" + reason + "'");
    }
    // Optional: the auto-renew state on the export date (of a subscription still paying) and
    // the day it was turned off.
    if (c_auto_renew && !t.at(r, *c_auto_renew).empty()) {
      const std::string& a = t.at(r, *c_auto_renew);
      if (a != "on" && a != "off" && a != "true" && a != "false")
        t.fail(r, "auto_renew must be on or off (or true, false), not '" + a + "'");
      if (x.end) t.fail(r, "auto_renew is the state of a subscription still paying: empty once it ended");
      x.auto_renew = a == "on" || a == "true";
    }
    if (c_off_date && !t.at(r, *c_off_date).empty()) {
      const std::string& d = t.at(r, *c_off_date);
      x.off_date = parse_iso_date(d);
      if (!x.off_date) t.fail(r, "auto_renew_off_date must be a date YYYY-MM-DD, not '" + d + "'");
      if (*x.off_date > as_of)
        t.fail(r, "auto_renew_off_date " + d + " is after the export date " + format_iso(as_of));
      if (x.auto_renew && *x.auto_renew)
        t.fail(r, "auto_renew is on but auto_renew_off_date is given: which is it?");
      if (!x.auto_renew && !x.end) x.auto_renew = false;  // a turn-off date says it is off
    }
    rows.push_back(std::move(x));
  }
  return rows;
}

}  // namespace subsim
