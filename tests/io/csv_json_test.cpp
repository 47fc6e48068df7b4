#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/csv.hpp"
#include "io/json.hpp"
#include "io/text_file.hpp"

using namespace subsim;
namespace fs = std::filesystem;

TEST_CASE("CSV fields are quoted only when RFC 4180 needs it, and read back as written") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CsvWriter w({"name", "value"});
  w.row({"x'; system 'id'; #", "1"});
  w.row({"a,b", "say \"hi\"\nagain"});
  CsvTable t = CsvTable::parse(w.str(), "t.csv");
  REQUIRE(t.rows() == 2);
  CHECK(t.at(0, "name") == "x'; system 'id'; #");
  CHECK(t.at(1, 0) == "a,b");
  CHECK(t.at(1, "value") == "say \"hi\"\nagain");
  CHECK(t.line_of(1) == 3);
}

TEST_CASE("a damaged CSV is a FILE:LINE error, never a crash") {
  auto error_of = [](const std::string& text) {
    try {
      CsvTable t = CsvTable::parse(text, "d.csv");
      (void)t.number(0, t.column("v"));
      return std::string("no error");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
  };
  CHECK(error_of("k,v\na,1\nb\n") == "d.csv:3: error: 1 fields where the header has 2");
  CHECK(error_of("k,v\na,1,2\n") == "d.csv:2: error: 3 fields where the header has 2");
  CHECK(error_of("k,w\na,1\n") == "d.csv:1: error: no column 'v' in the header");
  CHECK(error_of("k,v\na,x1\n") == "d.csv:2: error: v: 'x1' is not a number");
  CHECK(error_of("k,v\n\"a,1\n") == "d.csv:3: error: a quoted field is not closed");
  CHECK(error_of("") == "d.csv: error: empty file: a header line is required");
  CHECK(error_of("k,v\na,1e999\n") == "d.csv:2: error: v: '1e999' is not a number");
  CsvTable t = CsvTable::parse("k,v\n", "e.csv");
  CHECK_THROWS_AS(t.at(0, 0), InputError);
}

TEST_CASE("JSON: strings escaped on the way out, every field checked on the way in") {
  CHECK(json_escape("a\"b\\c\n") == "a\\\"b\\\\c\\u000a");
  JsonDocument j = parse_json(
      "{\"name\": \"" + json_escape("x\"\n") + "\", \"m\": {\"z\": 1, \"mean\": 7085.300}, \"a\": [2.50]}",
      "s.json");
  JsonView v(j);
  CHECK(v["m"]["mean"].number_text() == "7085.300");
  CHECK(v["a"][0].number_text() == "2.50");
  CHECK(v["m"]["z"].number_text() == "1");
  CHECK(v["m"].keys() == std::vector<std::string>{"z", "mean"});
  CHECK(v["name"].string() == "x\"\n");
  CHECK(v["m"]["mean"].number() == doctest::Approx(7085.3));
  CHECK_THROWS_WITH_AS(v["m"]["sd"].number(), "s.json: error: m.sd: missing", InputError);
  CHECK_THROWS_WITH_AS(v["name"].number(), "s.json: error: name: not a number", InputError);
  CHECK_THROWS_WITH_AS(parse_json("{\n\"a\": 1,\n}", "b.json"), doctest::Contains("b.json:3: error: not valid JSON"), InputError);
}

TEST_CASE("one rule for every text input: UTF-8 or refused with the first bad byte's line and column") {
  CHECK(first_invalid_utf8("plain, café, 東京, 😀") == std::string::npos);
  CHECK(first_invalid_utf8("ab\xff") == 2);
  CHECK(first_invalid_utf8("a\xc3") == 1);              // truncated sequence
  CHECK(first_invalid_utf8("\xc0\x80") == 0);           // overlong NUL
  CHECK(first_invalid_utf8("x\xed\xa0\x80") == 1);      // a UTF-16 surrogate
  CHECK(first_invalid_utf8("\xf4\x90\x80\x80") == 0);   // above U+10FFFF
  CHECK(first_invalid_utf8("\xe2\x82") == 0);           // truncated 3-byte
  const fs::path dir = fs::temp_directory_path() / "subsim-utf8-test";
  fs::create_directories(dir);
  std::ofstream(dir / "latin1.csv", std::ios::binary) << "account,edition\nacct-1,Deluxe\nacct-2,Caf\xe9\n";
  std::string error;
  CHECK_FALSE(read_text_file((dir / "latin1.csv").string(), error).has_value());
  CHECK(error.rfind("not UTF-8 text: byte 0xe9 at line 3, column 11", 0) == 0);
  CHECK_THROWS_WITH(CsvTable::read_file((dir / "latin1.csv").string()),
                    doctest::Contains("not UTF-8 text: byte 0xe9 at line 3"));
  fs::remove_all(dir);
}

TEST_CASE("json_escape writes a byte that is not UTF-8 (a path on the command line) as U+FFFD") {
  CHECK(json_escape("caf\xe9 \"x\"") == "caf\\ufffd \\\"x\\\"");
  CHECK(json_escape("café") == "café");
  CHECK(json_escape(std::string("a\x01", 2)) == "a\\u0001");
}
