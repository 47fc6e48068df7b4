#include "model/lifecycle_graph.hpp"

// GCC 12 reports a false -Wmaybe-uninitialized inside Boost's edge iterator (boost::optional in
// adj_list_edge_iterator) when write_graphviz walks the edges.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <boost/graph/graphviz.hpp>
#include <vector>

namespace subsim {

namespace {

struct Edge {
  int from;
  SubState to;
  EventKind event;
  RuleId rule;
};

using S = SubState;
using K = EventKind;
using R = RuleId;
constexpr int N = kNewState;
constexpr int I(S s) {
  return static_cast<int>(s);
}

// One line per transition the rules allow. Self-loops are in-term changes.
const std::vector<Edge>& edges() {
  static const std::vector<Edge> kEdges = {
      {N, S::active, K::opening, R::C1},
      {N, S::terminating, K::opening, R::N3},
      {N, S::active, K::opening, R::N2},  // in force, auto-renew off after this term's cut-off
      // A book's subscription that expired before the start (population.book): in grace or
      // suspended on the first day.
      {N, S::grace, K::opening, R::E1},
      {N, S::suspended, K::opening, R::E2},
      // A term entered with auto-renew already off, in time for it (N3): T from its first day.
      {N, S::terminating, K::start, R::C1},
      {N, S::terminating, K::restore, R::E2},
      {N, S::terminating, K::reactivation, R::E3},
      {N, S::terminating, K::handover, R::R2},
      {I(S::pending), S::terminating, K::start, R::S4},
      {I(S::pending), S::terminating, K::start, R::C2},
      {I(S::pending), S::terminating, K::handover, R::R3},
      {I(S::pending), S::terminating, K::downgrade, R::S6},
      {N, S::pending, K::pending, R::C2},
      {N, S::pending, K::pending, R::S4},
      {N, S::pending, K::pending, R::R3},
      // An order held pending has its auto-renew set before it starts (docs/rules.md).
      {I(S::pending), S::pending, K::auto_renew_off, R::N2},
      {I(S::pending), S::pending, K::auto_renew_on, R::N1},
      {N, S::active, K::start, R::C1},
      {N, S::active, K::restore, R::E2},
      {N, S::active, K::reactivation, R::E3},
      {N, S::active, K::handover, R::R2},
      {N, S::trial, K::trial_start, R::T1},
      {I(S::pending), S::active, K::start, R::S4},
      {I(S::pending), S::active, K::start, R::C2},
      {I(S::pending), S::active, K::handover, R::R3},
      {I(S::pending), S::active, K::downgrade, R::S6},
      {I(S::trial), S::active, K::trial_convert, R::T1},
      {I(S::trial), S::lapsed_trial, K::trial_lapse, R::T1},
      {I(S::trial), S::trial, K::reallocation, R::L1},
      {I(S::active), S::active, K::renewal, R::N1},
      {I(S::active), S::active, K::price_change, R::P1},
      {I(S::active), S::terminating, K::renewal, R::N2},
      {I(S::active), S::active, K::seat_add, R::S1},
      {I(S::active), S::active, K::upgrade, R::S5},
      {I(S::active), S::active, K::auto_renew_off, R::N2},
      {I(S::active), S::terminating, K::auto_renew_off, R::N3},
      {I(S::active), S::active, K::auto_renew_on, R::N1},
      {I(S::active), S::active, K::notice_cutoff, R::N3},
      {I(S::active), S::active, K::reallocation, R::L1},
      {I(S::active), S::active, K::renewal_failed, R::E5},
      {I(S::active), S::active, K::renewal_fixed, R::E5},
      {I(S::active), S::grace, K::expiry, R::E1},
      {I(S::terminating), S::active, K::auto_renew_on, R::N3},
      {I(S::terminating), S::terminating, K::auto_renew_off, R::N2},
      {I(S::terminating), S::terminating, K::notice_cutoff, R::N3},
      {I(S::terminating), S::terminating, K::seat_add, R::S1},
      {I(S::terminating), S::terminating, K::upgrade, R::S5},
      {I(S::terminating), S::terminating, K::reallocation, R::L1},
      {I(S::terminating), S::terminating, K::renewal_fixed, R::E5},
      {I(S::terminating), S::grace, K::expiry, R::E1},
      {I(S::grace), S::active, K::restore, R::E2},
      {I(S::grace), S::closed, K::close, R::S4},
      {I(S::grace), S::closed, K::close, R::R3},
      {I(S::grace), S::closed, K::close, R::E2},
      {I(S::grace), S::closed, K::close, R::R2},
      {I(S::grace), S::suspended, K::grace_end, R::E2},
      {I(S::suspended), S::active, K::reactivation, R::E3},
      {I(S::suspended), S::closed, K::close, R::E3},
      {I(S::suspended), S::closed, K::close, R::R2},
      {I(S::suspended), S::deleted, K::deletion, R::E4},
  };
  return kEdges;
}

struct Table {
  // allowed[from][to] is a bit set of event kinds.
  TransitionMasks allowed{};
  LifecycleGraph graph;
  Table() : graph(kSubStateCount + 1) {
    static_assert(kEventKindCount <= 32);
    for (int v = 0; v < kSubStateCount; ++v)
      graph[v].name = std::string(to_string(static_cast<SubState>(v)));
    graph[N].name = "new";
    for (const Edge& e : edges()) {
      boost::add_edge(e.from, I(e.to), TransitionEdge{e.event, e.rule}, graph);
    }
    // The table is read off the graph, so the graph is the single source of truth.
    for (std::size_t v = 0; v < boost::num_vertices(graph); ++v) {
      for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it)
        allowed[v][boost::target(*it, graph)] |= 1u << static_cast<int>(graph[*it].event);
    }
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

const LifecycleGraph& lifecycle_graph() {
  return table().graph;
}

const TransitionMasks& transition_masks() {
  return table().allowed;
}

void write_lifecycle_dot(std::ostream& out) {
  const LifecycleGraph& g = lifecycle_graph();
  boost::write_graphviz(
      out, g, [&](std::ostream& o, auto v) { o << "[label=\"" << g[v].name << "\"]"; },
      [&](std::ostream& o, auto e) {
        o << "[label=\"" << to_string(g[e].event) << " (" << to_string(g[e].rule) << ")\"]";
      },
      [](std::ostream& o) { o << "rankdir=LR;\nnode [shape=box];\n"; });
}

}  // namespace subsim
