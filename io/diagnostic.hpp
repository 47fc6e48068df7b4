// A problem in an input, printed as FILE:LINE:COL: error: MESSAGE (1-based line and column; the
// column omitted when it is not known, the line when the problem is the whole file or a
// command-line value). Readers that collect problems keep a list of them (Diagnostics);
// readers that stop at the first one throw it inside an InputError. Commands print them and exit 2.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace subsim {

// `text` with control characters (C0, DEL) written as \n, \t or \xNN and backslashes doubled.
std::string printable(const std::string& text);
// The same for a text of several lines: each line escaped, its line breaks kept.
std::string printable_text(const std::string& text);

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem has no position (missing file, --set)
  int column = 0;  // 1-based; 0 when not known
  std::string message;

  // For the terminal: control characters of the file name and the message (which quote the
  // input) are escaped, so a hostile input cannot drive the user's terminal.
  std::string format() const { return compose(printable(file), line, column, printable(message)); }
  // As given (exception texts, tests).
  std::string text() const { return compose(file, line, column, message); }
  static std::string compose(const std::string& file, int line, int column,
                             const std::string& message);
};

using Diagnostics = std::vector<Diagnostic>;

// The first problem of a reader that stops there: what() is its text, diagnostic() the problem.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string message, int column = 0)
      : InputError(Diagnostic{std::move(file), line, column, std::move(message)}) {}
  explicit InputError(Diagnostic d) : std::runtime_error(d.text()), d_(std::move(d)) {}
  const Diagnostic& diagnostic() const { return d_; }
  const std::string& file() const { return d_.file; }
  int line() const { return d_.line; }
  const std::string& message() const { return d_.message; }

 private:
  Diagnostic d_;
};

}  // namespace subsim
