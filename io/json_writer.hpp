// The one way subsim writes JSON (summary.json, manifest.json, explain's JSON, fit.json): a
// JsonWriter builds the text value by value, with no JSON library, so each file keeps the
// decimals its format promises (a number's text may be given as the file prints it: 7085.30, not
// 7085.3). Two layouts: a block puts each member on its own line, indented two spaces per level
// (nlohmann-json's dump(2)); a line keeps the container on one line ({"n": 10, "mean": 1.5});
// inside a line everything is a line. An empty container is {} or [].
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace subsim {

// A JSON string literal's contents: quotes, backslashes and control characters escaped; a byte
// that is not UTF-8 becomes U+FFFD.
std::string json_escape(std::string_view s);

// A double as JSON: the shortest text that reads back as the same double (std::to_chars), in
// nlohmann-json's notation (1.5, 2.0, 0.001, 1e-05, 1.5e+20); null when not finite. Where
// nlohmann's Grisu2 misses the shortest text (some doubles near 1e19) this one is shorter.
std::string json_number(double v);

class JsonWriter {
 public:
  enum class Layout { block, line };

  JsonWriter& object(Layout layout = Layout::block);
  JsonWriter& array(Layout layout = Layout::block);
  JsonWriter& end();  // closes the innermost object or array

  JsonWriter& key(std::string_view name);  // the next value is this member of the open object
  JsonWriter& string(std::string_view s);
  JsonWriter& number(double v);                 // json_number
  JsonWriter& number_text(std::string_view t);  // a number as the caller wrote it
  JsonWriter& integer(std::int64_t v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();

  // The text, ending in a newline; every container must be closed.
  std::string finish();

 private:
  struct Open {
    bool is_object;
    Layout layout;
    int members = 0;
  };
  void before_value();
  JsonWriter& open(bool is_object, Layout layout);
  std::string text_;
  std::vector<Open> open_;
  bool keyed_ = false;  // a key was written: its value follows without a separator
};

}  // namespace subsim
