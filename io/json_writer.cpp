#include "io/json_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

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

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  // The shortest digits and the exponent, from to_chars' scientific form "d.ddde±XX".
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  const std::size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::stoi(sci.substr(e + 1));
  // nlohmann-json's format_buffer: the decimal point after n digits; plain notation for
  // -4 < n <= 15, else d.ddde±XX.
  const int k = static_cast<int>(digits.size()), n = exponent + 1;
  if (k <= n && n <= 15) return sign + digits + std::string(n - k, '0') + ".0";
  if (0 < n && n <= 15) return sign + digits.substr(0, n) + "." + digits.substr(n);
  if (-4 < n && n <= 0) return sign + "0." + std::string(-n, '0') + digits;
  std::string mantissa = digits.substr(0, 1) + (k > 1 ? "." + digits.substr(1) : "");
  const int x = n - 1;
  std::string ex = std::to_string(x < 0 ? -x : x);
  if (ex.size() < 2) ex = "0" + ex;
  return sign + mantissa + "e" + (x < 0 ? "-" : "+") + ex;
}

void JsonWriter::before_value() {
  if (open_.empty()) return;
  Open& o = open_.back();
  if (keyed_) {
    keyed_ = false;
    return;
  }
  if (o.members++ > 0) text_ += o.layout == Layout::line ? ", " : ",";
  if (o.layout == Layout::block) text_ += "\n" + std::string(2 * open_.size(), ' ');
}

JsonWriter& JsonWriter::open(bool is_object, Layout layout) {
  before_value();
  if (!open_.empty() && open_.back().layout == Layout::line) layout = Layout::line;
  text_ += is_object ? '{' : '[';
  open_.push_back({is_object, layout});
  return *this;
}

JsonWriter& JsonWriter::object(Layout layout) { return open(true, layout); }
JsonWriter& JsonWriter::array(Layout layout) { return open(false, layout); }

JsonWriter& JsonWriter::end() {
  const Open o = open_.back();
  open_.pop_back();
  if (o.layout == Layout::block && o.members > 0)
    text_ += "\n" + std::string(2 * open_.size(), ' ');
  text_ += o.is_object ? '}' : ']';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  text_ += "\"" + json_escape(name) + "\": ";
  keyed_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view s) {
  before_value();
  text_ += "\"" + json_escape(s) + "\"";
  return *this;
}

JsonWriter& JsonWriter::number(double v) { return number_text(json_number(v)); }

JsonWriter& JsonWriter::number_text(std::string_view t) {
  before_value();
  text_ += t;
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t v) { return number_text(std::to_string(v)); }
JsonWriter& JsonWriter::boolean(bool v) { return number_text(v ? "true" : "false"); }
JsonWriter& JsonWriter::null() { return number_text("null"); }

std::string JsonWriter::finish() {
  if (!open_.empty() || keyed_) throw std::logic_error("JsonWriter: a container left open");
  return std::move(text_) + "\n";
}

}  // namespace subsim
