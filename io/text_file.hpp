// Reading a whole file, with the OS reason when it fails.
#pragma once
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>

namespace subsim {

// The most any input file may hold (scenarios, sweep files, result folders' CSV and JSON, the
// journal): far beyond any real one, small enough that reading it cannot exhaust memory.
inline constexpr std::size_t kMaxInputBytes = std::size_t{1} << 30;

// The file's bytes, or nullopt with `error` set to the OS reason (e.g. "No such file or
// directory") or to "larger than …" — read in chunks and never past `max_bytes`, so /dev/zero,
// an endless pipe or a huge file is refused instead of filling memory.
inline std::optional<std::string> read_text_file(const std::string& path, std::string& error,
                                                 std::size_t max_bytes = kMaxInputBytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      error = "larger than " + std::to_string(max_bytes >> 20) + " MiB: not an input subsim reads";
      return std::nullopt;
    }
  }
  if (in.bad()) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  return text;
}

}  // namespace subsim
