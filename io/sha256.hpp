// SHA-256 (FIPS 180-4) of bytes and files: golden tests and provenance manifests. OpenSSL's
// implementation (SHA-NI where the CPU has it: ~1.7 GB/s here), so hashing a multi-GB trace
// while it is written costs little.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace subsim {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();  // finishes the hash; the object is spent afterwards

 private:
  void* ctx_;  // EVP_MD_CTX
};

std::string sha256_hex(std::string_view bytes);
// nullopt if the file cannot be read.
std::optional<std::string> sha256_file(const std::string& path);

}  // namespace subsim
