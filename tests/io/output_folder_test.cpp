// Output folders appear all at once or not at all, are never someone else's files, and have one
// writer at a time (issue 13).
#include "io/output_folder.hpp"

#include <doctest/doctest.h>

#include "tests/test_files.hpp"
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "io/atomic_file.hpp"

using namespace subsim;
namespace fs = std::filesystem;

namespace {
using test_files::slurp;

fs::path fresh(const std::string& name) {
  fs::path base = fs::absolute("output_folder_test") / name;
  fs::remove_all(base);
  fs::create_directories(base);
  return base;
}

// Entries of `dir` whose names start with `prefix`.
int count_prefixed(const fs::path& dir, const std::string& prefix) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) ++n;
  return n;
}

void earlier_run(const fs::path& out) {
  OutputFolder f(out);
  f.write("summary.json", "old summary");
  f.write("events.csv", "old events");
  f.commit();
}
}  // namespace

TEST_CASE("a new set replaces the earlier one whole: no earlier file is left beside it") {
  fs::path base = fresh("replace");
  fs::path out = base / "out";
  earlier_run(out);
  CHECK(slurp(out / "events.csv") == "old events");
  {
    OutputFolder f(out);
    f.write("summary.json", "new summary");
    // Until commit the earlier set is what readers see.
    CHECK(slurp(out / "summary.json") == "old summary");
    f.commit();
  }
  CHECK(slurp(out / "summary.json") == "new summary");
  CHECK(!fs::exists(out / "events.csv"));
  CHECK(fs::exists(out / OutputFolder::kMarker));
  CHECK(count_prefixed(base, ".out.subsim-tmp-") == 0);
}

TEST_CASE("--out is checked before any work: a file, a symlink, someone else's folder") {
  fs::path base = fresh("checks");
  std::ofstream(base / "file") << "x";
  CHECK_THROWS_WITH_AS(OutputFolder{base / "file"}, doctest::Contains("exists and is not a folder"),
                       OutputFolderError);
  fs::create_directories(base / "theirs");
  std::ofstream(base / "theirs" / "thesis.tex") << "years of work";
  CHECK_THROWS_WITH_AS(OutputFolder{base / "theirs"},
                       doctest::Contains("holds files subsim did not write (thesis.tex)"),
                       OutputFolderError);
  CHECK(slurp(base / "theirs" / "thesis.tex") == "years of work");
  fs::create_directory_symlink(base / "theirs", base / "link");
  CHECK_THROWS_WITH_AS(OutputFolder{base / "link"}, doctest::Contains("symbolic link"),
                       OutputFolderError);
  // A folder created for a run that writes nothing is removed again.
  { OutputFolder f(base / "unused"); }
  CHECK(!fs::exists(base / "unused"));
}

TEST_CASE("a second writer of the same folder is refused while the first holds it") {
  fs::path out = fresh("lock") / "out";
  OutputFolder first(out);
  CHECK_THROWS_WITH_AS(OutputFolder{out}, doctest::Contains("another subsim is writing"),
                       OutputFolderError);
  first.write("summary.json", "a");
  first.commit();
  OutputFolder after(out);  // free again once the first is done
}

TEST_CASE("a full disk during the final writes leaves the earlier set and no staging folder") {
  fs::path base = fresh("full");
  fs::path out = base / "out";
  earlier_run(out);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // The child may write at most 4 KiB per file: the second, larger write fails (EFBIG).
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    try {
      OutputFolder f(out);
      f.write("summary.json", "new");
      f.write("events.csv", std::string(100000, 'x'));
      f.commit();
    } catch (const OutputFolderError&) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 3);
  CHECK(slurp(out / "summary.json") == "old summary");
  CHECK(slurp(out / "events.csv") == "old events");
  CHECK(count_prefixed(base, ".out.subsim-tmp-") == 0);
}

TEST_CASE("SIGTERM during the final writes takes effect after the swap: the set is whole") {
  fs::path base = fresh("sigterm");
  fs::path out = base / "out";
  earlier_run(out);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::signal(SIGTERM, SIG_DFL);  // not the test framework's handler
    OutputFolder f(out);
    f.write("summary.json", "new summary");
    ::kill(::getpid(), SIGTERM);  // held back until commit
    f.write("timeseries.csv", "new series");
    f.commit();
    ::_exit(0);  // not reached: the held SIGTERM ends the process
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  CHECK(WIFSIGNALED(st));
  CHECK(WTERMSIG(st) == SIGTERM);
  CHECK(slurp(out / "summary.json") == "new summary");
  CHECK(slurp(out / "timeseries.csv") == "new series");
  CHECK(!fs::exists(out / "events.csv"));
}

TEST_CASE("a staging folder left by a killed run is removed by the next run into the folder") {
  fs::path base = fresh("stale");
  fs::path out = base / "out";
  earlier_run(out);
  fs::create_directories(base / ".out.subsim-tmp-abc123");
  std::ofstream(base / ".out.subsim-tmp-abc123" / "summary.json") << "half";
  OutputFolder f(out);
  CHECK(count_prefixed(base, ".out.subsim-tmp-") == 0);
}

TEST_CASE("write_file_atomically replaces a planted symlink instead of writing through it") {
  fs::path base = fresh("symlink");
  std::ofstream(base / "target") << "keep";
  fs::create_symlink(base / "target", base / "report.html");
  write_file_atomically(base / "report.html", "report");
  CHECK(slurp(base / "target") == "keep");
  CHECK(!fs::is_symlink(base / "report.html"));
  CHECK(slurp(base / "report.html") == "report");
  CHECK(count_prefixed(base, "report.html.tmp.") == 0);
}
