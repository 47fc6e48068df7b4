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

// O(1): is there an edge from → to labelled `event`? `from` may be SubState::count (new).
bool transition_allowed(SubState from, SubState to, EventKind event);

// Graphviz DOT, rule ids on the edges.
void write_lifecycle_dot(std::ostream& out);

}  // namespace subsim
