// An input problem, printed as FILE:LINE:COL: error: MESSAGE (1-based line and column).
#pragma once
#include <string>
#include <vector>

namespace subsim {

// `text` with control characters (C0, DEL) written as \n, \t or \xNN and backslashes doubled.
std::string printable(const std::string& text);
// The same for a text of several lines: each line escaped, its line breaks kept.
std::string printable_text(const std::string& text);

struct Diagnostic {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem has no position (missing file, --set)
  int column = 0;
  std::string message;

  // Control characters of the file name and the message (which quote the input) are escaped,
  // so a hostile scenario cannot drive the user's terminal.
  std::string format() const {
    if (line <= 0) return printable(file) + ": error: " + printable(message);
    return printable(file) + ":" + std::to_string(line) + ":" + std::to_string(column) +
           ": error: " + printable(message);
  }
};

using Diagnostics = std::vector<Diagnostic>;

// The closest of `candidates` to `word` if it is a plausible typo of it, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace subsim
