// JSON written as text: the string escape every writer of a JSON file uses. Light on purpose
// (no JSON library): the writers of summary.json, manifest.json and explain include it.
#pragma once
#include <string>
#include <string_view>

namespace subsim {

// A JSON string literal's contents: quotes, backslashes and control characters escaped; a byte
// that is not UTF-8 becomes U+FFFD.
std::string json_escape(std::string_view s);

}  // namespace subsim
