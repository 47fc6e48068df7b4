// SHA-256 (FIPS 180-4) of bytes and files: golden tests and, later, provenance manifests.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace subsim {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex();  // finishes the hash; the object is spent afterwards

 private:
  void block(const unsigned char* p);
  std::uint32_t h_[8];
  unsigned char buf_[64];
  std::size_t used_ = 0;
  std::uint64_t bytes_ = 0;
};

std::string sha256_hex(std::string_view bytes);
// nullopt if the file cannot be read.
std::optional<std::string> sha256_file(const std::string& path);

}  // namespace subsim
