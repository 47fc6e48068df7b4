#include "io/json_text.hpp"

#include <cstdio>

#include "io/text_file.hpp"

namespace subsim {

std::string json_escape(std::string_view s) {
  std::string out;
  for (;;) {
    // Inputs are UTF-8 (read_text_file); a byte that is not (a path or argument given on the
    // command line) is written as U+FFFD, so the JSON stays valid.
    const std::size_t bad = first_invalid_utf8(s);
    for (char c : s.substr(0, bad)) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
        continue;
      }
      out += c;
    }
    if (bad == std::string_view::npos) return out;
    out += "\\ufffd";
    s.remove_prefix(bad + 1);
  }
}

}  // namespace subsim
