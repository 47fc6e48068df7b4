#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/csv.hpp"
#include "io/json.hpp"
#include "io/json_writer.hpp"
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

// JsonWriter is the one way subsim writes JSON; nlohmann-json (which reads it) is the oracle of
// its block layout and, where its Grisu2 finds the shortest text, of its numbers.
TEST_CASE("JsonWriter: numbers and the block layout as nlohmann-json writes them, lines on one line") {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  int compared = 0, same = 0;
  auto next = [&] {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return x;
  };
  for (int i = 0; i < 20000; ++i) {
    double v;
    const std::uint64_t bits = next();
    std::memcpy(&v, &bits, sizeof v);
    if (i % 4 == 1) v = static_cast<double>(bits % 100000) / 1000;      // money-like
    if (i % 4 == 2) v = static_cast<double>(bits % 1000) * 1e-7;        // small rates
    if (i % 4 == 3) v = static_cast<double>(bits % 100000000) * 1e12;   // large
    if (!std::isfinite(v)) continue;
    const std::string ours = json_number(v), theirs = Json(v).dump();
    INFO(v << ": " << ours << " against nlohmann's " << theirs);
    CHECK(std::strtod(ours.c_str(), nullptr) == v);  // reads back exactly
    CHECK(ours.size() <= theirs.size());             // and is the shortest text that does
    // nlohmann's Grisu2 is not always shortest (doubles near 1e19 here); money-like values and
    // small rates, what subsim writes, come out alike.
    if (i % 4 == 1 || i % 4 == 2) CHECK(ours == theirs);
    same += ours == theirs;
    ++compared;
  }
  CHECK(compared > 19000);
  CHECK(same > compared * 9 / 10);
  for (double v : {0.0, -0.0, 1.0, 2.5, 0.001, 1e-05, 0.0001, 1e15, 123456789012345.0, 1.5e20,
                   -3.25e-9, 0.1, 1.0 / 3})
    CHECK(json_number(v) == Json(v).dump());
  CHECK(json_number(NAN) == "null");
  CHECK(json_number(INFINITY) == "null");

  JsonWriter w;
  w.object().key("name").string("a \"quoted\" name").key("n").integer(-3).key("empty").array().end();
  w.key("list").array().number(1.5).null().boolean(true).object().end().end();
  w.key("nested").object().key("x").number(0.1).key("in").array().number(2).end().end();
  const std::string text = w.end().finish();
  Json oracle = Json::object();
  oracle["name"] = "a \"quoted\" name";
  oracle["n"] = -3;
  oracle["empty"] = Json::array();
  oracle["list"] = Json::array({1.5, nullptr, true, Json::object()});
  oracle["nested"] = Json::object();
  oracle["nested"]["x"] = 0.1;
  oracle["nested"]["in"] = Json::array({2.0});
  CHECK(text == oracle.dump(2) + "\n");
  CHECK(parse_json(text, "t.json").root == oracle);

  JsonWriter l;
  l.object().key("row").object(JsonWriter::Layout::line).key("n").integer(10).key("ci95");
  l.array().number_text("1.50").number_text("2.00").end().key("v").object().end().end();
  l.key("rows").array().object(JsonWriter::Layout::line).key("a").integer(1).end();
  l.object(JsonWriter::Layout::line).key("a").integer(2).end().end();
  CHECK(l.end().finish() ==
        "{\n  \"row\": {\"n\": 10, \"ci95\": [1.50, 2.00], \"v\": {}},\n"
        "  \"rows\": [\n    {\"a\": 1},\n    {\"a\": 2}\n  ]\n}\n");
  JsonWriter open;
  open.object().key("x");
  CHECK_THROWS(open.finish());
}
