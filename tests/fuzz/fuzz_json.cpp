// The checked JSON reader (summary.json) on any bytes, walking every node the way the report's
// accessors do.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/diagnostic.hpp"
#include "io/json.hpp"

namespace {
void walk(const subsim::JsonView& v, int depth) {
  using subsim::InputError;
  if (depth > 64) return;
  try {
    (void)v.number();
    (void)v.number_text();
  } catch (const InputError&) {
  }
  try {
    (void)v.string();
  } catch (const InputError&) {
  }
  try {
    for (const std::string& k : v.keys()) walk(v[k], depth + 1);
  } catch (const InputError&) {
  }
  try {
    for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], depth + 1);
  } catch (const InputError&) {
  }
  try {
    walk(v["metrics"]["mrr_end"]["ci95"][1], depth + 1);
  } catch (const InputError&) {
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    subsim::JsonDocument doc = subsim::parse_json(text, "fuzz.json");
    walk(subsim::JsonView(doc), 0);
  } catch (const subsim::InputError& e) {
    (void)e.what();
  }
  return 0;
}
