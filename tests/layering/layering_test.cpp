// The layers of docs/architecture.md, checked on the sources: a file may include only its own
// layer and the layers below it, so the engine never grows a dependency on statistics, files or
// the command line.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// The production layers, each a folder of the source tree.
const std::vector<std::string> kLayers = {"io",       "model",      "stats",  "scenario",
                                          "fitting",  "sim",        "analysis", "experiment",
                                          "report",   "cli",        "python"};

// The production sources (.cpp, .hpp) of every layer, in a stable order.
std::vector<fs::path> production_sources() {
  std::vector<fs::path> files;
  for (const std::string& layer : kLayers)
    for (const auto& entry : fs::directory_iterator(fs::path(SUBSIM_SOURCE_DIR) / layer)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".cpp" || ext == ".hpp") files.push_back(entry.path());
    }
  std::sort(files.begin(), files.end());
  return files;
}

// A file's whole text.
std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether the quote at `i` separates digits (1'000'000) rather than opening a character.
bool digit_separator(const std::string& s, std::size_t i) {
  return i > 0 && i + 1 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i - 1])) &&
         std::isxdigit(static_cast<unsigned char>(s[i + 1]));
}

// The source with comments, preprocessor lines, string and character literals (raw strings too)
// replaced by spaces; newlines are kept, so a position's line is still its line in the file.
std::string blank_non_code(const std::string& s) {
  std::string out = s;
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < out.size(); ++k)
      if (out[k] != '\n') out[k] = ' ';
  };
  bool line_start = true;  // only whitespace so far on this line
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    std::size_t end = i + 1;
    if (c == '#' && line_start) {  // a directive, with its continuation lines
      while (end < s.size() && !(s[end] == '\n' && s[end - 1] != '\\')) ++end;
    } else if (c == '/' && next == '/') {
      end = s.find('\n', i);
      if (end == std::string::npos) end = s.size();
    } else if (c == '/' && next == '*') {
      end = s.find("*/", i + 2);
      end = end == std::string::npos ? s.size() : end + 2;
    } else if (c == 'R' && next == '"' && (i == 0 || !is_word_char(s[i - 1]) ||
                                          s[i - 1] == 'L' || s[i - 1] == 'u' ||
                                          s[i - 1] == 'U' || s[i - 1] == '8')) {
      const std::size_t open = s.find('(', i + 2);
      std::string close = ")";  // )delimiter"
      close += s.substr(i + 2, open - i - 2);
      close += '"';
      end = s.find(close, open);
      end = end == std::string::npos ? s.size() : end + close.size();
    } else if (c == '"' || (c == '\'' && !digit_separator(s, i))) {
      while (end < s.size() && s[end] != c && s[end] != '\n') end += s[end] == '\\' ? 2 : 1;
      ++end;
    } else {
      if (c == '\n') line_start = true;
      else if (!std::isspace(static_cast<unsigned char>(c))) line_start = false;
      ++i;
      continue;
    }
    blank(i, end);
    line_start = false;
    i = end;
  }
  return out;
}

// A function defined in a source: its name, the line of its name and of its closing brace.
struct FunctionSpan {
  std::string name;
  int first_line = 0;
  int last_line = 0;
  int length() const { return last_line - first_line + 1; }
};

// The position just past the brace that closes the one at `open` (the end if none does).
std::size_t past_matching_brace(const std::string& code, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < code.size(); ++i) {
    if (code[i] == '{') ++depth;
    if (code[i] == '}' && --depth == 0) return i + 1;
  }
  return code.size();
}

// Whether `words` holds `word`.
bool contains(const std::vector<std::string>& words, const char* word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Where a declaration's parameter list opens: its first '(' outside template arguments (an
// operator's own '<' or '>' is no bracket); npos if it has none, as a variable's.
std::size_t parameters_at(const std::string& decl) {
  int angle = 0;
  for (std::size_t i = 0; i < decl.size(); ++i) {
    const char c = decl[i];
    if (c == '(' && angle == 0) return i;
    if (c != '<' && c != '>') continue;
    std::size_t k = decl.find_last_not_of(" \t\n<>=", i - 1);
    if (k != std::string::npos && k >= 7 && decl.compare(k - 7, 8, "operator") == 0) continue;
    if (c == '<') ++angle;
    if (c == '>' && angle > 0) --angle;
  }
  return std::string::npos;
}

// The words of a declaration outside template arguments, up to its first parenthesis:
// "template <class T> struct alignas(8) X" → {"template", "struct", "alignas"}.
std::vector<std::string> head_words(const std::string& decl) {
  std::vector<std::string> words;
  int angle = 0;
  std::string word;
  for (char c : decl + " ") {
    if (is_word_char(c)) {
      word += c;
      continue;
    }
    if (!word.empty() && angle == 0) words.push_back(word);
    word.clear();
    if (c == '(') break;
    if (c == '<') ++angle;
    if (c == '>' && angle > 0) --angle;
  }
  return words;
}

// Whether a declaration assigns (an initializer "= {"): an '=' outside parentheses that is not
// part of an operator ("==", "<=", "operator=", …).
bool has_initializer(const std::string& decl) {
  int paren = 0;
  for (std::size_t i = 0; i < decl.size(); ++i) {
    const char c = decl[i];
    if (c == '(') ++paren;
    if (c == ')') --paren;
    if (c != '=' || paren != 0) continue;
    const char before = i > 0 ? decl[i - 1] : ' ';
    const char after = i + 1 < decl.size() ? decl[i + 1] : ' ';
    if (std::string("=<>!+-*/%&|^").find(before) != std::string::npos || after == '=') continue;
    std::size_t k = decl.find_last_not_of(" \t\n", i - 1);
    if (k != std::string::npos && k >= 7 && decl.compare(k - 7, 8, "operator") == 0) continue;
    return true;
  }
  return false;
}

// The name of a function from its declaration: the qualified identifier before its parameter
// list, and where it stands in the declaration.
std::pair<std::string, std::size_t> function_name(const std::string& decl) {
  const std::size_t paren = parameters_at(decl);
  std::size_t end = decl.find_last_not_of(" \t\n", paren - 1);
  std::size_t begin = end + 1;
  while (begin > 0 && (is_word_char(decl[begin - 1]) || decl[begin - 1] == ':' ||
                       decl[begin - 1] == '~'))
    --begin;
  if (begin > end) {  // an operator: named by its symbols
    while (begin > 0 &&
           std::string("=<>!+-*/%&|^[]~,").find(decl[begin - 1]) != std::string::npos)
      --begin;
    return {decl.substr(begin, end + 1 - begin), begin};
  }
  const std::size_t word_end = decl.find_last_not_of(" \t\n", begin - 1);
  if (word_end != std::string::npos && word_end >= 7 &&
      decl.compare(word_end - 7, 8, "operator") == 0)
    return {"operator " + decl.substr(begin, end + 1 - begin), word_end - 7};  // "operator bool"
  return {decl.substr(begin, end + 1 - begin), begin};
}

// Every function body in a source, found at namespace and class scope: a '{' whose declaration
// (the text since the last ';', '{' or '}' at that depth) has a '(' and is neither a namespace,
// class, struct, union or enum head nor an initializer. Lambdas inside a function count in it.
std::vector<FunctionSpan> function_spans(const std::string& source) {
  const std::string code = blank_non_code(source);
  std::vector<FunctionSpan> spans;
  auto line_of = [&](std::size_t pos) {
    return 1 + static_cast<int>(std::count(code.begin(), code.begin() + pos, '\n'));
  };
  std::size_t decl_start = 0;
  int paren = 0;
  bool init_list = false;  // after a constructor's ") :", member initializers may use braces
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '(') ++paren;
    if (c == ')') --paren;
    if (paren > 0) continue;  // a default argument's braces belong to the declaration
    if (c == ';' || c == '}') {
      decl_start = i + 1;
      init_list = false;
      continue;
    }
    if (c == ':' && (i + 1 == code.size() || code[i + 1] != ':') &&
        (i == 0 || code[i - 1] != ':')) {
      const std::string decl = code.substr(decl_start, i - decl_start);
      const std::vector<std::string> words = head_words(decl);
      if (parameters_at(decl) != std::string::npos && !contains(words, "struct") &&
          !contains(words, "class") && !contains(words, "union"))
        init_list = true;  // "X::X(int a) :"
      else if (words.size() == 1 && (words[0] == "public" || words[0] == "private" ||
                                     words[0] == "protected"))
        decl_start = i + 1;  // an access label is no part of the next declaration
      continue;
    }
    if (c != '{') continue;
    const std::string decl = code.substr(decl_start, i - decl_start);
    const std::size_t before = code.find_last_not_of(" \t\n", i - 1);
    if (init_list && (is_word_char(code[before]) || code[before] == '>')) {
      i = past_matching_brace(code, i) - 1;  // a member's brace initializer: still the head
      continue;
    }
    const std::vector<std::string> words = head_words(decl);
    const bool scope = contains(words, "namespace") || contains(words, "struct") ||
                       contains(words, "class") || contains(words, "union") ||
                       contains(words, "extern");
    if (scope && !contains(words, "enum")) {  // its declarations are scanned like the file's
      decl_start = i + 1;
      continue;
    }
    const std::size_t close = past_matching_brace(code, i);
    if (parameters_at(decl) != std::string::npos && !contains(words, "enum") &&
        !has_initializer(decl)) {
      const auto [name, at] = function_name(decl);
      spans.push_back({name, line_of(decl_start + at), line_of(close - 1)});
    }
    i = close - 1;  // the '}' ends this declaration
    decl_start = close;
    init_list = false;
  }
  return spans;
}

}  // namespace

TEST_CASE("every include goes down the layers: io, model < stats < scenario < fitting, sim < analysis < experiment, report < cli, python") {
  const std::map<std::string, std::set<std::string>> allowed = {
      {"io", {"io"}},
      {"model", {"model"}},
      {"stats", {"stats", "model"}},
      {"scenario", {"scenario", "model", "io"}},
      {"fitting", {"fitting", "stats", "scenario", "model", "io"}},
      {"sim", {"sim", "scenario", "model", "io"}},
      {"analysis", {"analysis", "sim", "fitting", "stats", "scenario", "model", "io"}},
      {"experiment", {"experiment", "analysis", "sim", "fitting", "stats", "scenario", "model", "io"}},
      {"report", {"report", "model", "io"}},
      {"cli", {"cli", "experiment", "report", "analysis", "sim", "fitting", "stats", "scenario",
               "model", "io"}},
      // The Python module binds the libraries, beside the commands, never through them.
      {"python", {"python", "experiment", "report", "analysis", "sim", "fitting", "stats",
                  "scenario", "model", "io"}},
  };
  // The folder of a project include: `#include "sim/clock.hpp"` → "sim"; "" for anything else.
  auto included_layer = [](const std::string& line) -> std::string {
    std::size_t i = line.find_first_not_of(" \t");
    if (i == std::string::npos || line.compare(i, 8, "#include") != 0) return "";
    std::size_t q = line.find('"', i);
    std::size_t slash = q == std::string::npos ? q : line.find('/', q);
    if (slash == std::string::npos) return "";
    return line.substr(q + 1, slash - q - 1);
  };
  int files = 0;
  for (const auto& [layer, ok] : allowed) {
    fs::path dir = fs::path(SUBSIM_SOURCE_DIR) / layer;
    REQUIRE(fs::is_directory(dir));
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp" && ext != ".in") continue;
      ++files;
      std::ifstream in(entry.path());
      int line_no = 0;
      for (std::string line; std::getline(in, line);) {
        ++line_no;
        std::string included = included_layer(line);
        if (included.empty()) continue;
        INFO(entry.path().string() << ":" << line_no << ": " << line);
        CHECK(ok.count(included) == 1);
      }
    }
  }
  CHECK(files > 50);
}

TEST_CASE("the function scanner finds each function body, its name, first and last line") {
  const std::string source = R"src(#include "x.hpp"
namespace a {
namespace {
// void commented(int x) { }
const char* kText = R"(void raw() { )";
const std::map<int, int> kTable = {{1, 2}};
enum class Kind { one, two };
int short_one(int x) { return x > 0 ? x : '}'; }
const std::array<int, 2> kSizes = {sizeof(int), 1'000};
std::function<void(int)> kHook{[](int) { }};
}  // namespace

struct Box : Base {
  explicit Box(int v) : v_{v}, w_(v) {
    if (v) { v_ = 2; }
  }
 public:
  int get() const {
    return v_;
  }
  explicit operator bool() const { return v_ != 0; }
  int v_ = 0, w_{1};
};

template <typename F>
std::vector<int>
long_one(F f, Options o = {}) {
  auto g = [&](int x) {
    return "}" + f(x);
  };
  return g(1);
}
bool operator==(const Box& x, const Box& y) { return x.v_ == y.v_; }
bool operator<(const Box& x, const Box& y) { return x.v_ < y.v_; }
}  // namespace a
)src";
  const std::vector<FunctionSpan> spans = function_spans(source);
  REQUIRE(spans.size() == 7);
  CHECK(spans[0].name == "short_one");
  CHECK(spans[0].first_line == 8);
  CHECK(spans[0].length() == 1);
  CHECK(spans[1].name == "Box");
  CHECK(spans[1].first_line == 14);
  CHECK(spans[1].length() == 3);
  CHECK(spans[2].name == "get");
  CHECK(spans[2].first_line == 18);
  CHECK(spans[2].length() == 3);
  CHECK(spans[3].name == "operator bool");
  CHECK(spans[3].first_line == 21);
  CHECK(spans[4].name == "long_one");  // from its name's line, its lambda inside
  CHECK(spans[4].first_line == 27);
  CHECK(spans[4].last_line == 32);
  CHECK(spans[5].name == "==");
  CHECK(spans[6].name == "<");
  CHECK(spans[6].first_line == 34);

  // A function of 81 lines is caught; one of 80 is not.
  auto function_of = [](int lines) {
    std::string text = "namespace b {\nint f(int x) {\n";
    for (int k = 0; k < lines - 3; ++k) text += "  x += 1;\n";
    return text + "  return x;\n}\n}\n";
  };
  REQUIRE(function_spans(function_of(81)).size() == 1);
  CHECK(function_spans(function_of(81))[0].length() == 81);
  CHECK(function_spans(function_of(80))[0].length() == 80);
}

// Long functions hide their steps (issue: no production function over 80 lines); measured from
// the line of the function's name to its closing brace, lambdas inside it included.
TEST_CASE("no production function is longer than 80 lines") {
  int functions = 0;
  for (const fs::path& file : production_sources())
    for (const FunctionSpan& f : function_spans(read_text(file))) {
      ++functions;
      INFO(file.string() << ":" << f.first_line << ": " << f.name << " is " << f.length()
                         << " lines");
      CHECK(f.length() <= 80);
    }
  CHECK(functions > 500);  // the scan saw the production functions
}

TEST_CASE("no source file is longer than 500 lines and no engine template is hidden in a .tpp") {
  for (const std::string& layer : kLayers)
    for (const auto& entry : fs::directory_iterator(fs::path(SUBSIM_SOURCE_DIR) / layer)) {
      CHECK(entry.path().extension() != ".tpp");
      std::ifstream in(entry.path());
      int lines = 0;
      for (std::string line; std::getline(in, line);) ++lines;
      INFO(entry.path().string() << " has " << lines << " lines");
      CHECK(lines <= 500);
    }
}

// Rules are pure functions of model/ (docs/architecture.md): the engine applies their decisions.
// A refusal in sim/ passes on a model Decision; it never makes one or names the refusing rule.
TEST_CASE("the engine decides no refusal: sim/ makes no Decision and names no refusing rule") {
  int rejections = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(SUBSIM_SOURCE_DIR) / "sim")) {
    std::ifstream in(entry.path());
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      INFO(entry.path().string() << ":" << line_no << ": " << line);
      CHECK(line.find("Decision::reject") == std::string::npos);
      CHECK(line.find("Decision::accept") == std::string::npos);
      CHECK(line.find("rule_for_not_in_term") == std::string::npos);
      if (line.find("reject(") != std::string::npos) {
        ++rejections;
        CHECK(line.find("RuleId::") == std::string::npos);
      }
    }
  }
  CHECK(rejections > 10);  // the scan saw the engine's refusals
}

// One concept per folder (issue 28): no layer grows into the place everything goes. Measured on
// the production sources (.cpp, .hpp): no folder holds more than a quarter of the lines.
TEST_CASE("no folder holds more than 25 % of the production lines") {
  std::map<std::string, long> lines;
  long total = 0;
  for (const fs::path& file : production_sources()) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      ++lines[file.parent_path().filename().string()];
      ++total;
    }
  }
  REQUIRE(total > 10000);
  for (const auto& entry : lines) {  // not structured bindings: INFO captures them
    INFO(entry.first << ": " << entry.second << " of " << total << " lines");
    CHECK(entry.second * 4 <= total);
  }
}

// A library's header in one place (issue 28): yaml-cpp behind scenario/yaml_reader.hpp,
// nlohmann-json behind io/json.hpp; Eigen, the heaviest, in no header at all, so that a change
// recompiles the few files that use it and no widely included header drags it in.
TEST_CASE("each third-party library is included from one header, Eigen from no header") {
  const std::map<std::string, std::string> kOnlyFrom = {{"<yaml-cpp/", "scenario/yaml_reader.hpp"},
                                                        {"<nlohmann/", "io/json.hpp"}};
  int includes = 0;
  for (const fs::path& file : production_sources()) {
    const std::string rel = file.parent_path().filename().string() + "/" + file.filename().string();
    std::istringstream in(read_text(file));
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("#include <", 0) != 0) continue;
      ++includes;
      INFO(rel << ": " << line);
      for (const auto& only : kOnlyFrom)
        if (line.find(only.first) != std::string::npos) CHECK(rel == only.second);
      if (line.find("<Eigen/") != std::string::npos) CHECK(file.extension() == ".cpp");
    }
  }
  CHECK(includes > 100);  // the scan read the includes
}

// One output-folder path (issue 28): every file of an output folder is written through
// io/output_folder (OutputFolder, GrowingFolder, LockedFolder), which checks and locks the folder
// first; nothing outside io/ writes one itself.
TEST_CASE("no code outside io/ writes a file of an output folder itself") {
  int scanned = 0;
  for (const fs::path& file : production_sources()) {
    if (file.parent_path().filename() == "io") continue;
    ++scanned;
    const std::string code = blank_non_code(read_text(file));
    INFO(file.string());
    CHECK(code.find("write_file_atomically") == std::string::npos);
  }
  CHECK(scanned > 100);
}
