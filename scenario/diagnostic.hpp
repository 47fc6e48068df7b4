// An input problem, printed as FILE:LINE:COL: error: MESSAGE (1-based line and column).
#pragma once
#include <string>
#include <vector>

namespace subsim {

struct Diagnostic {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem has no position (missing file, --set)
  int column = 0;
  std::string message;

  std::string format() const {
    if (line <= 0) return file + ": error: " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": error: " + message;
  }
};

using Diagnostics = std::vector<Diagnostic>;

// The closest of `candidates` to `word` if it is a plausible typo of it, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace subsim
