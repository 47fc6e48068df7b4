// Runs the built subsim binary with arguments (a test's command line, never user input) and
// collects its exit status and output, for the tests of the command line.
#pragma once
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace cli_test {

struct Outcome {
  int status = -1;
  std::string output;  // stdout and stderr
};

// A shell runs `command` (the test's own text, never user input), stderr merged into stdout.
inline Outcome run_shell(const std::string& command) {
  std::string cmd = command + " 2>&1";
  Outcome o;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) o.output.append(buf, n);
  int st = ::pclose(p);
  o.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return o;
}

inline Outcome subsim(const std::string& args) {
  return run_shell(std::string(SUBSIM_BINARY) + " " + args);
}

}  // namespace cli_test
