// The sweep journal and sweep.meta readers on any bytes: a bad line is reported, never used.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "experiment/sweep_journal.hpp"
#include "experiment/sweep_meta.hpp"
#include "io/diagnostic.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace subsim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    SweepMeta m = parse_sweep_meta(text, "sweep.meta");
    (void)sweep_meta_text(m);
  } catch (const InputError&) {
  }
  SweepMeta meta;
  meta.fingerprint = "0123456789abcdef";
  meta.metrics = {"bookings", "mrr_end"};
  meta.points = 8;
  meta.replications = 3;
  meta.shards = 2;
  meta.shard = 1;
  try {
    SweepJournal::Read r = SweepJournal::parse_text(text, "journal.txt", meta);
    for (const SweepRecord& rec : r.records)
      if (rec.point < 0 || rec.point >= 8 || rec.point % 2 != 1 || rec.replication < 0 ||
          rec.replication >= 3 || rec.values.size() != 2)
        __builtin_trap();  // a record outside the sweep was accepted
  } catch (const std::runtime_error&) {
    // not a journal of this sweep: refused as a whole
  }
  return 0;
}
