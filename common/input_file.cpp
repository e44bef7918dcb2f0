#include "common/input_file.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace qc {
namespace {

Status unreadable(const std::string& path, const std::string& what, const std::string& reason) {
  return Status::error(ErrorKind::io, path + ": cannot read " + what + " (" + reason + "); expected a readable file");
}

// Closes the descriptor on every way out.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::string> read_input_file(const std::string& path, const std::string& what, int fifo_wait_ms) {
  // Non-blocking open: opening a FIFO for reading would otherwise wait for a writer.
  Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) return unreadable(path, what, std::strerror(errno));
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) return unreadable(path, what, std::strerror(errno));
  if (S_ISDIR(info.st_mode)) return Status::error(ErrorKind::io, path + ": is a directory; expected " + what);
  if (S_ISFIFO(info.st_mode)) {
    pollfd ready{file.fd, POLLIN, 0};
    const int polled = ::poll(&ready, 1, fifo_wait_ms);
    if (polled == 0)
      return unreadable(path, what, "a pipe with no data and no writer for " + std::to_string(fifo_wait_ms) + " ms");
    if (polled < 0) return unreadable(path, what, std::strerror(errno));
  }
  // Blocking reads from here: a writer that has started is waited for until it closes.
  ::fcntl(file.fd, F_SETFL, ::fcntl(file.fd, F_GETFL) & ~O_NONBLOCK);
  std::string content;
  if (S_ISREG(info.st_mode)) content.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(file.fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return unreadable(path, what, std::strerror(errno));
    }
    content.append(buffer, static_cast<std::size_t>(got));
  }
  return content;
}

}  // namespace qc
