#include "io/output_folder.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <cstdint>

#include "io/atomic_file.hpp"
#include "io/output_marker.hpp"
#include "io/sha256.hpp"

namespace subsim {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& p, const std::string& reason) {
  throw OutputFolderError(p.string() + ": error: " + reason);
}

void sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// An open descriptor of `dir`, locked exclusively (flock) against other subsim processes;
// `whose` names the folder in the refusal ("this sweep folder").
int lock_folder(const fs::path& dir, const std::string& whose = "this folder") {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) fail(dir, std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    fail(dir, err == EWOULDBLOCK ? "another subsim is writing " + whose
                                 : std::string("cannot lock it: ") + std::strerror(err));
  }
  return fd;
}

std::string staging_prefix(const fs::path& dir) {
  return "." + dir.filename().string() + ".subsim-tmp-";
}

}  // namespace

OutputFolder::OutputFolder(fs::path dir) : dir_(std::move(dir)) {
  if (dir_.empty()) fail(".", "the output folder's name is empty");
  if (!dir_.has_filename()) dir_ = dir_.parent_path();  // "out/" → "out"
  std::error_code ec;
  fs::file_status st = fs::symlink_status(dir_, ec);
  if (fs::is_symlink(st)) fail(dir_, "is a symbolic link; give the folder itself");
  if (fs::exists(st) && !fs::is_directory(st)) fail(dir_, "exists and is not a folder");
  if (!fs::exists(st)) {
    if (!fs::create_directories(dir_, ec) || ec) fail(dir_, "cannot create it: " + ec.message());
    created_ = true;
  }
  lock_fd_ = lock_folder(dir_);
  try {
    check_folder();
  } catch (...) {
    ::close(lock_fd_);
    if (created_) fs::remove(dir_, ec);
    throw;
  }
}

void OutputFolder::check_folder() {
  std::error_code ec;
  if (::access(dir_.c_str(), W_OK) != 0 ||
      ::access((dir_.has_parent_path() ? dir_.parent_path() : fs::path(".")).c_str(), W_OK) != 0)
    fail(dir_, "the folder or its parent is not writable");
  if (std::vector<std::string> foreign = foreign_entries(dir_); !foreign.empty())
    fail(dir_, "holds files subsim did not write, or changed since it wrote them (" +
                   first_and_more(foreign) +
                   "); nothing was replaced: move them out, or give a new or empty folder");
  // Staging folders a killed run left behind: ours to remove, we hold the lock.
  const fs::path parent = dir_.has_parent_path() ? dir_.parent_path() : fs::path(".");
  const std::string prefix = staging_prefix(dir_);
  for (const auto& e : fs::directory_iterator(parent, ec))
    if (e.path().filename().string().rfind(prefix, 0) == 0) fs::remove_all(e.path(), ec);
}

OutputFolder::~OutputFolder() {
  discard_staging();
  if (signals_held_) ::sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
  if (!committed_ && created_) {
    std::error_code ec;
    fs::remove(dir_, ec);  // only if still empty
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void OutputFolder::discard_staging() {
  if (staging_.empty()) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  staging_.clear();
  cleanup_.reset();
}

void OutputFolder::begin() {
  if (!signals_held_) {
    sigset_t hold;
    sigemptyset(&hold);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&hold, s);
    ::sigprocmask(SIG_BLOCK, &hold, &old_mask_);
    signals_held_ = true;
  }
  make_staging();
}

// The folder's name is registered for removal on a fatal signal before the folder exists (as
// mkdtemp would, a fresh name, mode 0700 until made 0755): a signal arriving between its creation
// and its registration left it behind (a worker thread takes SIGTERM whatever the main thread
// holds back). The name carries this process's id, so a name already taken is never another
// running process's folder (the leftovers of dead ones were removed under the lock).
void OutputFolder::make_staging() {
  if (!staging_.empty()) return;
  const fs::path parent = dir_.has_parent_path() ? dir_.parent_path() : fs::path(".");
  static constexpr char kLetters[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::uint64_t bits = static_cast<std::uint64_t>(
      std::chrono::steady_clock::now().time_since_epoch().count());
  for (int attempt = 0;; ++attempt) {
    std::string suffix = std::to_string(::getpid()) + "-";
    for (int i = 0; i < 6; ++i) {
      bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;  // (Knuth's LCG step)
      suffix += kLetters[(bits >> 33) % (sizeof kLetters - 1)];
    }
    const fs::path name = parent / (staging_prefix(dir_) + suffix);
    auto cleanup = std::make_unique<StagingCleanup>(name);
    if (::mkdir(name.c_str(), 0700) == 0) {
      staging_ = name;
      cleanup_ = std::move(cleanup);
      break;
    }
    if (errno != EEXIST || attempt >= 100)
      fail(dir_, std::string("staging folder: ") + std::strerror(errno));
  }
  ::chmod(staging_.c_str(), 0755);
}

void OutputFolder::check_name(const std::string& name) {
  if (committed_) fail(dir_, "written after commit");
  if (name.empty() || name.find_first_of("/\n") != std::string::npos || name == "." ||
      name == ".." || name == kMarker)
    fail(dir_, "bad output file name '" + name + "'");
}

void OutputFolder::write(const std::string& name, const std::string& content) {
  check_name(name);
  begin();
  write_file(name, content);
}

void OutputFolder::write_file(const std::string& name, const std::string& content) {
  const fs::path p = staging_ / name;
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) fail(dir_ / name, std::strerror(errno));
  try {
    write_all_synced(fd, content, dir_ / name);
  } catch (const std::exception& e) {
    ::close(fd);
    throw OutputFolderError(std::string(e.what()));
  }
  if (::close(fd) != 0) fail(dir_ / name, std::strerror(errno));
  if (name != kMarker) written_.push_back({name, sha256_hex(content), content.size()});
}

std::unique_ptr<OutputStream> OutputFolder::open_stream(const std::string& name,
                                                        Compression compression) {
  check_name(name);
  make_staging();
  return std::make_unique<OutputStream>(staging_ / name, (dir_ / name).string(), compression);
}

void OutputFolder::close_stream(const std::string& name, OutputStream& stream) {
  stream.close();
  written_.push_back({name, stream.sha256(), stream.bytes_written()});
}

fs::path OutputFolder::write_staged(const std::string& name, const std::string& content) {
  auto stream = open_stream(name, Compression::none);
  stream->write(content);
  close_stream(name, *stream);
  return staging_ / name;
}

void OutputFolder::commit() {
  begin();
  write_file(kMarker, output_marker_text(written_));  // last: it lists every file
  sync_dir(staging_);
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
      fail(dir_, std::string("cannot swap the new results in: ") + std::strerror(errno));
    // A file system without the exchange: two renames, the earlier set moved aside first (a
    // kill between them leaves it under the staging prefix, removed by the next run).
    std::string aside = staging_.string() + "-old";
    if (std::rename(dir_.c_str(), aside.c_str()) != 0)
      fail(dir_, std::string("cannot move the earlier results aside: ") + std::strerror(errno));
    if (std::rename(staging_.c_str(), dir_.c_str()) != 0) {
      int err = errno;
      std::rename(aside.c_str(), dir_.c_str());
      fail(dir_, std::string("cannot move the new results in: ") + std::strerror(err));
    }
    staging_ = aside;
  }
  committed_ = true;
  sync_dir(dir_.has_parent_path() ? dir_.parent_path() : fs::path("."));
  discard_staging();  // the earlier set, now under the staging name
  ::sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
  signals_held_ = false;
}

LockedFolder::LockedFolder(fs::path dir) : dir_(std::move(dir)) {
  if (!dir_.has_filename()) dir_ = dir_.parent_path();
  lock_fd_ = lock_folder(dir_);
}

LockedFolder::~LockedFolder() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void LockedFolder::add(const std::string& name, const std::string& content) {
  try {
    write_file_atomically(dir_ / name, content);
    std::error_code ec;
    if (!fs::exists(dir_ / OutputFolder::kMarker, ec)) return;
    std::vector<ManifestFile> files = marker_listing(dir_);
    if (files.empty()) return;  // an earlier version's marker: it lists nothing
    std::erase_if(files, [&](const ManifestFile& f) { return f.name == name; });
    files.push_back({name, sha256_hex(content), content.size()});
    write_file_atomically(dir_ / OutputFolder::kMarker, output_marker_text(files));
  } catch (const OutputFolderError&) {
    throw;
  } catch (const std::exception& e) {
    throw OutputFolderError(e.what());
  }
}

GrowingFolder::GrowingFolder(fs::path dir, std::vector<std::string> names, std::string what)
    : dir_(std::move(dir)), names_(std::move(names)) {
  if (!dir_.has_filename()) dir_ = dir_.parent_path();
  lock_fd_ = lock_folder(dir_, "this " + what + " folder");
  auto ours = [&](const std::string& name) {
    for (const std::string& n : names_)
      if (name == n || name.rfind(n + ".tmp.", 0) == 0) return true;
    return false;
  };
  std::error_code ec;
  std::vector<std::string> foreign;
  bool output_folder = false;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (name == kOutputMarker) output_folder = true;
    else if (!ours(name) || e.is_symlink() || !e.is_regular_file()) foreign.push_back(name);
  }
  try {
    if (ec) fail(dir_, "cannot list it: " + ec.message());
    if (output_folder)
      fail(dir_, "holds the results of a run, compare, fit or merge; give the " + what +
                     " a folder of its own");
    if (!foreign.empty()) {
      std::sort(foreign.begin(), foreign.end());
      fail(dir_, "holds files a " + what + " did not write (" + first_and_more(foreign) +
                     "); give a new or empty folder, or the folder of this " + what);
    }
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

GrowingFolder::~GrowingFolder() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

ManifestFile GrowingFolder::write(const std::string& name, const std::string& content) {
  try {
    write_file_atomically(dir_ / name, content);
  } catch (const OutputFolderError&) {
    throw;
  } catch (const std::exception& e) {
    throw OutputFolderError(e.what());
  }
  return {name, sha256_hex(content), content.size()};
}

}  // namespace subsim
