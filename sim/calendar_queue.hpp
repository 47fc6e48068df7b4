// The event queue: one bucket per (day, event class) over the horizon. Scheduling appends to a
// bucket and popping walks the buckets in order, so both are O(1). Within a bucket events fire in
// the order they were scheduled; the day's class order is rule C3 (see queue_kind.hpp).
// Buckets are chains of fixed-size chunks from a free list: no reallocation, no copying, and a
// fired bucket's chunks are reused by later buckets.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/queued_event.hpp"
#include "sim/scratch_pool.hpp"

namespace subsim {

class CalendarQueue {
 public:
  CalendarQueue(int days, int classes)
      : days_(days),
        classes_(classes),
        buckets_(ScratchPool<Bucket>::take(static_cast<std::size_t>(days) * classes, Bucket{})) {}
  // The buckets and chunk blocks go to the next queue of this thread (scratch_pool.hpp).
  ~CalendarQueue() {
    ScratchPool<Bucket>::give(buckets_);
    auto& spare = spare_blocks();
    for (auto& b : blocks_)
      if (spare.size() < kSpareBlocks) spare.push_back(std::move(b));
  }
  CalendarQueue(const CalendarQueue&) = delete;
  CalendarQueue& operator=(const CalendarQueue&) = delete;
  int days() const { return days_; }

  template <class OnDay, class Fire>
  void run(OnDay&& on_day, Fire&& fire) {
    run(on_day, fire, [](const QueuedEvent&) {});
  }

  // True if (day, cls) has already been fired: scheduling there would be a bug.
  bool is_past(int day, int cls) const { return day * classes_ + cls < cursor_; }

  // Events past the horizon are dropped: nothing after the last simulated day is observed.
  // The tail chunk's fill count lives in the bucket header, so scheduling reads one header and
  // writes one event (a fresh bucket starts "full" and takes its first chunk on the first event).
  [[gnu::always_inline]] void schedule(int day, int cls, const QueuedEvent& e) {
    if (day >= days_) return;
    int b = day * classes_ + cls;
    if (b < cursor_) throw std::logic_error("event scheduled into the past");
    Bucket& bucket = buckets_[b];
    if (bucket.size == kChunk) {
      Chunk* c = take_chunk();
      if (bucket.tail)
        bucket.tail->next = c;
      else
        bucket.head = c;
      bucket.tail = c;
      bucket.size = 0;
    }
    bucket.tail->events[bucket.size++] = e;
  }

  // Calls on_day(day) when a day begins and fire(day, event) for every event, in order.
  // Unlike a heap, a bucket knows what comes next: prefetch(event) is called a few events
  // ahead of firing, so the engine can pull that event's account into cache.
  template <class OnDay, class Fire, class Prefetch>
  void run(OnDay&& on_day, Fire&& fire, Prefetch&& prefetch) {
    constexpr std::uint32_t kAhead = 6;
    for (int day = 0; day < days_; ++day) {
      on_day(day);
      for (int c = 0; c < classes_; ++c) {
        cursor_ = day * classes_ + c;
        Bucket& bucket = buckets_[cursor_];
        if (bucket.head == nullptr) continue;
        // Firing may append to this very bucket: re-read its tail and size as we go.
        for (Chunk* chunk = bucket.head; chunk != nullptr; chunk = chunk->next)
          for (std::uint32_t i = 0;; ++i) {
            std::uint32_t n = chunk == bucket.tail ? bucket.size : kChunk;
            if (i >= n) break;
            if (i + kAhead < n) prefetch(chunk->events[i + kAhead]);
            fire(day, chunk->events[i]);
          }
        for (Chunk* chunk = bucket.head; chunk != nullptr;) {
          Chunk* next = chunk->next;
          give_chunk(chunk);
          chunk = next;
        }
        bucket = Bucket{};
      }
    }
    cursor_ = days_ * classes_;
  }

 private:
  static constexpr std::uint32_t kChunk = 15;  // 15 × 16 B + a link = 256 B
  struct Chunk {
    QueuedEvent events[kChunk];
    Chunk* next = nullptr;
  };
  struct Bucket {
    Chunk* head = nullptr;
    Chunk* tail = nullptr;
    std::uint32_t size = kChunk;
  };
  Chunk* take_chunk() {
    if (free_ == nullptr) {
      auto& spare = spare_blocks();
      if (spare.empty()) {
        blocks_.push_back(std::unique_ptr<Chunk[]>(new Chunk[kBlock]));
      } else {
        blocks_.push_back(std::move(spare.back()));
        spare.pop_back();
      }
      for (std::size_t i = 0; i < kBlock; ++i) give_chunk(&blocks_.back()[i]);
    }
    Chunk* c = free_;
    free_ = c->next;
    c->next = nullptr;
    return c;
  }
  void give_chunk(Chunk* c) {
    c->next = free_;
    free_ = c;
  }
  static constexpr std::size_t kBlock = 256;  // 256 KiB blocks
  // Blocks a finished queue leaves to the next one of its thread: at most 64 (16 MiB).
  static constexpr std::size_t kSpareBlocks = 64;
  static std::vector<std::unique_ptr<Chunk[]>>& spare_blocks() {
    thread_local std::vector<std::unique_ptr<Chunk[]>> spare;
    return spare;
  }

  int days_;
  int classes_;
  int cursor_ = 0;
  std::vector<Bucket> buckets_;
  std::vector<std::unique_ptr<Chunk[]>> blocks_;
  Chunk* free_ = nullptr;
};

}  // namespace subsim
