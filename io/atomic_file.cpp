#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace subsim {

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(path.string() + ": " + std::strerror(errno));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void write_all_synced(int fd, const std::string& data, const std::filesystem::path& path) {
  write_all(fd, data, path);
  if (::fdatasync(fd) != 0) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
}

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
  // mkstemp: a fresh name created with O_EXCL, so a planted file or symlink is never written.
  std::string name = path.string() + ".tmp.XXXXXX";
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
  const std::filesystem::path tmp = name;
  ::fchmod(fd, 0644);
  try {
    // Durable before it becomes visible under its real name.
    write_all_synced(fd, content, tmp);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error(path.string() + ": " + std::strerror(err));
  }
}

}  // namespace subsim
