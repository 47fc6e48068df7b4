#include "fitting/subscription_table.hpp"

#include <algorithm>
#include <charconv>

#include "fitting/fit_input.hpp"

namespace subsim {

namespace {

constexpr Cents kMaxExportMrr = 100'000'000'000;  // one billion currency units a month

// One row of the export being read: its fields by the index of their column in
// subscription_export_columns(), checked (a problem fails the table at the row's line).
struct RowReader {
  const CsvTable& t;
  std::size_t r;
  const std::vector<std::string>& cols;
  const std::vector<std::size_t>& c;  // the columns' indices in the table

  const std::string& text(int k) const { return t.at(r, c[k]); }
  // A field that must not be empty.
  const std::string& need(int k) const {
    if (text(k).empty()) t.fail(r, "an empty " + cols[k]);
    return text(k);
  }
  // A field that must be a date.
  Date date(int k) const {
    auto d = parse_iso_date(text(k));
    if (!d) t.fail(r, cols[k] + " must be a date YYYY-MM-DD, not '" + text(k) + "'");
    return *d;
  }
};

// A row's end and end reason: both empty (active) or both given, the end within the export and
// not before the start.
void read_end(const RowReader& in, Date as_of, ExportRow& x) {
  const CsvTable& t = in.t;
  const std::string& reason = in.text(9);
  if (in.text(8).empty() != reason.empty())
    t.fail(in.r, "end and end_reason go together: both empty (active) or both given");
  if (in.text(8).empty()) return;
  x.end = in.date(8);
  if (*x.end > as_of)
    t.fail(in.r, "end " + in.text(8) + " is after the export date " + format_iso(as_of));
  if (*x.end < add_days(x.start, -1)) t.fail(in.r, "end " + in.text(8) + " is before its start");
  if (reason == "cancelled")
    x.end_reason = ExportRow::End::cancelled;
  else if (reason == "lapsed")
    x.end_reason = ExportRow::End::lapsed;
  else if (reason == "switched")
    x.end_reason = ExportRow::End::switched;
  else
    t.fail(in.r, "end_reason must be cancelled, lapsed or switched, not '" + reason + "'");
}

// Optional: the auto-renew state on the export date (of a subscription still paying) and
// the day it was turned off.
// `auto_renew` and `off_date` are the row's fields, null where the table lacks the column.
void read_auto_renew(const CsvTable& t, std::size_t r, const std::string* auto_renew,
                     const std::string* off_date, Date as_of, ExportRow& x) {
  if (auto_renew && !auto_renew->empty()) {
    const std::string& a = *auto_renew;
    if (a != "on" && a != "off" && a != "true" && a != "false")
      t.fail(r, "auto_renew must be on or off (or true, false), not '" + a + "'");
    if (x.end) t.fail(r, "auto_renew is the state of a subscription still paying: empty once it ended");
    x.auto_renew = a == "on" || a == "true";
  }
  if (off_date && !off_date->empty()) {
    const std::string& d = *off_date;
    x.off_date = parse_iso_date(d);
    if (!x.off_date) t.fail(r, "auto_renew_off_date must be a date YYYY-MM-DD, not '" + d + "'");
    if (*x.off_date > as_of)
      t.fail(r, "auto_renew_off_date " + d + " is after the export date " + format_iso(as_of));
    if (x.auto_renew && *x.auto_renew)
      t.fail(r, "auto_renew is on but auto_renew_off_date is given: which is it?");
    if (!x.auto_renew && !x.end) x.auto_renew = false;  // a turn-off date says it is off
  }
}

// Optional: what the row pays — `mrr` (two decimals at most), else `price` per seat per month
// after every discount (four at most) × seats, to the nearest cent — and its `currency`, the
// same on every row that gives one (`first` holds the first code and its line).
struct PriceColumns {
  const std::string* price = nullptr;
  const std::string* mrr = nullptr;
  const std::string* currency = nullptr;
};
void read_price(const CsvTable& t, std::size_t r, const PriceColumns& in,
                std::pair<std::string, int>& first, ExportRow& x) {
  if (in.mrr && !in.mrr->empty()) {
    x.mrr = parse_money(*in.mrr);
    if (!x.mrr || *x.mrr > kMaxExportMrr)
      t.fail(r, "mrr must be an amount like 1234.50 (at most " + format_money(kMaxExportMrr) +
                    "), not '" + *in.mrr + "'");
  } else if (in.price && !in.price->empty()) {
    const auto p = parse_decimal(*in.price, 4);  // hundredths of a cent
    if (!p || *p > kMaxExportMrr * 100)
      t.fail(r, "price must be an amount per seat per month like 4.50 or 3.8250, not '" +
                    *in.price + "'");
    const Int128 hundredths = static_cast<Int128>(*p) * x.seats;
    if (hundredths > static_cast<Int128>(kMaxExportMrr) * 100)
      t.fail(r, "price × seats is past " + format_money(kMaxExportMrr) + " a month");
    x.mrr = static_cast<Cents>((hundredths + 50) / 100);
  }
  if (in.currency && !in.currency->empty()) {
    const std::string& c = *in.currency;
    if (!is_currency_code(c))
      t.fail(r, "currency must be a three-letter code like USD or EUR, not '" + c + "'");
    if (first.first.empty())
      first = {c, t.line_of(r)};
    else if (c != first.first)
      t.fail(r, "currency " + c + " where line " + std::to_string(first.second) + " has " +
                    first.first + ": subsim adds money in one currency (export one at a time, or "
                    "convert first)");
  }
}

// A row's required fields: ids, reseller, edition, basis, term, seats and start (not after the
// export date), then its end.
void read_required(const RowReader& in, Date as_of, ExportRow& x) {
  const CsvTable& t = in.t;
  x.account = in.need(0);
  x.subscription = in.need(1);
  x.reseller = in.need(2);
  x.edition = in.need(3);
  if (in.text(4) != "per_device" && in.text(4) != "per_user")
    t.fail(in.r, "basis must be per_device or per_user, not '" + in.text(4) + "'");
  x.per_user = in.text(4) == "per_user";
  if (in.text(5) != "monthly" && in.text(5) != "annual")
    t.fail(in.r, "term must be monthly or annual, not '" + in.text(5) + "'");
  x.annual = in.text(5) == "annual";
  x.seats = t.integer(in.r, in.c[6], 0, 10'000'000);
  x.start = in.date(7);
  if (x.start > as_of)
    t.fail(in.r, "start " + in.text(7) + " is after the export date " + format_iso(as_of));
  read_end(in, as_of, x);
}

}  // namespace

// A subscription export's rows, every field checked; a problem is an InputError at its line.
std::vector<ExportRow> read_subscription_export(const CsvTable& t, Date as_of) {
  const std::vector<std::string>& cols = subscription_export_columns();
  const std::vector<std::string>& optional = subscription_export_optional_columns();
  std::vector<std::size_t> c;
  for (const std::string& name : cols) c.push_back(t.column(name));
  // The optional columns' indices; past the header's end where the table lacks them.
  const std::size_t none = t.header().size();
  std::vector<std::size_t> o;
  for (const std::string& name : optional) o.push_back(t.has_column(name) ? t.column(name) : none);
  // The row's field of optional column k, null where the table lacks it.
  auto field = [&](std::size_t r, std::size_t k) -> const std::string* {
    return o[k] != none ? &t.at(r, o[k]) : nullptr;
  };
  std::pair<std::string, int> currency;
  std::vector<ExportRow> rows;
  rows.reserve(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    ExportRow x;
    x.line = t.line_of(r);
    read_required(RowReader{t, r, cols, c}, as_of, x);
    read_auto_renew(t, r, field(r, 0), field(r, 1), as_of, x);
    read_price(t, r, PriceColumns{field(r, 2), field(r, 3), field(r, 4)}, currency, x);
    rows.push_back(std::move(x));
  }
  return rows;
}

std::string export_currency(const CsvTable& t) {
  if (!t.has_column("currency")) return "";
  const std::size_t c = t.column("currency");
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (!t.at(r, c).empty()) return t.at(r, c);
  return "";
}

namespace {
// One of a subscription export's columns, required or optional.
bool is_export_column(const std::string& name) {
  for (const auto* list : {&subscription_export_columns(), &subscription_export_optional_columns()})
    for (const std::string& c : *list)
      if (name == c) return true;
  return false;
}
}  // namespace

std::vector<std::string> ignored_export_columns(const CsvTable& t) {
  std::vector<std::string> out;
  for (const std::string& h : t.header())
    if (!is_export_column(h)) out.push_back(h);
  return out;
}

std::optional<ColumnNames> parse_column_names(const std::string& text, std::string& error) {
  ColumnNames out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t eq = text.find('=', at);
    if (eq == std::string::npos) {
      error = "each entry is OURS=THEIRS (account=\"Customer ID\"), not '" + text.substr(at) + "'";
      return std::nullopt;
    }
    const std::string ours = text.substr(at, eq - at);
    std::string theirs;
    at = eq + 1;
    if (at < text.size() && text[at] == '"') {  // quoted: may hold commas
      const std::size_t close = text.find('"', at + 1);
      if (close == std::string::npos) {
        error = "an unclosed quote in '" + text + "'";
        return std::nullopt;
      }
      theirs = text.substr(at + 1, close - at - 1);
      at = close + 1;
      if (at < text.size() && text[at] != ',') {
        error = "a ',' must follow the quoted name in '" + text + "'";
        return std::nullopt;
      }
    } else {
      const std::size_t comma = std::min(text.find(',', at), text.size());
      theirs = text.substr(at, comma - at);
      at = comma;
    }
    if (at < text.size()) ++at;  // the comma
    if (!is_export_column(ours)) {
      error = "'" + ours + "' is not a column of a subscription export (" +
              subscription_export_header().substr(0, subscription_export_header().size() - 1) + ")";
      return std::nullopt;
    }
    for (const auto& [o, t] : out)
      if (o == ours) {
        error = "'" + ours + "' is given twice";
        return std::nullopt;
      }
    if (theirs.empty()) {
      error = "no name given for '" + ours + "'";
      return std::nullopt;
    }
    out.push_back({ours, theirs});
  }
  return out;
}

void rename_export_columns(CsvTable& t, const ColumnNames& names) {
  for (const auto& [ours, theirs] : names) {
    if (!t.has_column(theirs))
      throw InputError(t.file(), 1, "--columns " + ours + "=" + theirs + ": the header has no column '" +
                                        theirs + "'");
    t.rename_column(t.column(theirs), ours);
  }
}

}  // namespace subsim
