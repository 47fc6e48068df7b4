// JSON read with nlohmann-json, every access checked (InputError FILE:LINE: error: … for a
// syntax error, FILE: error: … for a missing or mistyped field). subsim's JSON files are written
// by their own functions with json_escape() for strings, so their numbers keep the decimals the
// file formats promise (a library would print 7085.300 as 7085.3); every written file is read
// back through read_json in the tests.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "io/input_error.hpp"

namespace subsim {

using Json = nlohmann::json;

Json parse_json(std::string_view text, const std::string& file);
Json read_json_file(const std::string& path);

// A JSON string literal's contents: quotes, backslashes and control characters escaped.
std::string json_escape(std::string_view s);

// Checked access to a parsed file's fields.
class JsonView {
 public:
  JsonView(const Json& j, std::string file, std::string path = "")
      : j_(j), file_(std::move(file)), path_(std::move(path)) {}
  const Json& json() const { return j_; }
  bool has(const std::string& key) const { return j_.is_object() && j_.contains(key); }
  JsonView operator[](const std::string& key) const;
  JsonView operator[](std::size_t i) const;
  std::size_t size() const;  // of an array or object
  double number() const;
  std::string string() const;
  // A scalar as text: a string as it is, a number as the file wrote it is not kept by the
  // parser, so numbers come back through number().
  [[noreturn]] void fail(const std::string& message) const;

 private:
  const Json& j_;
  std::string file_, path_;
};

}  // namespace subsim
