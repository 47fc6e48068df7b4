// The subscription state machine as data: a Boost Graph of states whose edges carry the event
// and the rule id. The engine checks every transition against it.
#pragma once
#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <ostream>
#include <string>

#include "model/event.hpp"
#include "model/sub_state.hpp"

namespace subsim {

struct StateVertex {
  std::string name;
};
struct TransitionEdge {
  EventKind event;
  RuleId rule;
};
using LifecycleGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, StateVertex, TransitionEdge>;

// Vertex index of the pseudo-state before a subscription exists.
inline constexpr int kNewState = kSubStateCount;

const LifecycleGraph& lifecycle_graph();

// The graph read into a table: masks[from][to] is the set of event kinds (bits) on the edges
// from → to; `from` may be SubState::count (new).
using TransitionMasks = std::array<std::array<std::uint32_t, kSubStateCount>, kSubStateCount + 1>;
const TransitionMasks& transition_masks();

// O(1): is there an edge from → to labelled `event`? The engine keeps the table at hand and
// calls the three-argument form on every event.
inline bool transition_allowed(const TransitionMasks& masks, SubState from, SubState to,
                               EventKind event) {
  if (to == SubState::count) return false;
  return (masks[static_cast<int>(from)][static_cast<int>(to)] >> static_cast<int>(event)) & 1u;
}
inline bool transition_allowed(SubState from, SubState to, EventKind event) {
  return transition_allowed(transition_masks(), from, to, event);
}

// Graphviz DOT, rule ids on the edges.
void write_lifecycle_dot(std::ostream& out);

}  // namespace subsim
