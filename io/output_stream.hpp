// One output file written as a stream (a trace of many GB): bytes go through as they come —
// optionally zstd-compressed — and are hashed on the way, so nothing is held in memory. An
// OutputFolder opens it in its staging folder (see OutputFolder::open_stream); a run killed
// while it writes leaves only that staging folder, which the next run into the folder removes.
#pragma once
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "io/sha256.hpp"

namespace subsim {

// The problem with an output folder or file, as "PATH: error: reason" (exit 2).
class OutputFolderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Compression { none, zstd };

class OutputStream {
 public:
  // Creates `path` (O_EXCL|O_NOFOLLOW). `shown` names the file in errors. Every failure
  // throws OutputFolderError with the OS reason.
  OutputStream(const std::filesystem::path& path, std::string shown, Compression compression);
  ~OutputStream();
  OutputStream(const OutputStream&) = delete;
  OutputStream& operator=(const OutputStream&) = delete;

  void write(std::string_view bytes);
  // Ends the compressed frame, writes what is buffered, fdatasync, close. Throws on failure.
  void close();

  std::uint64_t bytes_written() const { return written_; }  // on disk (compressed if so)
  std::uint64_t bytes_in() const { return in_; }            // before compression
  const std::string& sha256() const { return sha_; }        // after close()

 private:
  void put(std::string_view bytes);  // buffered, hashed, to the file
  void flush();
  void to_file(std::string_view bytes);
  [[noreturn]] void fail(const std::string& reason);
  void compress(std::string_view bytes, bool end);

  std::string shown_;
  int fd_ = -1;
  Compression compression_;
  void* zstd_ = nullptr;  // ZSTD_CCtx
  std::string buffer_, zbuf_;
  Sha256 hash_;
  std::string sha_;
  std::uint64_t written_ = 0, in_ = 0;
};

}  // namespace subsim
