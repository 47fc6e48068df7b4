// An entry of the event queue: 16 bytes, so a shard's pending events stay cache-friendly.
#pragma once
#include <cstdint>

namespace subsim {

struct QueuedEvent {
  std::uint32_t account;  // index within the shard
  std::uint32_t arg;      // kind-specific: ScriptedRef, Intent::pack(), arrival flags
  std::uint32_t gen;      // lifecycle events fire only if it equals the subscription's generation
  std::int16_t slot;      // subscription slot in the account, -1 if none
  std::uint8_t kind;      // QueueKind
  std::uint8_t held_kind = 0;  // QueueKind::federal: the kind of the order held for its bid (F1)
};
static_assert(sizeof(QueuedEvent) == 16);

}  // namespace subsim
