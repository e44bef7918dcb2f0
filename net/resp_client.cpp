#include "net/resp_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "net/resp.h"

namespace qc {
namespace {

constexpr std::size_t kReplyBytesMax = 64u << 20;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Waits until fd is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, std::int64_t deadline_ms) {
  for (;;) {
    const std::int64_t left_ms = deadline_ms - now_ms();
    if (left_ms <= 0) return false;
    pollfd poll_fd{fd, events, 0};
    const int ready = poll(&poll_fd, 1, static_cast<int>(left_ms));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

std::string encode_command(const std::vector<std::string>& arguments) {
  std::string bytes = "*" + std::to_string(arguments.size()) + "\r\n";
  for (const std::string& argument : arguments) bytes += resp_bulk(argument);
  return bytes;
}

}  // namespace

RespClient::RespClient(std::string host, std::uint16_t port, std::int64_t timeout_ms)
    : host_(std::move(host)), port_(port), timeout_ms_(timeout_ms) {}

RespClient::~RespClient() { disconnect(); }

void RespClient::disconnect() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  buffer_.clear();
}

Status RespClient::failed(const std::string& what) {
  disconnect();
  return Status::error(ErrorKind::io, host_ + ":" + std::to_string(port_) + ": " + what);
}

Status RespClient::connect_now() {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return failed(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  if (inet_pton(AF_INET, host_.c_str(), &address.sin_addr) != 1) return failed("not an IPv4 address");
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 && errno != EINPROGRESS)
    return failed(std::string("connect: ") + std::strerror(errno));
  if (!wait_for(fd_, POLLOUT, now_ms() + timeout_ms_)) return failed("connect: timed out");
  int error = 0;
  socklen_t size = sizeof error;
  getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size);
  if (error != 0) return failed(std::string("connect: ") + std::strerror(error));
  return Status::ok();
}

Status RespClient::send_all(const std::string& bytes, std::int64_t deadline_ms) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      sent_any_ = true;
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd_, POLLOUT, deadline_ms)) return failed("send: timed out");
    } else {
      return failed(std::string("send: ") + std::strerror(errno));
    }
  }
  return Status::ok();
}

Status RespClient::fill(std::int64_t deadline_ms) {
  if (buffer_.size() > kReplyBytesMax) return failed("a reply larger than 64 MiB");
  char chunk[16 * 1024];
  for (;;) {
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return Status::ok();
    }
    if (n == 0) return failed("the node closed the connection");
    if (errno != EAGAIN && errno != EINTR) return failed(std::string("recv: ") + std::strerror(errno));
    if (!wait_for(fd_, POLLIN, deadline_ms)) return failed("no reply within " + std::to_string(timeout_ms_) + " ms");
  }
}

Result<RespReply> RespClient::read_reply(std::int64_t deadline_ms) {
  std::size_t line_end;
  while ((line_end = buffer_.find("\r\n")) == std::string::npos) {
    if (Status s = fill(deadline_ms); !s.is_ok()) return s;
  }
  const char type = buffer_.empty() ? '?' : buffer_[0];
  std::string line = buffer_.substr(1, line_end - 1);
  RespReply reply;
  std::size_t consumed = line_end + 2;
  if (type == '+' || type == '-' || type == ':') {
    reply.kind = type == '+' ? RespReply::Kind::simple : type == '-' ? RespReply::Kind::error : RespReply::Kind::integer;
    reply.text = std::move(line);
  } else if (type == '$') {
    if (line == "-1") {
      reply.kind = RespReply::Kind::null;
    } else {
      if (line.empty() || line.size() > 9 || line.find_first_not_of("0123456789") != std::string::npos)
        return failed("a bulk reply of length '" + line + "'");
      const std::size_t size = std::stoul(line);
      while (buffer_.size() < consumed + size + 2) {
        if (Status s = fill(deadline_ms); !s.is_ok()) return s;
      }
      reply.kind = RespReply::Kind::bulk;
      reply.text = buffer_.substr(consumed, size);
      consumed += size + 2;
    }
  } else {
    return failed(std::string("a reply starting with byte ") + std::to_string(static_cast<unsigned char>(type)));
  }
  buffer_.erase(0, consumed);
  return reply;
}

Result<RespReply> RespClient::call(const std::vector<std::string>& arguments) {
  const std::int64_t deadline_ms = now_ms() + timeout_ms_;
  sent_any_ = false;
  if (fd_ < 0) {
    if (Status s = connect_now(); !s.is_ok()) return s;
  }
  if (Status s = send_all(encode_command(arguments), deadline_ms); !s.is_ok()) return s;
  return read_reply(deadline_ms);
}

}  // namespace qc
