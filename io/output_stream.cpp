#include "io/output_stream.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <pthread.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>


namespace subsim {

namespace {
constexpr std::size_t kBufferBytes = std::size_t{1} << 20;
// zstd's own threads compress while subsim simulates and formats. The frame does not depend
// on their number (for any count >= 1), so the file is the same whatever --threads says.
constexpr int kZstdWorkers = 2;
constexpr int kZstdLevel = 3;
constexpr std::uint64_t kWritebackBytes = std::uint64_t{32} << 20;

ZSTD_CCtx* cctx(void* p) { return static_cast<ZSTD_CCtx*>(p); }
}  // namespace

OutputStream::OutputStream(const std::filesystem::path& path, std::string shown,
                           Compression compression)
    : shown_(std::move(shown)), compression_(compression) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0) throw OutputFolderError(shown_ + ": error: " + std::strerror(errno));
  buffer_.reserve(kBufferBytes);
  if (compression_ == Compression::zstd) {
    zstd_ = ZSTD_createCCtx();
    if (!zstd_) fail("zstd: out of memory");
    ZSTD_CCtx_setParameter(cctx(zstd_), ZSTD_c_compressionLevel, kZstdLevel);
    ZSTD_CCtx_setParameter(cctx(zstd_), ZSTD_c_checksumFlag, 1);
    // A libzstd built without threads refuses this and compresses on the caller's thread.
    ZSTD_CCtx_setParameter(cctx(zstd_), ZSTD_c_nbWorkers, kZstdWorkers);
    zbuf_.resize(ZSTD_CStreamOutSize());
  }
}

OutputStream::~OutputStream() {
  if (zstd_) ZSTD_freeCCtx(cctx(zstd_));
  if (fd_ >= 0) ::close(fd_);
}

void OutputStream::write(std::string_view bytes) {
  if (fd_ < 0) fail("written after close");
  in_ += bytes.size();
  if (compression_ == Compression::zstd)
    compress(bytes, false);
  else
    put(bytes);
}

void OutputStream::compress(std::string_view bytes, bool end) {
  // zstd starts its worker threads inside this call: they inherit a mask that keeps SIGINT,
  // SIGTERM and SIGHUP for the main thread, which holds them back while results are committed.
  sigset_t hold, old;
  sigemptyset(&hold);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&hold, sig);
  ::pthread_sigmask(SIG_BLOCK, &hold, &old);
  struct Restore {
    sigset_t* old;
    ~Restore() { ::pthread_sigmask(SIG_SETMASK, old, nullptr); }
  } restore{&old};
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  for (;;) {
    ZSTD_outBuffer out{zbuf_.data(), zbuf_.size(), 0};
    std::size_t left = ZSTD_compressStream2(cctx(zstd_), &out, &in, end ? ZSTD_e_end : ZSTD_e_continue);
    if (ZSTD_isError(left))
      fail(std::string("zstd: ") + ZSTD_getErrorName(left));
    put(std::string_view(zbuf_.data(), out.pos));
    if (end ? left == 0 : in.pos == in.size) break;
  }
}

void OutputStream::put(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > kBufferBytes) flush();
  if (bytes.size() >= kBufferBytes) {
    to_file(bytes);
    return;
  }
  buffer_.append(bytes);
}

void OutputStream::flush() {
  if (buffer_.empty()) return;
  to_file(buffer_);
  buffer_.clear();
}

void OutputStream::to_file(std::string_view bytes) {
  hash_.update(bytes);
  const std::uint64_t at = written_;
  written_ += bytes.size();
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  // Start writing back each 32 MiB as it completes: the disk works while the run goes on, and
  // the fdatasync at the end waits for the last part only (not gigabytes of dirty pages).
  if (written_ / kWritebackBytes != at / kWritebackBytes) {
    const std::uint64_t from = at / kWritebackBytes * kWritebackBytes;
    ::sync_file_range(fd_, static_cast<off_t>(from), static_cast<off_t>(written_ - from),
                      SYNC_FILE_RANGE_WRITE);
  }
}

void OutputStream::fail(const std::string& reason) {
  throw OutputFolderError(shown_ + ": error: " + reason);
}

void OutputStream::close() {
  if (fd_ < 0) return;
  if (compression_ == Compression::zstd) {
    compress({}, true);
    ZSTD_freeCCtx(cctx(zstd_));  // its threads end here, before the results are committed
    zstd_ = nullptr;
  }
  flush();
  const int synced = ::fdatasync(fd_);
  const int sync_error = errno;
  const int closed = ::close(fd_);  // always, even when the sync failed
  const int close_error = errno;
  fd_ = -1;
  if (synced != 0) fail(std::strerror(sync_error));
  if (closed != 0) fail(std::strerror(close_error));
  sha_ = hash_.hex();
}

}  // namespace subsim
