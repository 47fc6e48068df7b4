// External tools run without a shell: arguments are data, never command text.
#include "report/process.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using namespace subsim;
namespace fs = std::filesystem;

TEST_CASE("run_tool passes stdin, captures stdout, stderr and the exit code") {
  ProcessResult r = run_tool({"cat"}, "hello\n");
  CHECK(r.ok());
  CHECK(r.out == "hello\n");
  ProcessResult big = run_tool({"cat"}, std::string(1 << 20, 'x'));  // more than a pipe holds
  CHECK(big.out.size() == (1u << 20));
  ProcessResult fail = run_tool({"sh", "-c", "echo oops >&2; exit 3"});
  CHECK(fail.exit_code == 3);
  CHECK(fail.err == "oops\n");
  CHECK_FALSE(run_tool({"/nonexistent/subsim-tool"}).ok());
}

TEST_CASE("an argument with shell syntax stays one argument") {
  fs::path marker = fs::temp_directory_path() / "subsim-process-test-marker";
  fs::remove(marker);
  std::string hostile = "x'; touch " + marker.string() + "; echo '";
  ProcessResult r = run_tool({"printf", "%s", hostile});
  CHECK(r.ok());
  CHECK(r.out == hostile);
  CHECK_FALSE(fs::exists(marker));
}
