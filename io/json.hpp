// JSON read with nlohmann-json (objects keep their order), every access checked (InputError
// FILE:LINE: error: … for a syntax error, FILE: error: … for a missing or mistyped field), and
// each number's text kept as the file wrote it. subsim's JSON files are written by their own
// functions with json_escape() for strings, so their numbers keep the decimals the file formats
// promise (a library would print 7085.300 as 7085.3); the tests read every written file back.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "io/diagnostic.hpp"
#include "io/json_writer.hpp"

namespace subsim {

using Json = nlohmann::ordered_json;

// A parsed file: the tree, and the text of every number by its JSON pointer ("/metrics/mrr/mean").
struct JsonDocument {
  std::string file;
  Json root;
  std::map<std::string, std::string> number_text;
};

JsonDocument parse_json(std::string_view text, const std::string& file);
JsonDocument read_json_file(const std::string& path);

// Checked access to a parsed file's fields.
class JsonView {
 public:
  explicit JsonView(const JsonDocument& doc) : JsonView(doc.root, doc, "", "") {}
  const Json& json() const { return j_; }
  bool has(const std::string& key) const { return j_.is_object() && j_.contains(key); }
  JsonView operator[](const std::string& key) const;
  JsonView operator[](std::size_t i) const;
  std::size_t size() const;  // of an array or object
  bool is_null() const { return j_.is_null(); }
  double number() const;
  bool boolean() const;
  // A number exactly as the file wrote it.
  std::string number_text() const;
  std::string string() const;
  // The keys of an object, in the file's order.
  std::vector<std::string> keys() const;
  [[noreturn]] void fail(const std::string& message) const;

 private:
  JsonView(const Json& j, const JsonDocument& doc, std::string path, std::string pointer)
      : j_(j), doc_(doc), path_(std::move(path)), pointer_(std::move(pointer)) {}
  const Json& j_;
  const JsonDocument& doc_;
  std::string path_;     // for messages: metrics.mrr.mean
  std::string pointer_;  // JSON pointer: /metrics/mrr/mean
};

}  // namespace subsim
