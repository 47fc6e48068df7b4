// events.csv rows, formatted without iostreams or allocation per row: names, editions,
// resellers and dates are escaped once, numbers written with std::to_chars. Formatting runs
// in the worker threads, in parallel with the simulation (see trace_stream.hpp). Names are
// those of scenario/names.hpp (account_name, subscription_name), kept in escaped form.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/event.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

inline constexpr const char* kTraceHeader =
    "replication,date,account,subscription,event,detail,amount,edition,term,reseller,seats,"
    "mrr_change\n";

class TraceFormatter {
 public:
  explicit TraceFormatter(const Scenario& sc);

  // One events.csv row. A lifecycle event also says what the subscription is after it
  // (edition, term, reseller, seats) and its MRR change; a note (an order, a rejection) leaves
  // them empty but the reseller.
  void append_row(std::string& out, int replication, const Event& e) const;
  void append_rows(std::string& out, int replication, const std::vector<Event>& events) const;

 private:
  std::vector<std::string> accounts_;               // scripted and book ids, CSV fields
  std::string synthetic_prefix_;                    // synthetic customers: prefix + index
  std::string slot_infix_;                          // a labelled account's later subscriptions
  std::vector<std::string> quoted_ids_;             // raw ids of those that needed quoting
  std::vector<std::vector<std::string>> labels_;    // their subscriptions' labels, CSV fields
  std::vector<std::string> editions_, resellers_;   // CSV fields, by index
  long first_day_ = 0;                              // day number of dates_[0]
  std::vector<std::array<char, 10>> dates_;         // "YYYY-MM-DD" over the horizon
};

}  // namespace subsim
