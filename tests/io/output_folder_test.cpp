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
                       doctest::Contains("holds files subsim did not write, or changed since it wrote "
                                         "them (thesis.tex)"),
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

// Issue 32, item 1: a rerun never deletes what subsim did not write.
TEST_CASE("data loss: a rerun into a folder with the user's files refuses it and deletes nothing") {
  fs::path out = fresh("user_files") / "out";
  earlier_run(out);
  std::ofstream(out / "notes.ipynb") << "{\"cells\": []}";
  fs::create_directories(out / "plots");
  std::ofstream(out / "plots" / "mrr.png") << "png";
  CHECK_THROWS_WITH_AS(OutputFolder{out},
                       doctest::Contains("holds files subsim did not write, or changed since it "
                                         "wrote them (notes.ipynb and 1 more)"),
                       OutputFolderError);
  CHECK(slurp(out / "notes.ipynb") == "{\"cells\": []}");
  CHECK(slurp(out / "plots" / "mrr.png") == "png");
  CHECK(slurp(out / "summary.json") == "old summary");
  // Moved out, the folder is subsim's again and is replaced.
  fs::remove(out / "notes.ipynb");
  fs::remove_all(out / "plots");
  OutputFolder again(out);
  again.write("summary.json", "new");
  again.commit();
  CHECK(slurp(out / "summary.json") == "new");
}

TEST_CASE("data loss: a copied marker does not make someone else's folder replaceable") {
  fs::path base = fresh("copied_marker");
  earlier_run(base / "out");
  fs::create_directories(base / "theirs");
  std::ofstream(base / "theirs" / "summary.json") << "their own summary";
  std::ofstream(base / "theirs" / "thesis.tex") << "years of work";
  fs::copy_file(base / "out" / OutputFolder::kMarker, base / "theirs" / OutputFolder::kMarker);
  CHECK_THROWS_WITH_AS(OutputFolder{base / "theirs"},
                       doctest::Contains("(summary.json and 1 more)"), OutputFolderError);
  CHECK(slurp(base / "theirs" / "thesis.tex") == "years of work");
  // A marker of an earlier version (no listing) is no master key either.
  std::ofstream(base / "theirs" / OutputFolder::kMarker)
      << "This folder was written by subsim; a later run into it replaces it whole.\n";
  CHECK_THROWS_WITH_AS(OutputFolder{base / "theirs"}, doctest::Contains("(thesis.tex)"),
                       OutputFolderError);
}

TEST_CASE("data loss: a file subsim wrote and the user edited since is not replaced") {
  fs::path out = fresh("edited") / "out";
  earlier_run(out);
  std::ofstream(out / "summary.json") << "annotated by hand";
  CHECK_THROWS_WITH_AS(OutputFolder{out}, doctest::Contains("(summary.json)"), OutputFolderError);
  CHECK(slurp(out / "summary.json") == "annotated by hand");
}

TEST_CASE("a report added to a finished folder is listed in its marker and replaced by a rerun") {
  fs::path out = fresh("report_added") / "out";
  earlier_run(out);
  {
    LockedFolder locked(out);
    // While it is locked, a run into it is refused.
    CHECK_THROWS_WITH_AS(OutputFolder{out}, doctest::Contains("another subsim is writing"),
                         OutputFolderError);
    locked.add("report.html", "<html>old</html>");
  }
  bool listed = false;
  for (const ManifestFile& f : marker_listing(out)) listed = listed || f.name == "report.html";
  CHECK(listed);
  OutputFolder rerun(out);
  rerun.write("summary.json", "new");
  rerun.commit();
  CHECK(!fs::exists(out / "report.html"));
}

// Issue 32, item 7: an interrupted traced run leaves no hidden staging folder.
TEST_CASE("SIGTERM while a trace streams removes the staging folder on the way out") {
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
    fs::path base = fresh("killed_stream");
    fs::path out = base / "out";
    earlier_run(out);
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      std::signal(sig, SIG_DFL);
      ::close(ready[0]);
      OutputFolder f(out);
      auto s = f.open_stream("events.csv", Compression::none);
      s->write(std::string(1 << 20, 'x'));
      char c = 1;
      (void)!::write(ready[1], &c, 1);
      for (;;) {  // writes until the signal ends it
        s->write(std::string(4096, 'y'));
        ::usleep(1000);
      }
    }
    ::close(ready[1]);
    char c = 0;
    REQUIRE(::read(ready[0], &c, 1) == 1);
    ::close(ready[0]);
    CHECK(count_prefixed(base, ".out.subsim-tmp-") == 1);  // the stream's staging folder
    ::kill(pid, sig);
    int st = 0;
    ::waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st));
    CHECK(WTERMSIG(st) == sig);
    CHECK(count_prefixed(base, ".out.subsim-tmp-") == 0);
    CHECK(slurp(out / "summary.json") == "old summary");
  }
}
