// Buffers a shard needs only while it runs (the engine's accounts and queue buckets, the
// metrics' customer table and trailing-12-month ring) are handed on to the next shard of the
// same thread instead of being freed. A fresh allocation of that size is fresh pages: the
// kernel's page faults and zeroing were 6 % of a metrics run — and how often glibc hands such
// memory back to the kernel depends on the process (in a Python process, where its dynamic
// thresholds stayed low, a run took 1.4-1.9x the command's time). The contents are always
// reset, so results never depend on which buffer a shard got.
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace subsim {

template <class T>
class ScratchPool {
 public:
  // n copies of `value` in the smallest kept buffer that holds them (else the largest one).
  static std::vector<T> take(std::size_t n, const T& value) {
    auto& kept = list();
    std::size_t pick = kept.size();
    for (std::size_t i = 0; i < kept.size(); ++i) {
      const std::size_t c = kept[i].capacity();
      if (pick == kept.size()) {
        pick = i;
        continue;
      }
      const std::size_t best = kept[pick].capacity();
      if ((c >= n && (best < n || c < best)) || (best < n && c > best)) pick = i;
    }
    std::vector<T> v;
    if (pick < kept.size()) {
      v = std::move(kept[pick]);
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    v.assign(n, value);
    return v;
  }
  // Takes `v`'s memory back (v is left empty); at most kKeep buffers per thread are kept.
  static void give(std::vector<T>& v) {
    std::vector<T> out = std::move(v);
    v = std::vector<T>();
    auto& kept = list();
    if (out.capacity() == 0 || kept.size() >= kKeep) return;
    out.clear();
    kept.push_back(std::move(out));
  }
  static std::size_t kept() { return list().size(); }
  // Frees what this thread keeps.
  static void clear() { list().clear(); }

 private:
  static constexpr std::size_t kKeep = 4;
  static std::vector<std::vector<T>>& list() {
    thread_local std::vector<std::vector<T>> kept;
    return kept;
  }
};

}  // namespace subsim
