#include <doctest/doctest.h>

#include <cstdint>

#include "sim/scratch_pool.hpp"

using subsim::ScratchPool;

TEST_CASE("a scratch buffer comes back reset and reuses the memory it was given") {
  ScratchPool<std::int64_t>::clear();  // whatever earlier runs on this thread left
  auto a = ScratchPool<std::int64_t>::take(1000, 0);
  for (auto& x : a) x = 42;
  const auto* memory = a.data();
  ScratchPool<std::int64_t>::give(a);
  CHECK(a.empty());
  CHECK(ScratchPool<std::int64_t>::kept() == 1);
  auto b = ScratchPool<std::int64_t>::take(500, 7);
  CHECK(b.data() == memory);  // the same memory, no fresh pages
  CHECK(b.size() == 500);
  for (auto x : b) REQUIRE(x == 7);  // never the previous shard's values
  CHECK(ScratchPool<std::int64_t>::kept() == 0);
  // Two kept buffers: a request takes the smallest that holds it.
  auto big = ScratchPool<std::int64_t>::take(4000, 0);
  auto small = ScratchPool<std::int64_t>::take(100, 0);
  const auto* big_memory = big.data();
  const auto* small_memory = small.data();
  ScratchPool<std::int64_t>::give(big);
  ScratchPool<std::int64_t>::give(small);
  auto c = ScratchPool<std::int64_t>::take(50, 0);
  CHECK(c.data() == small_memory);
  auto d = ScratchPool<std::int64_t>::take(3000, 0);
  CHECK(d.data() == big_memory);
  ScratchPool<std::int64_t>::give(b);
  ScratchPool<std::int64_t>::give(c);
  ScratchPool<std::int64_t>::give(d);
  CHECK(ScratchPool<std::int64_t>::kept() == 3);
}
