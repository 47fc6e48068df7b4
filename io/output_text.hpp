// One file of a command's output, made in memory: its name in the folder and its text. The
// commands write such files into their folder; the Python module returns them.
#pragma once
#include <string>

namespace subsim {

struct OutputText {
  std::string name;
  std::string text;
};

}  // namespace subsim
