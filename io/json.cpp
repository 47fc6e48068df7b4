#include "io/json.hpp"

#include <cstdio>

#include "io/text_file.hpp"

namespace subsim {

Json parse_json(std::string_view text, const std::string& file) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    int line = 1;
    for (std::size_t i = 0; i < e.byte && i < text.size(); ++i) line += text[i] == '\n';
    std::string what = e.what();
    auto colon = what.rfind(": ");
    throw InputError(file, line,
                     "not valid JSON (" + (colon == std::string::npos ? what : what.substr(colon + 2)) + ")");
  }
}

Json read_json_file(const std::string& path) {
  std::string error;
  auto text = read_text_file(path, error);
  if (!text) throw InputError(path, 0, error);
  return parse_json(*text, path);
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      continue;
    }
    out += c;
  }
  return out;
}

void JsonView::fail(const std::string& message) const {
  throw InputError(file_, 0, (path_.empty() ? std::string("the file") : path_) + ": " + message);
}

JsonView JsonView::operator[](const std::string& key) const {
  std::string p = path_.empty() ? key : path_ + "." + key;
  if (!j_.is_object()) fail("not an object");
  auto it = j_.find(key);
  if (it == j_.end()) JsonView(j_, file_, p).fail("missing");
  return JsonView(*it, file_, p);
}

JsonView JsonView::operator[](std::size_t i) const {
  if (!j_.is_array()) fail("not an array");
  if (i >= j_.size()) fail("has no element " + std::to_string(i));
  return JsonView(j_[i], file_, path_ + "[" + std::to_string(i) + "]");
}

std::size_t JsonView::size() const {
  if (!j_.is_array() && !j_.is_object()) fail("not an array or object");
  return j_.size();
}

double JsonView::number() const {
  if (!j_.is_number()) fail("not a number");
  return j_.get<double>();
}

std::string JsonView::string() const {
  if (!j_.is_string()) fail("not a string");
  return j_.get<std::string>();
}

}  // namespace subsim
