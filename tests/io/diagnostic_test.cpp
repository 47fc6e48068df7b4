#include "io/diagnostic.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace subsim;

TEST_CASE("one input-error type: a Diagnostic printed FILE:LINE:COL, an InputError carrying one") {
  CHECK(Diagnostic{"a.yaml", 3, 7, "bad"}.format() == "a.yaml:3:7: error: bad");
  CHECK(Diagnostic{"book.csv", 12, 0, "bad"}.format() == "book.csv:12: error: bad");  // no column
  CHECK(Diagnostic{"--set x=1", 0, 5, "bad"}.format() == "--set x=1: error: bad");   // no position
  // The terminal's form escapes what the input put in the name and the message; text() keeps it.
  const Diagnostic hostile{"f\x1b.csv", 2, 1, "'\x07'"};
  CHECK(hostile.format() == "f\\x1b.csv:2:1: error: '\\x07'");
  CHECK(hostile.text() == "f\x1b.csv:2:1: error: '\x07'");

  const InputError e("export.csv", 4, "an end before its start");
  CHECK(std::string(e.what()) == "export.csv:4: error: an end before its start");
  CHECK(e.diagnostic().file == "export.csv");
  CHECK(e.line() == 4);
  CHECK(e.diagnostic().column == 0);
  CHECK(e.message() == "an end before its start");
  const InputError at(Diagnostic{"s.yaml", 1, 2, "x"});
  CHECK(at.diagnostic().format() == "s.yaml:1:2: error: x");
}
