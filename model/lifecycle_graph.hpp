// The subscription state machine as data: a Boost Graph of states whose edges carry the event
// and the rule id. The engine checks every transition against the table read from it
// (model/transitions.hpp, which the engine includes without Boost.Graph).
#pragma once
#include <boost/graph/adjacency_list.hpp>
#include <ostream>
#include <string>

#include "model/event.hpp"
#include "model/sub_state.hpp"
#include "model/transitions.hpp"

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

const LifecycleGraph& lifecycle_graph();

// Graphviz DOT, rule ids on the edges.
void write_lifecycle_dot(std::ostream& out);

}  // namespace subsim
