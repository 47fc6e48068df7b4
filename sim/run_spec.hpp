// What every shard of a run shares (read-only), and what a shard reports back.
#pragma once
#include <cstdint>

#include "model/policy.hpp"
#include "model/random_stream.hpp"
#include "scenario/scenario.hpp"

namespace subsim {

// What a run is (the scenario, the policy in force, the seed, the stream offset): shared
// read-only by every shard.
struct RunSpec {
  const Scenario* scenario = nullptr;
  Policy policy;
  std::uint64_t seed = 1;
  // Common random numbers: replications draw from the stream of `stream_replication + r`.
  std::uint32_t stream_offset = 0;
  // Renewal runs (issue 33): a subscription that renews unchanged for k terms is moved across
  // them at once. Off only to check that runs change nothing (tests).
  bool renewal_runs = true;
};

struct ShardStats {
  std::uint64_t events = 0;  // fired (emitted) events, each renewal of a renewal run counted
  std::uint64_t runs = 0;    // renewal runs: renewals the engine did not queue one by one
  std::uint64_t stale = 0;   // queue entries skipped because a later change made them moot
};

// The streams of one replication: every draw of a customer is keyed (seed, replication key,
// customer, purpose, index), whichever shard or thread simulates it.
struct ReplicationStreams {
  std::uint64_t seed = 1;
  std::uint32_t replication = 0;  // replication + the spec's stream offset
  RandomStream operator()(std::uint32_t customer, Purpose p, std::uint32_t index = 0) const {
    return RandomStream(seed, replication, customer, p, index);
  }
};

}  // namespace subsim
