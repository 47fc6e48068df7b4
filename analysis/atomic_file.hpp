// Outputs are written to a temporary name and renamed, so a killed run never leaves half a file.
#pragma once
#include <filesystem>
#include <string>

namespace subsim {

// Writes `content` to `path` atomically (temporary file in the same directory, then rename).
// Throws std::runtime_error with the OS reason on failure.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace subsim
