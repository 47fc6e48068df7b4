#include "io/json.hpp"


#include "io/text_file.hpp"

namespace subsim {

namespace {

std::string pointer_escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Builds the tree like nlohmann's own DOM parser, and remembers each number's text.
class Builder : public nlohmann::json_sax<Json> {
 public:
  explicit Builder(JsonDocument& doc) : doc_(doc) {}

  bool null() override { return put(nullptr); }
  bool boolean(bool v) override { return put(v); }
  bool number_integer(number_integer_t v) override {
    doc_.number_text[pointer()] = std::to_string(v);
    return put(v);
  }
  bool number_unsigned(number_unsigned_t v) override {
    doc_.number_text[pointer()] = std::to_string(v);
    return put(v);
  }
  bool number_float(number_float_t v, const string_t& s) override {
    doc_.number_text[pointer()] = s;
    return put(v);
  }
  bool string(string_t& v) override { return put(v); }
  bool binary(binary_t& v) override { return put(Json::binary(v)); }
  bool start_object(std::size_t) override { return open(Json::object()); }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t byte, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error_byte = byte;
    error = e.what();
    return false;
  }

  std::size_t error_byte = 0;
  std::string error;

 private:
  struct Frame {
    Json value;
    std::string key;
    std::string pointer;
  };
  std::string pointer() const {
    if (frames_.empty()) return "";
    const Frame& f = frames_.back();
    return f.pointer + "/" +
           (f.value.is_array() ? std::to_string(f.value.size()) : pointer_escape(f.key));
  }
  bool put(Json v) {
    if (frames_.empty()) {
      doc_.root = std::move(v);
    } else if (frames_.back().value.is_array()) {
      frames_.back().value.push_back(std::move(v));
    } else {
      frames_.back().value[frames_.back().key] = std::move(v);
    }
    return true;
  }
  bool open(Json empty) {
    std::string p = pointer();
    frames_.push_back({std::move(empty), "", p});
    return true;
  }
  bool close() {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    return put(std::move(f.value));
  }
  JsonDocument& doc_;
  std::vector<Frame> frames_;
};

}  // namespace

JsonDocument parse_json(std::string_view text, const std::string& file) {
  JsonDocument doc;
  doc.file = file;
  Builder b(doc);
  if (!Json::sax_parse(text.begin(), text.end(), &b)) {
    int line = 1;
    for (std::size_t i = 0; i + 1 < b.error_byte && i < text.size(); ++i) line += text[i] == '\n';
    auto colon = b.error.rfind(": ");
    throw InputError(file, line,
                     "not valid JSON (" +
                         (colon == std::string::npos ? b.error : b.error.substr(colon + 2)) + ")");
  }
  return doc;
}

JsonDocument read_json_file(const std::string& path) {
  std::string error;
  auto text = read_text_file(path, error);
  if (!text) throw InputError(path, 0, error);
  return parse_json(*text, path);
}

void JsonView::fail(const std::string& message) const {
  throw InputError(doc_.file, 0, (path_.empty() ? std::string("the file") : path_) + ": " + message);
}

JsonView JsonView::operator[](const std::string& key) const {
  std::string p = path_.empty() ? key : path_ + "." + key;
  if (!j_.is_object()) fail("not an object");
  auto it = j_.find(key);
  if (it == j_.end()) JsonView(j_, doc_, p, "").fail("missing");
  return JsonView(*it, doc_, p, pointer_ + "/" + pointer_escape(key));
}

JsonView JsonView::operator[](std::size_t i) const {
  if (!j_.is_array()) fail("not an array");
  if (i >= j_.size()) fail("has no element " + std::to_string(i));
  return JsonView(j_[i], doc_, path_ + "[" + std::to_string(i) + "]",
                  pointer_ + "/" + std::to_string(i));
}

std::size_t JsonView::size() const {
  if (!j_.is_array() && !j_.is_object()) fail("not an array or object");
  return j_.size();
}

double JsonView::number() const {
  if (!j_.is_number()) fail("not a number");
  return j_.get<double>();
}

bool JsonView::boolean() const {
  if (!j_.is_boolean()) fail("not true or false");
  return j_.get<bool>();
}

std::string JsonView::number_text() const {
  if (!j_.is_number()) fail("not a number");
  auto it = doc_.number_text.find(pointer_);
  return it == doc_.number_text.end() ? j_.dump() : it->second;
}

std::string JsonView::string() const {
  if (!j_.is_string()) fail("not a string");
  return j_.get<std::string>();
}

std::vector<std::string> JsonView::keys() const {
  if (!j_.is_object()) fail("not an object");
  std::vector<std::string> k;
  for (auto it = j_.begin(); it != j_.end(); ++it) k.push_back(it.key());
  return k;
}

}  // namespace subsim
