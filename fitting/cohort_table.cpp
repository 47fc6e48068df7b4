#include "fitting/cohort_table.hpp"

#include <algorithm>
#include <unordered_map>

#include "fitting/fit_input.hpp"
#include "scenario/did_you_mean.hpp"

namespace subsim {

namespace {

void check_header(const CsvTable& t) {
  const std::vector<std::string>& known = cohort_table_columns();
  const std::vector<std::string>& h = t.header();
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (std::find(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(i), h[i]) !=
        h.begin() + static_cast<std::ptrdiff_t>(i))
      throw InputError(t.file(), 1, "column '" + h[i] + "' appears twice");
    if (std::find(known.begin(), known.end(), h[i]) == known.end()) {
      std::string hint = did_you_mean(h[i], known);
      throw InputError(t.file(), 1,
                       "unexpected column '" + h[i] + "'" +
                           (hint.empty() ? std::string() : " (did you mean '" + hint + "'?)") +
                           ": a cohort table has exactly the columns cohort, period, active");
    }
  }
  for (const std::string& c : known) (void)t.column(c);  // "no column 'period' in the header"
}

struct Row {
  int period;
  std::int64_t active;
  std::size_t row;
};

}  // namespace

std::vector<CohortData> read_cohort_table(const CsvTable& t) {
  check_header(t);
  const std::size_t cc = t.column("cohort"), pc = t.column("period"), ac = t.column("active");
  if (t.rows() == 0) throw InputError(t.file(), 1, "a header and no rows: no cohort to fit");
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::string> names;
  std::vector<std::vector<Row>> rows;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string& name = t.at(r, cc);
    if (name.empty()) t.fail(r, "cohort: an empty name");
    const int period = static_cast<int>(t.integer(r, pc, 0, kMaxCohortPeriod));
    const std::int64_t active = t.integer(r, ac, 0, kMaxCohortSize);
    auto [it, added] = index.emplace(name, names.size());
    if (added) {
      names.push_back(name);
      rows.emplace_back();
    }
    rows[it->second].push_back({period, active, r});
  }
  std::vector<CohortData> out;
  for (std::size_t c = 0; c < names.size(); ++c) {
    std::vector<Row>& v = rows[c];
    const std::string who = "cohort '" + names[c] + "'";
    CohortData d;
    d.name = names[c];
    d.line = t.line_of(v.front().row);
    std::stable_sort(v.begin(), v.end(), [](const Row& a, const Row& b) { return a.period < b.period; });
    for (std::size_t i = 0; i < v.size(); ++i) {
      const Row& row = v[i];
      if (i > 0 && row.period == v[i - 1].period) {
        const Row& later = row.row > v[i - 1].row ? row : v[i - 1];
        const Row& first = row.row > v[i - 1].row ? v[i - 1] : row;
        t.fail(later.row, who + ": period " + std::to_string(row.period) + " again (first on line " +
                              std::to_string(t.line_of(first.row)) + ")");
      }
      if (row.period != static_cast<int>(i))
        t.fail(row.row, who + ": period " + std::to_string(i) + " is missing" +
                            (i == 0 ? " (period 0 is the cohort's size)"
                                    : " (periods run 0, 1, 2, ... without gaps)"));
      if (i > 0 && row.active > v[i - 1].active)
        t.fail(row.row, who + ": " + std::to_string(row.active) + " active at period " +
                            std::to_string(row.period) + ", more than the " +
                            std::to_string(v[i - 1].active) + " at period " +
                            std::to_string(v[i - 1].period) + " (a cohort can only shrink)");
      d.active.push_back(row.active);
      d.lines.push_back(t.line_of(row.row));
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace subsim
