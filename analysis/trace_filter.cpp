#include "analysis/trace_filter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "io/text_file.hpp"
#include "scenario/names.hpp"
#include "sim/population_plan.hpp"

namespace subsim {

namespace {

// SplitMix64 (Steele, Lea & Flood 2014): a well-mixed 64-bit hash of the customer, keyed by the
// seed, so the sample is a fixed set of customers for a seed, whatever the thread count.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  bool comment = false;
  auto push = [&] {
    auto b = cur.find_first_not_of(" \t\r");
    auto e = cur.find_last_not_of(" \t\r");
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : text) {
    if (c == '\n') {
      push();
      comment = false;
    } else if (comment) {
      continue;
    } else if (c == '#') {
      comment = true;
    } else if (c == ',') {
      push();
    } else {
      cur += c;
    }
  }
  push();
  return out;
}

}  // namespace

bool TraceFilter::customer_kept(std::uint32_t customer) const {
  if (!accounts.empty() && !std::binary_search(accounts.begin(), accounts.end(), customer))
    return false;
  if (sample >= 1.0) return true;
  // The top 53 bits as a uniform number in [0, 1).
  const double u = static_cast<double>(mix(sample_seed ^ mix(customer)) >> 11) * 0x1p-53;
  return u < sample;
}

namespace {

// --trace-accounts (ID,ID,… or @FILE) into f.accounts, sorted and unique: each id an account of
// the scenario or a synthetic customer of the run. Problems go to `errors` (`before`: their
// number when parsing began); false if the file cannot be read.
bool read_trace_accounts(const Scenario& sc, std::uint64_t seed, std::uint32_t replications,
                         const std::string& text, TraceFilter& f,
                         std::vector<std::string>& errors, std::size_t before) {
  std::string list = text;
  if (list[0] == '@') {
    std::string error;
    auto content = read_text_file(list.substr(1), error);
    if (!content) {
      errors.push_back("--trace-accounts: " + list.substr(1) + ": " + error);
      return false;
    }
    list = *content;
  }
  // Synthetic customers c<n> exist up to the largest population of the run's replications.
  std::optional<std::uint32_t> customers;
  auto run_customers = [&] {
    if (!customers) {
      customers = 0;
      for (std::uint32_t r = 0; r < replications; ++r)
        customers = std::max(*customers, plan_population(sc, seed, r).total());
    }
    return *customers;
  };
  for (const std::string& id : split_list(list)) {
    auto c = find_account(sc, id);
    if (!c) {
      errors.push_back("--trace-accounts: no account '" + id +
                       "' (scripted and book ids, or " + sc.synthetic_prefix +
                       "<n> for synthetic customers)");
    } else if (*c >= sc.accounts.size() + sc.book.size() && *c >= run_customers()) {
      const std::size_t first = sc.accounts.size() + sc.book.size();
      errors.push_back("--trace-accounts: no customer '" + id + "' in this run (" +
                       (run_customers() > first
                            ? "its synthetic customers are " + sc.synthetic_prefix +
                                  std::to_string(first) + " … " + sc.synthetic_prefix +
                                  std::to_string(run_customers() - 1)
                            : std::string("it has no synthetic customers")) +
                       ")");
    } else {
      f.accounts.push_back(*c);
    }
  }
  if (f.accounts.empty() && errors.size() == before)
    errors.push_back("--trace-accounts: no account given");
  std::sort(f.accounts.begin(), f.accounts.end());
  f.accounts.erase(std::unique(f.accounts.begin(), f.accounts.end()), f.accounts.end());
  return true;
}

// --trace-events (KIND,KIND,…) into the bit set f.kinds; problems go to `errors`.
void read_trace_events(const std::string& text, TraceFilter& f, std::vector<std::string>& errors,
                       std::size_t before) {
  f.kinds = 0;
  for (const std::string& name : split_list(text)) {
    if (auto k = parse_event_kind(name))
      f.kinds |= std::uint32_t{1} << static_cast<unsigned>(*k);
    else
      errors.push_back("--trace-events: no event '" + name + "' (one of: " +
                       event_kind_names() + ")");
  }
  if (f.kinds == 0 && errors.size() == before) errors.push_back("--trace-events: no event given");
}

// --trace-from, --trace-to (in order) and --trace-sample (a fraction in (0, 1]); problems go to
// `errors`.
void read_trace_window(const TraceFilterText& text, TraceFilter& f,
                       std::vector<std::string>& errors) {
  auto date = [&](const std::string& t, const char* option) -> std::optional<Date> {
    if (t.empty()) return std::nullopt;
    auto d = parse_iso_date(t);
    if (!d) errors.push_back(std::string(option) + ": '" + t + "' is not a date (YYYY-MM-DD)");
    return d;
  };
  f.from = date(text.from, "--trace-from");
  f.to = date(text.to, "--trace-to");
  if (f.from && f.to && *f.to < *f.from)
    errors.push_back("--trace-to is before --trace-from: the trace would be empty");
  if (!text.sample.empty()) {
    double v = 0;
    auto [p, ec] = std::from_chars(text.sample.data(), text.sample.data() + text.sample.size(), v);
    if (ec != std::errc() || p != text.sample.data() + text.sample.size() || !std::isfinite(v) ||
        v <= 0 || v > 1)
      errors.push_back("--trace-sample: '" + text.sample + "' is not a fraction in (0, 1]");
    else
      f.sample = v;
  }
}

}  // namespace

// The trace's filter from its options: accounts, events, dates and sample; nullopt with every
// problem in `errors`.
std::optional<TraceFilter> parse_trace_filter(const Scenario& sc, std::uint64_t seed,
                                              std::uint32_t replications,
                                              const TraceFilterText& text,
                                              std::vector<std::string>& errors) {
  TraceFilter f;
  const std::size_t before = errors.size();
  if (!text.accounts.empty() &&
      !read_trace_accounts(sc, seed, replications, text.accounts, f, errors, before))
    return std::nullopt;
  if (!text.events.empty()) read_trace_events(text.events, f, errors, before);
  read_trace_window(text, f, errors);
  f.sample_seed = mix(seed ^ 0x7472616365ULL);  // "trace": not any stream of the simulation
  if (errors.size() != before) return std::nullopt;
  return f;
}

}  // namespace subsim
