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
namespace subsim {
class CalendarQueue {
 public:
  CalendarQueue(int days, int classes)
      : days_(days), classes_(classes), buckets_(static_cast<std::size_t>(days) * classes) {}
  int days() const { return days_; }
  template <class OnDay, class Fire>
  void run(OnDay&& on_day, Fire&& fire) {
    run(on_day, fire, [](const QueuedEvent&) {});
  }

  // True if (day, cls) has already been fired: scheduling there would be a bug.
  bool is_past(int day, int cls) const { return day * classes_ + cls < cursor_; }
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
  template <class OnDay, class Fire, class Prefetch>
  void run(OnDay&& on_day, Fire&& fire, Prefetch&& prefetch) {
    constexpr std::uint32_t kAhead = 6;
    for (int day = 0; day < days_; ++day) {
      on_day(day);
      for (int c = 0; c < classes_; ++c) {
        cursor_ = day * classes_ + c;
        Bucket& bucket = buckets_[cursor_];
        if (bucket.head == nullptr) continue;
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
  static constexpr std::uint32_t kChunk = 63;
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
      blocks_.push_back(std::unique_ptr<Chunk[]>(new Chunk[kBlock]));
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
  static constexpr std::size_t kBlock = 256;
  int days_, classes_, cursor_ = 0;
  std::vector<Bucket> buckets_;
  std::vector<std::unique_ptr<Chunk[]>> blocks_;
  Chunk* free_ = nullptr;
};
}  // namespace subsim
