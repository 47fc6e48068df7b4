#include "report/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <tuple>

namespace subsim {

bool tool_available(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    std::string full = dir + "/" + name;
    if (::access(full.c_str(), X_OK) == 0) return true;
  }
  return false;
}

namespace {

// The child's side of run_tool: stdin, stdout and stderr from the pipes, in `cwd` if given, then
// the tool; never returns (exit 126: no such folder, 127: no such tool).
[[noreturn]] void exec_child(std::vector<char*>& args, int in, int out, int err,
                             const std::filesystem::path& cwd) {
  ::dup2(in, 0);
  ::dup2(out, 1);
  ::dup2(err, 2);
  if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
  ::execvp(args[0], args.data());
  ::_exit(127);
}

// Writes what the pipe takes of `input` from `written` to the non-blocking `fd_in`; closes it
// (-1) once all is written or the tool stopped reading.
void feed(int& fd_in, const std::string& input, std::size_t& written) {
  ssize_t w = ::write(fd_in, input.data() + written, input.size() - written);
  if (w > 0) written += static_cast<std::size_t>(w);
  if (w < 0 && errno != EINTR && errno != EAGAIN) written = input.size();
  if (written >= input.size()) {
    ::close(fd_in);
    fd_in = -1;
  }
}

// Feeds `input` to the tool's stdin (`fd_in`, closed here) and drains its stdout and stderr
// together into `r`, so neither side blocks on a full pipe; until both outputs close.
void exchange(int fd_in, int fd_out, int fd_err, const std::string& input, ProcessResult& r) {
  std::size_t written = 0;
  // Non-blocking: a blocking write of more than a pipe holds would wait for the tool, which waits
  // for us to drain its stdout.
  ::fcntl(fd_in, F_SETFL, ::fcntl(fd_in, F_GETFL) | O_NONBLOCK);
  if (input.empty()) {
    ::close(fd_in);
    fd_in = -1;
  }
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    pollfd fds[3];
    int n = 0;
    int i_out = -1, i_err = -1, i_in = -1;
    if (out_open) fds[i_out = n++] = {fd_out, POLLIN, 0};
    if (err_open) fds[i_err = n++] = {fd_err, POLLIN, 0};
    if (fd_in >= 0) fds[i_in = n++] = {fd_in, POLLOUT, 0};
    if (::poll(fds, static_cast<nfds_t>(n), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (i_in >= 0 && fds[i_in].revents) feed(fd_in, input, written);
    for (auto [idx, fd, open, sink] :
         {std::tuple{i_out, fd_out, &out_open, &r.out}, std::tuple{i_err, fd_err, &err_open, &r.err}}) {
      if (idx < 0 || !fds[idx].revents) continue;
      ssize_t got = ::read(fd, buf, sizeof buf);
      if (got > 0)
        sink->append(buf, static_cast<std::size_t>(got));
      else if (got == 0 || (errno != EINTR && errno != EAGAIN))
        *open = false;
    }
  }
  if (fd_in >= 0) ::close(fd_in);
}

}  // namespace

// Runs a tool by fork/execvp (never a shell) with `input` on its stdin; its stdout, stderr and
// exit code (128 + the signal if one killed it).
ProcessResult run_tool(const std::vector<std::string>& argv, const std::string& input,
                       const std::filesystem::path& cwd) {
  ProcessResult r;
  if (argv.empty()) {
    r.error = "no command";
    return r;
  }
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  auto fail = [&] {  // before the child exists: report errno, leave no descriptor open
    r.error = std::strerror(errno);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
      if (fd >= 0) ::close(fd);
    return r;
  };
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    return fail();
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return fail();
  if (pid == 0) exec_child(args, in[0], out[1], err[1], cwd);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  // A tool that exits without reading its input must not kill us with SIGPIPE.
  struct sigaction ignore {}, saved {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &saved);
  exchange(in[1], out[0], err[0], input, r);
  ::sigaction(SIGPIPE, &saved, nullptr);
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (r.exit_code == 127) r.error = argv[0] + ": not found";
  return r;
}

}  // namespace subsim
