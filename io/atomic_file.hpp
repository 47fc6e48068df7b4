// Outputs are written to a temporary name and renamed, so a killed run never leaves half a file.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace subsim {

// Writes `content` to `path` atomically (temporary file in the same directory, then rename).
// Throws std::runtime_error with the OS reason on failure.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

// Writes all of `data` to `fd` (retrying short writes and EINTR). Throws std::runtime_error
// naming `path` with the OS reason.
void write_all(int fd, std::string_view data, const std::filesystem::path& path);
// The same, then fdatasync.
void write_all_synced(int fd, const std::string& data, const std::filesystem::path& path);

}  // namespace subsim
