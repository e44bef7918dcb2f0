#pragma once
// RESP2, the Redis protocol, on the server side: a parser of client requests and
// encoders of replies, so that stock redis-cli and redis-benchmark can talk to the store.
//
// A request is either a RESP array of bulk strings ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
// what redis-cli and redis-benchmark send) or an inline command ("GET k\r\n", what a
// person types into telnet). The parser is fed whatever a socket read returns and hands
// out complete commands; the input is untrusted, so every way it can be wrong ends in a
// protocol error (ErrorKind::malformed), never in a crash, an exception or memory that
// grows without bound. The server replies with resp_error("ERR " + message) and closes
// the connection, like Redis.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace qc {

// Bounds on what one connection may make the parser hold. Memory per connection is at
// most max_buffered_bytes of unparsed input plus one command in progress
// (max_arguments * max_bulk_bytes). A bulk string is parsed only once all of it is
// buffered, so max_buffered_bytes must exceed max_bulk_bytes plus its framing.
struct RespLimits {
  std::size_t max_bulk_bytes = 1 << 20;      // one argument of an array command
  std::size_t max_arguments = 64;            // per command, array or inline
  std::size_t max_inline_bytes = 64 << 10;   // an inline command line, and any length line
  std::size_t max_buffered_bytes = 4 << 20;  // unparsed bytes held for one connection
};

// Incremental: bytes may arrive split at any boundary, or many commands in one feed
// (pipelining). Each byte is examined a constant number of times however the input is
// split: the parser keeps its place between calls (a partial line is not searched
// again) and drops consumed bytes on the next feed.
//
// Rules (as Redis, unless said otherwise):
//  - "*<n>\r\n" then n times "$<len>\r\n<len bytes>\r\n"; 1 <= n <= max_arguments,
//    0 <= len <= max_bulk_bytes, both written in at most 18 digits (so they cannot
//    overflow). Length lines must end in "\r\n".
//  - "*0\r\n" and "*-1\r\n" (empty and null array) are skipped, no command; any other
//    negative length is an error.
//  - An inline command is a line not starting with '*', ended by "\n" or "\r\n", split on
//    spaces and tabs (no quoting, unlike Redis). A line of only blanks is skipped.
//  - Any line (inline, or after '*' or '$') longer than max_inline_bytes is an error, as
//    soon as max_inline_bytes + 2 bytes (one spare for a '\r') arrive without a '\n'.
// Errors read like Redis's ("Protocol error: invalid bulk length ...") and add what was
// expected and the byte offset in the stream (counted from the first byte ever fed).
class RespParser {
 public:
  explicit RespParser(RespLimits limits = {});

  // Appends bytes read from the connection. An error (ErrorKind::malformed) when the
  // unparsed bytes would exceed max_buffered_bytes; the bytes are then dropped and the
  // parser is in error. Once in error, feed returns that error and drops the bytes.
  // Call next() until it needs more bytes after every feed, or pipelined input piles up.
  Status feed(std::string_view bytes);

  // The next complete command (its arguments, never empty), std::nullopt when more bytes
  // are needed, or a protocol error (ErrorKind::malformed). After an error the parser
  // stays in error: every later call returns the same error.
  Result<std::optional<std::vector<std::string>>> next();

  // True while part of a command has arrived and the rest has not: a server closes a
  // client that stays so too long (slowloris).
  bool holds_partial_command() const { return position_ < buffer_.size() || arguments_expected_ > 0; }

 private:
  // A line starting at the first unparsed byte: content without its terminator.
  struct Line {
    std::string_view content;
    std::size_t size_with_terminator_bytes = 0;
    bool ends_with_crlf = false;
  };
  // advanced: something was consumed (or, from find_line, a line was found).
  enum class Step { advanced, need_more, failed };

  Step find_line(std::string_view what, Line& line);
  // Each step consumes one element or says why it cannot; `command` is set when a
  // command is complete.
  Step step_command_start(std::optional<std::vector<std::string>>& command);
  Step step_array_header();
  Step step_inline(std::optional<std::vector<std::string>>& command);
  Step step_bulk_header();
  Step step_bulk_payload(std::optional<std::vector<std::string>>& command);

  void consume(std::size_t bytes);
  std::uint64_t stream_offset_of(std::size_t buffer_position) const;
  Step fail(std::string message);
  std::string_view unparsed() const;

  RespLimits limits_;
  std::string buffer_;
  std::size_t position_ = 0;                 // first unparsed byte of buffer_
  std::uint64_t buffer_start_offset_ = 0;    // stream offset of buffer_[0]
  std::size_t line_searched_bytes_ = 0;      // of the line at position_: known to hold no '\n'
  std::size_t arguments_expected_ = 0;       // 0 between commands; else the array's length
  std::vector<std::string> arguments_;       // of the array command in progress
  std::optional<std::size_t> bulk_bytes_;    // set once a "$<len>" line is read
  std::optional<Status> error_;              // sticky
};

// Reply encoders (RESP2). Simple strings and errors are one line: any '\r' or '\n' in
// the text is replaced by a space so a message can never break the framing.
std::string resp_simple(std::string_view text);    // "+OK\r\n"
// `message` starts with the error code: "ERR unknown command", "NOQUORUM 1 of 2 acks".
// An empty message becomes "ERR".
std::string resp_error(std::string_view message);  // "-ERR ...\r\n"
std::string resp_integer(std::int64_t value);      // ":42\r\n"
std::string resp_bulk(std::string_view bytes);     // "$5\r\nhello\r\n", binary-safe
std::string resp_null_bulk();                      // "$-1\r\n": no such key
std::string resp_bulk_array(const std::vector<std::string>& items);  // "*N\r\n" + N bulks

}  // namespace qc
