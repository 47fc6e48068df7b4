// Per-customer counter-based random streams (Random123 Philox4x32-10). A stream is keyed by
// (scenario seed, replication, customer, purpose, index), so a customer's draws never depend on
// which thread simulates it, on other customers, or on how many draws another purpose made.
// That also gives common random numbers across policies for free.
#pragma once
#include <Random123/philox.h>

#include <cstdint>
#include <limits>

namespace subsim {

// What a draw is for. Each purpose has its own stream, so adding a draw for one purpose never
// shifts another's (new purposes go at the end).
enum class Purpose : std::uint8_t {
  arrivals,  // population-level: arrivals per month (customer = month number)
  profile,   // a customer's attributes at creation
  term,      // a term's decisions: gap to the next eventful term, intents, timing (slot, term)
  timing,    // unused since timing is drawn from the term stream (kept: keys stay stable)
  amount,    // sizes: seats added, … (index = slot, term)
  churn,     // after expiry: come back or not, and when (index = slot, expiry count)
  federal,   // F1 approvals
  trial,     // T1 conversion
  quiet,     // unused since the gap is drawn from the term stream (kept: keys stay stable)
  price_response,  // the extra cancellation a price rise brings (index = slot, term)
};

class RandomStream {
 public:
  using result_type = std::uint32_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  RandomStream(std::uint64_t seed, std::uint32_t replication, std::uint32_t customer,
               Purpose purpose, std::uint32_t index = 0) {
    key_.v[0] = static_cast<std::uint32_t>(seed);
    key_.v[1] = static_cast<std::uint32_t>(seed >> 32);
    ctr_.v[0] = customer;
    ctr_.v[1] = replication;
    ctr_.v[2] = (static_cast<std::uint32_t>(purpose) << 24) ^ index;
    ctr_.v[3] = 0;
  }

  // Every word of each Philox block is used before the next block is computed.
  result_type operator()() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  // For a caller about to read more than four words (a term's decisions): the first two blocks
  // computed together, their multiplication chains overlapping — the same words as one by one.
  void fill_two_blocks() {
    if (used_ != 4 || ctr_.v[3] != 0) return;
    r123::Philox4x32 philox;
    r123::Philox4x32::ctr_type next = ctr_;
    ++next.v[3];
    block_ = philox(ctr_, key_);
    ahead_ = philox(next, key_);
    ctr_.v[3] += 2;
    used_ = 0;
    ahead_ready_ = true;
  }

  // A uniform in [0, 1) from one 32-bit word: exact and library-independent.
  double uniform01() { return (*this)() * (1.0 / 4294967296.0); }
  // Bernoulli(p) from one word, independent of any library's algorithm.
  bool bernoulli(double p) { return uniform01() < p; }
  // Uniform integer in [lo, hi] (inclusive) by multiply-shift (Lemire), one word.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {
    std::uint64_t range = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>((static_cast<std::uint64_t>((*this)()) * range) >> 32);
  }

 private:
  void refill() {
    used_ = 0;
    if (ahead_ready_) {
      block_ = ahead_;
      ahead_ready_ = false;
      return;
    }
    block_ = r123::Philox4x32()(ctr_, key_);
    ++ctr_.v[3];
  }
  r123::Philox4x32::ctr_type ctr_{};
  r123::Philox4x32::key_type key_{};
  r123::Philox4x32::ctr_type block_{};
  r123::Philox4x32::ctr_type ahead_{};  // the second block of fill_two_blocks, not read yet
  int used_ = 4;
  bool ahead_ready_ = false;
};

// Index of a per-subscription, per-term stream: slot in the top byte, term below.
inline std::uint32_t term_stream_index(int slot, int term) {
  return (static_cast<std::uint32_t>(slot & 0xff) << 16) |
         (static_cast<std::uint32_t>(term) & 0xffff);
}

// The named indices within a purpose. Their values are part of every result's draws: never
// change one (add new names instead).
namespace stream_index {
inline constexpr std::uint32_t profile_attributes = 0;  // Purpose::profile: draw_profile
inline constexpr std::uint32_t arrival_day = 1;         // Purpose::profile: day in the month
inline constexpr std::uint32_t opening_anchor = 2;      // Purpose::profile: opening book anchor
inline constexpr std::uint32_t cancel_theta_monthly = 3;  // Purpose::profile: sBG cancel p
inline constexpr std::uint32_t cancel_theta_annual = 4;   // Purpose::profile: sBG cancel p
// Purpose::profile: why a book subscription opened with auto-renew off is leaving.
inline std::uint32_t book_leaving(int slot) { return 0x100u + static_cast<std::uint32_t>(slot & 0xff); }
// Purpose::amount: the reseller switch of (slot, term), apart from that term's seat sizes.
inline std::uint32_t reseller_switch(int slot, int term) {
  return term_stream_index(slot, term) ^ 0x800000u;
}
// Design-level streams (customer = point or bootstrap round), far from any (slot, term).
inline constexpr std::uint32_t lhs_design = 0xfffff;        // Purpose::amount
inline constexpr std::uint32_t sobol_bootstrap = 0xffffe;   // Purpose::amount
inline constexpr std::uint32_t fit_parameters = 0xffffd;    // Purpose::amount: a forecast's draw
}  // namespace stream_index

// Independent random numbers for the i-th of several runs (policies compared without CRN,
// sweep points without CRN): replications are keyed `replication + offset`, and a prime stride
// keeps the runs' replication keys apart.
inline std::uint32_t independent_stream_offset(std::size_t i) {
  constexpr std::uint32_t kStride = 1000003;
  return static_cast<std::uint32_t>(i) * kStride;
}

}  // namespace subsim
