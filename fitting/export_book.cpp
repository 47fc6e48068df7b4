// book.csv, the book `subsim fit` writes for a subscription export (export_outputs.hpp): the
// subscriptions in force on the export date, those expired but not yet deleted, and accounts
// lost recently enough to come back.
#include <map>
#include <set>
#include <string>

#include "fitting/export_outputs.hpp"
#include "io/csv.hpp"
#include "model/money.hpp"
#include "model/notice.hpp"
#include "model/term.hpp"
#include "scenario/book_reader.hpp"

namespace subsim {

namespace {
// One row of book.csv: `r` opened with `status` ("active", "grace", "suspended", "lost"), its expiry
// (ISO, empty when active) and its turn-off date; at its MRR when the export priced it.
void append_book_row(std::string& out, const ExportRow& r, const std::string& status,
                     const std::string& expiry, std::optional<Date> off) {
  for (const std::string& f : {r.account, r.reseller, r.subscription, r.edition}) {
    append_csv_field(out, f);
    out += ',';
  }
  out += std::string(r.per_user ? "per_user" : "per_device") + "," +
         (r.annual ? "annual" : "monthly") + "," + std::to_string(std::max<std::int64_t>(1, r.seats)) +
         "," + format_iso(r.start) + "," +
         (status == "active" && r.auto_renew.value_or(true) ? "true" : "false") + "," +
         (off ? format_iso(*off) : "") + "," + status +
         "," + expiry + ",,,";  // federal, price (its own, before the annual discount): not in an export
  // Its MRR, when the export gives prices: the term in force invoiced at it, to the cent.
  if (r.mrr) out += format_money(*r.mrr);
  out += '\n';
}
}  // namespace

std::string export_book_csv(const std::vector<ExportRow>& rows, Date as_of, const Policy& p,
                            int lost_within_days, BookStats& stats) {
  // Per account: the rows of the reseller of its latest subscription, active or expired less
  // than deletion_days ago, that keep M2/M3 with the rows kept before them.
  std::map<std::string, const ExportRow*> latest;
  for (const ExportRow& r : rows) {
    auto [it, fresh] = latest.try_emplace(r.account, &r);
    if (!fresh && r.start >= it->second->start) it->second = &r;
  }
  // Days on which each account started a row: an ended row followed the next day by another of
  // its account was replaced (a downgrade or reduction shows as a new row), not left in grace.
  std::set<std::pair<std::string, Date>> starts;
  for (const ExportRow& r : rows) starts.insert({r.account, r.start});
  // Accounts whose every row has ended, and their last end: a lost account (below).
  std::map<std::string, std::optional<Date>> last_end;
  for (const ExportRow& r : rows) {
    auto [it, fresh] = last_end.try_emplace(r.account, r.end);
    if (!fresh && it->second) it->second = r.end ? std::max(*it->second, *r.end) : r.end;
  }
  std::map<std::string, std::vector<const ExportRow*>> kept;
  std::string out;  // the header: population.book's columns, as its reader defines them
  for (const char* c : kBookColumns) out += std::string(out.empty() ? "" : ",") + c;
  out += "\n";
  for (const ExportRow& r : rows) {
    std::string status = "active";
    std::string expiry;
    if (r.end) {
      if (r.end_reason == ExportRow::End::switched) continue;
      const Date x = add_days(*r.end, 1);
      const int since = days_between(x, as_of);
      const TermType t = r.annual ? TermType::annual : TermType::monthly;
      if (since < 0) continue;  // not yet expired
      // Deleted (E4): kept as lost when it ended its account's service, in time to come back.
      const bool lost = since >= p.deletion_days;
      if (lost && (since > lost_within_days || last_end[r.account] != r.end)) continue;
      if (starts.count({r.account, x})) {
        ++stats.replaced;
        continue;
      }
      if (x <= r.start || term_start(r.start, t, term_index_on(r.start, t, x)) != x) {
        ++stats.dropped_off_term;  // its end is not a term end of its start
        continue;
      }
      status = lost ? "lost" : since < p.grace_days ? "grace" : "suspended";
      expiry = format_iso(x);
    }
    if (r.reseller != latest[r.account]->reseller) {
      ++stats.dropped_other_reseller;
      continue;
    }
    bool clash = false;
    for (const ExportRow* o : kept[r.account])
      clash |= o->per_user != r.per_user || (o->edition == r.edition && o->annual != r.annual) ||
               o->subscription == r.subscription;
    if (clash) {
      ++stats.dropped_mixing;
      continue;
    }
    kept[r.account].push_back(&r);
    ++(status == "active" ? stats.active : status == "lost" ? stats.lost : stats.expired);
    if (status == "active" || status == "grace") {  // E2: grace keeps service and MRR
      ++stats.earning;
      if (r.mrr) {
        ++stats.priced;
        stats.mrr += *r.mrr;
      }
    }
    // A turn-off date whose last term (N2, from the row's start as anchor) ended before the
    // export date contradicts the row being active: its anchor moved (a reactivation, E3, starts
    // new terms the export cannot show). It stays off, as of the export date.
    std::optional<Date> off = status == "active" ? r.off_date : std::nullopt;
    if (off && last_term_end_after_off(r.start, r.annual ? TermType::annual : TermType::monthly,
                                       *off, p.notice_days) < as_of) {
      off.reset();
      ++stats.off_dates_dropped;
    }
    append_book_row(out, r, status, expiry, off);
  }
  return out;
}

}  // namespace subsim
