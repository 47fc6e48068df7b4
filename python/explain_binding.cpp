// _explain (bindings.hpp): one account's events with the rule that decided each and why, as
// `subsim explain` gives them — its CSV (the package's DataFrame), its text and its JSON.
#include <pybind11/stl.h>

#include "analysis/explain_text.hpp"
#include "python/common.hpp"
#include "sim/account_trace.hpp"

namespace subsim::python {

namespace {

py::dict explain(const ScenarioInput& source, const LoadOptions& lo, const std::string& account,
                 int replication, std::optional<std::uint64_t> seed_arg) {
  LoadResult r = load_scenario(source, lo);
  if (!r.ok()) throw ScenarioFailure(r.errors);
  const Scenario& sc = *r.scenario;
  const std::uint64_t seed = seed_arg.value_or(sc.seed);
  AccountTrace trace;
  {
    py::gil_scoped_release released;
    trace = trace_account(sc, sc.policy, seed, static_cast<std::uint32_t>(replication), account);
  }
  if (!trace.customer)
    throw ArgumentFailure("account: no account '" + account + "' in " + source.path +
                          " (replication " + std::to_string(replication) + " has " +
                          std::to_string(trace.accounts) + " accounts)");
  const std::string title = sc.name + " — account " + account + ", replication " +
                            std::to_string(replication) + ", seed " + std::to_string(seed);
  py::dict d;
  d["csv"] = py::bytes(explain_csv(sc, sc.policy, *trace.customer, trace.events));
  d["text"] = py::bytes(explain_text(title, sc, sc.policy, *trace.customer, trace.events, false));
  d["json"] = py::bytes(explain_json(account, sc, sc.policy, *trace.customer, trace.events));
  return d;
}

}  // namespace

void bind_explain(py::module_& m) {
  m.def(
      "_explain",
      [](const std::string& path, const std::optional<std::string>& text,
         std::vector<std::string> sets, std::string variant, std::string account, int replication,
         std::optional<std::uint64_t> seed) {
        LoadOptions lo;
        lo.sets = std::move(sets);
        lo.policy = std::move(variant);
        return explain(ScenarioInput{path, text}, lo, account, replication, seed);
      },
      py::arg("path"), py::arg("text"), py::arg("sets"), py::arg("variant"), py::arg("account"),
      py::arg("replication"), py::arg("seed"));
}

}  // namespace subsim::python
