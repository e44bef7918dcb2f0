#pragma once
// A blocking RESP2 client for the harness's own clients (`quorumcheck cluster`): one
// connection, one command at a time, every wait bounded by the timeout. Any failure
// (cannot connect, timed out, connection closed, a reply that does not parse) is an
// ErrorKind::io Status and closes the connection; the next call connects again. After
// such a failure the command's outcome is unknown: it may have taken effect.
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace qc {

struct RespReply {
  enum class Kind { simple, error, integer, bulk, null };
  Kind kind = Kind::null;
  std::string text;  // simple, error (with its code word), integer digits, bulk bytes
};

class RespClient {
 public:
  RespClient(std::string host, std::uint16_t port, std::int64_t timeout_ms);
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;
  ~RespClient();

  Result<RespReply> call(const std::vector<std::string>& arguments);
  // After a failed call: true when not one byte of the command left (no connection), so
  // the command certainly did not take effect.
  bool failed_before_sending() const { return !sent_any_; }

 private:
  Status connect_now();
  Status send_all(const std::string& bytes, std::int64_t deadline_ms);
  Result<RespReply> read_reply(std::int64_t deadline_ms);
  Status fill(std::int64_t deadline_ms);  // reads more bytes into buffer_
  Status failed(const std::string& what);
  void disconnect();

  std::string host_;
  std::uint16_t port_;
  std::int64_t timeout_ms_;
  int fd_ = -1;
  std::string buffer_;
  bool sent_any_ = false;  // of the last call's command
};

}  // namespace qc
