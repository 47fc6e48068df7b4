// Reading a whole file, with the OS reason when it fails.
#pragma once
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace subsim {

// The file's bytes, or nullopt with `error` set to the OS reason (e.g. "No such file or
// directory").
inline std::optional<std::string> read_text_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  return ss.str();
}

}  // namespace subsim
