// Small file helpers the tests share.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace test_files {

// A whole file's bytes ("" if it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace test_files
