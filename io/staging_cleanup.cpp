#include "io/staging_cleanup.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <csignal>
#include <cstring>
#include <iterator>
#include <mutex>

namespace subsim {

namespace {

constexpr int kSlots = 8;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

struct Slot {
  std::atomic<bool> used{false};
  char path[4096] = {};
};
Slot g_slots[kSlots];
std::mutex g_mutex;  // registering and releasing (never taken by the handler)
struct sigaction g_previous[std::size(kSignals)];  // restored before the signal is raised again

// The folder's entries unlinked, then the folder removed: raw system calls only.
void remove_flat_folder(const char* path) {
  for (int round = 0; round < 3; ++round) {  // a file created meanwhile by another thread
    int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    alignas(8) char buf[8192];
    for (;;) {
      long n = ::syscall(SYS_getdents64, fd, buf, sizeof buf);
      if (n <= 0) break;
      for (long off = 0; off < n;) {
        struct Entry {
          unsigned long long ino;
          long long off;
          unsigned short reclen;
          unsigned char type;
          char name[1];
        };
        const Entry* e = reinterpret_cast<const Entry*>(buf + off);
        const char* name = buf + off + offsetof(Entry, name);
        if (!(name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))))
          ::unlinkat(fd, name, 0);
        off += e->reclen;
      }
    }
    ::close(fd);
    if (::rmdir(path) == 0) return;
  }
}

void on_signal(int sig) {
  const int saved_errno = errno;
  for (Slot& s : g_slots)
    if (s.used.load(std::memory_order_acquire)) remove_flat_folder(s.path);
  // The default action, restored, takes the signal again when this handler returns.
  for (std::size_t i = 0; i < std::size(kSignals); ++i)
    if (kSignals[i] == sig) ::sigaction(sig, &g_previous[i], nullptr);
  errno = saved_errno;
  ::raise(sig);
}

// Ours for each signal whose action is the default one (ending the process), checked at every
// registration, since someone may have set another handler since. A signal that is ignored
// (nohup) or has a handler of its own is left alone: a handler may let the process go on —
// Python's SIGINT handler only sets a flag, and the module raises KeyboardInterrupt once the
// call returns — and removing the staging folder under a process that goes on would break the
// write in progress.
void install() {
  for (std::size_t i = 0; i < std::size(kSignals); ++i) {
    const int sig = kSignals[i];
    struct sigaction current {};
    ::sigaction(sig, nullptr, &current);
    if (current.sa_handler != SIG_DFL || (current.sa_flags & SA_SIGINFO)) continue;
    g_previous[i] = current;
    struct sigaction act {};
    act.sa_handler = on_signal;
    sigemptyset(&act.sa_mask);
    for (int other : kSignals) sigaddset(&act.sa_mask, other);
    ::sigaction(sig, &act, nullptr);
  }
}

}  // namespace

StagingCleanup::StagingCleanup(const std::filesystem::path& dir) {
  const std::string p = dir.string();
  if (p.size() >= sizeof g_slots[0].path) return;  // not registered: the next run removes it
  std::lock_guard<std::mutex> lock(g_mutex);
  for (int i = 0; i < kSlots; ++i) {
    Slot& s = g_slots[i];
    if (s.used.load(std::memory_order_relaxed)) continue;
    std::memcpy(s.path, p.c_str(), p.size() + 1);
    s.used.store(true, std::memory_order_release);
    slot_ = i;
    install();
    return;
  }
}

StagingCleanup::~StagingCleanup() { release(); }

void StagingCleanup::release() {
  if (slot_ < 0) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  g_slots[slot_].used.store(false, std::memory_order_release);
  slot_ = -1;
}

}  // namespace subsim
