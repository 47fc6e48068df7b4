// The subscription state machine read into a table the engine checks every transition against:
// no Boost.Graph here (model/lifecycle_graph.hpp holds the graph this table is read from).
#pragma once
#include <array>
#include <cstdint>

#include "model/event.hpp"
#include "model/sub_state.hpp"

namespace subsim {

// Vertex index of the pseudo-state before a subscription exists.
inline constexpr int kNewState = kSubStateCount;

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

}  // namespace subsim
