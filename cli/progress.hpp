// Progress on stderr: one updating line on a terminal, a plain line every ~10 % otherwise.
// Never on stdout, never touching results.
#pragma once
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace subsim::cli {

class Progress {
 public:
  Progress(bool enabled, std::string unit)
      : enabled_(enabled),
        tty_(::isatty(2) != 0),
        unit_(std::move(unit)),
        t0_(std::chrono::steady_clock::now()) {}

  void update(std::size_t done, std::size_t total, std::uint64_t events = 0) {
    if (!enabled_ || total == 0) return;
    int pct = static_cast<int>(100 * done / total);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    double eta = done > 0 ? elapsed * (total - done) / done : 0;
    if (tty_) {
      double rate = elapsed > 0 ? static_cast<double>(events) / elapsed : 0;
      std::fprintf(stderr, "\rprogress: %3d%% %s %zu/%zu %.3g events/s eta %.0fs ", pct,
                   unit_.c_str(), done, total, rate, eta);
      std::fflush(stderr);
    } else if (pct / 10 > last_decile_) {
      last_decile_ = pct / 10;
      std::fprintf(stderr, "progress: %d%% %s %zu/%zu eta %.0fs\n", pct, unit_.c_str(), done, total,
                   eta);
    }
  }
  // A new stage (compare --replications auto: another batch): said on its own line, and the
  // percentages start again.
  void stage(const std::string& text) {
    if (!enabled_) return;
    if (tty_) std::fputs("\n", stderr);
    std::fprintf(stderr, "%s\n", text.c_str());
    last_decile_ = -1;
    t0_ = std::chrono::steady_clock::now();
  }
  void finish() {
    if (enabled_ && tty_) std::fputs("\n", stderr);
  }

 private:
  bool enabled_, tty_;
  std::string unit_;
  std::chrono::steady_clock::time_point t0_;
  int last_decile_ = -1;
};

}  // namespace subsim::cli
