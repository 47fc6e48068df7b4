// Staging folders that must not outlive the process: while one is registered, SIGINT, SIGTERM
// and SIGHUP first remove it (its files, then the folder) and then end the process as the
// signal would have (default action, same exit status). The handler uses only system calls
// that are safe in a signal handler (open, getdents64, unlinkat, rmdir). Only a signal whose
// action is the default one is taken over: one the process ignores (nohup's SIGHUP) stays
// ignored, and one with a handler of its own (Python's SIGINT) stays with that handler.
#pragma once
#include <filesystem>

namespace subsim {

class StagingCleanup {
 public:
  // Registers `dir` (a flat folder of files) until the object is destroyed or release()d.
  explicit StagingCleanup(const std::filesystem::path& dir);
  ~StagingCleanup();
  StagingCleanup(const StagingCleanup&) = delete;
  StagingCleanup& operator=(const StagingCleanup&) = delete;
  void release();  // no longer removed on a signal (it was renamed into place, or removed)

 private:
  int slot_ = -1;
};

}  // namespace subsim
