// The pieces a streamed trace is written with: the ordered writer (rows in shard order whatever
// the thread that made them, a bounded number waiting), the output stream (hashed, compressed,
// synced) and the reader that takes a zstd file as the text it holds (issue 17).
#include <doctest/doctest.h>

#include "tests/test_files.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "io/ordered_writer.hpp"
#include "io/output_folder.hpp"
#include "io/sha256.hpp"
#include "io/text_file.hpp"

using namespace subsim;
namespace fs = std::filesystem;

namespace {
using test_files::slurp;

fs::path fresh_file(const std::string& name) {
  fs::path base = fs::absolute("trace_files_test") / name;
  fs::remove_all(base);
  fs::create_directories(base.parent_path());
  return base;
}

// Rows that compress like a trace: repetitive but not constant.
std::string rows(int n, int seed) {
  std::string s;
  std::mt19937 g(static_cast<unsigned>(seed));
  for (int i = 0; i < n; ++i)
    s += "0,2027-01-" + std::to_string(10 + i % 20) + ",c" + std::to_string(g() % 100000) +
         ",renewal,N1," + std::to_string(g() % 10000) + ".00\n";
  return s;
}
}  // namespace

TEST_CASE("the ordered writer writes chunks in index order whatever order four threads hand them in") {
  std::string out;
  OrderedWriter w([&](OrderedWriter::Chunk& c) { out += c[0]; }, 3);
  const int n = 400;
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      std::mt19937 g(static_cast<unsigned>(t));
      for (int i; (i = next.fetch_add(1)) < n;) {
        std::this_thread::sleep_for(std::chrono::microseconds(g() % 200));
        w.submit(static_cast<std::size_t>(i), {std::to_string(i) + "\n"});
      }
    });
  for (auto& t : pool) t.join();
  w.finish(n);
  std::string expected;
  for (int i = 0; i < n; ++i) expected += std::to_string(i) + "\n";
  CHECK(out == expected);
  CHECK(w.most_waiting() <= 3);  // the window: memory stays bounded
  CHECK(w.most_waiting() >= 1);
}

TEST_CASE("the ordered writer: a write error reaches the producers and finish, an abort lets waiting producers go") {
  {
    OrderedWriter w([](OrderedWriter::Chunk&) { throw std::runtime_error("disk full"); }, 2);
    w.submit(0, {"a"});
    CHECK_THROWS_WITH(w.finish(5), "disk full");
  }
  {
    OrderedWriter w([](OrderedWriter::Chunk&) {}, 1);
    // Chunk 1 waits for chunk 0, which never comes (its worker failed): abort releases it.
    std::thread producer([&] { w.submit(1, {"b"}); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    w.abort();
    producer.join();
    CHECK_THROWS(w.finish(2));  // stopped before the last chunk
  }
}

TEST_CASE("an output stream: the bytes, the sha256 of the file and the size in the folder's list, plain and zstd") {
  const fs::path dir = fresh_file("stream");
  const std::string text = rows(200000, 1);
  {
    OutputFolder folder(dir);
    auto plain = folder.open_stream("events.csv", Compression::none);
    auto packed = folder.open_stream("events.csv.zst", Compression::zstd);
    for (std::size_t at = 0; at < text.size(); at += 77777) {
      plain->write(std::string_view(text).substr(at, 77777));
      packed->write(std::string_view(text).substr(at, 77777));
    }
    folder.close_stream("events.csv", *plain);
    folder.close_stream("events.csv.zst", *packed);
    CHECK(packed->bytes_in() == text.size());
    CHECK(packed->bytes_written() * 4 < text.size());  // it does compress
    REQUIRE(folder.written().size() == 2);
    folder.commit();
    CHECK(folder.written()[0].sha256 == sha256_hex(text));
    CHECK(folder.written()[1].sha256 == *sha256_file((dir / "events.csv.zst").string()));
    CHECK(folder.written()[1].bytes == fs::file_size(dir / "events.csv.zst"));
  }
  CHECK(slurp(dir / "events.csv") == text);
  std::string error;
  auto back = read_text_file((dir / "events.csv.zst").string(), error);
  REQUIRE_MESSAGE(back.has_value(), error);
  CHECK(*back == text);
}

TEST_CASE("a stream's files appear only with the commit, and an abandoned folder keeps the earlier set") {
  const fs::path dir = fresh_file("abandon");
  {
    OutputFolder folder(dir);
    folder.write("summary.json", "old");
    folder.commit();
  }
  {
    OutputFolder folder(dir);
    auto s = folder.open_stream("events.csv", Compression::none);
    s->write("half a trace");
    // No commit: a run that failed half-way.
  }
  CHECK(slurp(dir / "summary.json") == "old");
  CHECK(!fs::exists(dir / "events.csv"));
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.parent_path())) entries += e.path().filename().string().find(".abandon.subsim-tmp") == 0;
  CHECK(entries == 0);  // no staging folder left behind
}

TEST_CASE("reading zstd: several frames, a truncated file, garbage and a decompression bomb") {
  const std::string a = rows(1000, 2), b = rows(500, 3);
  const fs::path dir = fresh_file("read");
  fs::create_directories(dir);
  auto pack = [&](const std::string& name, const std::string& text) {
    {
      OutputFolder folder(dir / name);
      auto s = folder.open_stream("t.zst", Compression::zstd);
      s->write(text);
      folder.close_stream("t.zst", *s);
      folder.commit();
    }
    return slurp(dir / name / "t.zst");
  };
  const std::string za = pack("a", a), zb = pack("b", b);
  std::string error;
  auto both = zstd_decompress(za + zb, error);
  REQUIRE_MESSAGE(both.has_value(), error);
  CHECK(*both == a + b);
  CHECK_FALSE(zstd_decompress(za.substr(0, za.size() / 2), error).has_value());
  CHECK(error.find("truncated") != std::string::npos);
  std::string garbage = za;
  for (std::size_t i = 20; i < garbage.size(); i += 7) garbage[i] = static_cast<char>(garbage[i] ^ 0x5a);
  CHECK_FALSE(zstd_decompress(garbage, error).has_value());
  CHECK(!error.empty());
  // 1000 rows are ~50 kB of text: a 10 kB limit refuses them instead of filling memory.
  CHECK_FALSE(zstd_decompress(za, error, 10000).has_value());
  CHECK(error.find("larger than") != std::string::npos);
  // Not zstd: read as it is.
  CHECK_FALSE(is_zstd(a));
  CHECK(is_zstd(za));
}

TEST_CASE("a NUL byte is binary data, refused at once: /dev/zero, a short file, inside zstd") {
  const fs::path dir = fresh_file("binary");
  fs::create_directories(dir);
  std::string error;
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(read_text_file("/dev/zero", error).has_value());
  CHECK(error == "binary data (a NUL byte at byte 1): not a text file");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));  // not 1 GiB read
  std::ofstream(dir / "short", std::ios::binary) << std::string("a\0", 2);
  CHECK_FALSE(read_text_file((dir / "short").string(), error).has_value());
  CHECK(error.find("byte 2") != std::string::npos);
  std::string text = rows(100, 2);
  text[70000 % text.size()] = '\0';
  {
    OutputFolder folder(dir / "z");
    auto s = folder.open_stream("t.zst", Compression::zstd);
    s->write(text);
    folder.close_stream("t.zst", *s);
    folder.commit();
  }
  CHECK_FALSE(read_text_file((dir / "z" / "t.zst").string(), error).has_value());
  CHECK(error.find("(decompressed)") != std::string::npos);
  std::ofstream(dir / "text") << "a,b\n1,2\n";
  CHECK(read_text_file((dir / "text").string(), error) == std::optional<std::string>("a,b\n1,2\n"));
}
