// A problem in a file subsim reads: printed as FILE:LINE: error: MESSAGE (LINE omitted when the
// problem is the whole file). Readers throw it; commands print it and exit 2.
#pragma once
#include <stdexcept>
#include <string>

namespace subsim {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string message)
      : std::runtime_error(format(file, line, message)),
        file_(std::move(file)),
        line_(line),
        message_(std::move(message)) {}
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& message() const { return message_; }

  static std::string format(const std::string& file, int line, const std::string& message) {
    return file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": error: " + message;
  }

 private:
  std::string file_;
  int line_;
  std::string message_;
};

}  // namespace subsim
