#include "analysis/subscription_table.hpp"

#include <charconv>

#include "analysis/fit_input.hpp"

namespace subsim {

std::vector<ExportRow> read_subscription_export(const CsvTable& t, Date as_of) {
  const std::vector<std::string>& cols = subscription_export_columns();
  for (std::size_t i = 0; i < t.header().size(); ++i) {
    bool known = false;
    for (const std::string& c : cols) known |= t.header()[i] == c;
    if (!known)
      throw InputError(t.file(), 1, "unknown column '" + t.header()[i] +
                                        "' in a subscription export; its columns are "
                                        "account,subscription,reseller,edition,basis,term,"
                                        "seats,start,end,end_reason");
  }
  std::vector<std::size_t> c;
  for (const std::string& name : cols) c.push_back(t.column(name));
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
    rows.push_back(std::move(x));
  }
  return rows;
}

}  // namespace subsim
