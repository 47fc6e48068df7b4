// The zstd side of the checked reader (a trace written with --trace-compress zstd, read back by
// fit or any reader): any bytes give the text or an error, never a crash, and never more than
// the limit of text however the frames claim to expand.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "io/csv.hpp"
#include "io/diagnostic.hpp"
#include "io/text_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace subsim;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::string error;
  constexpr std::size_t kLimit = std::size_t{1} << 20;
  auto text = zstd_decompress(bytes, error, kLimit);
  if (!text) {
    if (error.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  if (text->size() > kLimit) std::abort();
  try {
    CsvTable::parse(*text, "fuzz.csv.zst");
  } catch (const InputError&) {
  }
  return 0;
}
