#include "net/resp.h"

#include <utility>

namespace qc {
namespace {

// 18 decimal digits always fit in an int64_t, and every length we accept has far fewer:
// bounding the digits rules out overflow without checking each multiplication.
constexpr std::size_t kMaxLengthDigits = 18;
// Offending bytes quoted in an error message are cut to this many, so a hostile line
// cannot make the error itself large.
constexpr std::size_t kMaxQuotedBytes = 32;

// "<n>" or "-<n>" with 1..18 digits; anything else (blank, '+', spaces) is not a length.
std::optional<std::int64_t> parse_length(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > kMaxLengthDigits) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

// The bytes in quotes, printable ASCII as is and the rest escaped, so an error message
// stays one readable line whatever the client sent.
std::string quoted(std::string_view bytes) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string text = "'";
  for (const char c : bytes.substr(0, kMaxQuotedBytes)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\r') {
      text += "\\r";
    } else if (c == '\n') {
      text += "\\n";
    } else if (c == '\\' || c == '\'') {
      text += '\\';
      text += c;
    } else if (byte >= 0x20 && byte < 0x7f) {
      text += c;
    } else {
      text += "\\x";
      text += kHexDigits[byte >> 4];
      text += kHexDigits[byte & 0xf];
    }
  }
  if (bytes.size() > kMaxQuotedBytes) text += "...";
  return text + "'";
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Simple strings and errors end at the first "\r\n": a line break inside would let the
// rest of the message be read as another reply.
std::string one_line(std::string_view text) {
  std::string line(text);
  for (char& c : line)
    if (c == '\r' || c == '\n') c = ' ';
  return line;
}

}  // namespace

RespParser::RespParser(RespLimits limits) : limits_(limits) {}

Status RespParser::feed(std::string_view bytes) {
  if (error_) return *error_;
  const std::size_t unparsed_bytes = unparsed().size();  // never above the limit
  if (bytes.size() > limits_.max_buffered_bytes - unparsed_bytes) {
    fail("too much unparsed input at offset " +
         std::to_string(stream_offset_of(position_)) + ": expected at most " +
         std::to_string(limits_.max_buffered_bytes) + " bytes buffered, got " +
         std::to_string(unparsed_bytes) + " + " + std::to_string(bytes.size()));
    return *error_;
  }
  // Drop what next() consumed. Only the element in progress is moved, and it is moved
  // once: until next() consumes again, position_ stays at 0.
  if (position_ > 0) {
    buffer_.erase(0, position_);
    buffer_start_offset_ += position_;
    position_ = 0;
  }
  buffer_.append(bytes);
  return Status::ok();
}

Result<std::optional<std::vector<std::string>>> RespParser::next() {
  if (error_) return *error_;
  std::optional<std::vector<std::string>> command;
  // Every step that does not stop the loop consumes at least one byte, so it ends.
  for (;;) {
    Step step;
    if (arguments_expected_ == 0) {
      step = step_command_start(command);
    } else if (!bulk_bytes_) {
      step = step_bulk_header();
    } else {
      step = step_bulk_payload(command);
    }
    if (step == Step::failed) return *error_;
    if (step == Step::need_more) return std::optional<std::vector<std::string>>();
    if (command) return command;
  }
}

// Step::advanced when `line` holds the line at the first unparsed byte. The search goes on
// where the previous call stopped, so a long line arriving a byte at a time costs
// linear time. `what` names the line in the too-long error.
RespParser::Step RespParser::find_line(std::string_view what, Line& line) {
  const std::string_view rest = unparsed();
  const std::size_t newline = rest.find('\n', line_searched_bytes_);
  if (newline == std::string_view::npos) {
    line_searched_bytes_ = rest.size();
    // The last byte may yet turn out to be the '\r' of the terminator.
    if (rest.size() > 1 && rest.size() - 1 > limits_.max_inline_bytes)
      return fail("too big " + std::string(what) + " at offset " +
                  std::to_string(stream_offset_of(position_)) + ": expected a line end within " +
                  std::to_string(limits_.max_inline_bytes) + " bytes");
    return Step::need_more;
  }
  line.ends_with_crlf = newline > 0 && rest[newline - 1] == '\r';
  line.content = rest.substr(0, line.ends_with_crlf ? newline - 1 : newline);
  line.size_with_terminator_bytes = newline + 1;
  if (line.content.size() > limits_.max_inline_bytes)
    return fail("too big " + std::string(what) + " at offset " +
                std::to_string(stream_offset_of(position_)) + ": expected at most " +
                std::to_string(limits_.max_inline_bytes) + " bytes, got " +
                std::to_string(line.content.size()));
  return Step::advanced;
}

RespParser::Step RespParser::step_command_start(
    std::optional<std::vector<std::string>>& command) {
  if (unparsed().empty()) return Step::need_more;
  if (unparsed().front() == '*') return step_array_header();
  return step_inline(command);
}

RespParser::Step RespParser::step_array_header() {
  Line line;
  if (const Step step = find_line("multibulk length line", line); step != Step::advanced)
    return step;
  if (!line.ends_with_crlf)
    return fail("expected '\\r\\n' ending the multibulk length line at offset " +
                std::to_string(stream_offset_of(position_ + line.content.size())) +
                ", got '\\n'");
  const std::optional<std::int64_t> length = parse_length(line.content.substr(1));
  // Redis ignores an empty or null array: no command, nothing to answer.
  if (length == 0 || length == -1) {
    consume(line.size_with_terminator_bytes);
    return Step::advanced;
  }
  if (!length || *length < 1 || static_cast<std::uint64_t>(*length) > limits_.max_arguments)
    return fail("invalid multibulk length at offset " +
                std::to_string(stream_offset_of(position_)) + ": expected 1.." +
                std::to_string(limits_.max_arguments) + " arguments, got " +
                quoted(line.content.substr(1)));
  arguments_expected_ = static_cast<std::size_t>(*length);
  arguments_.clear();
  arguments_.reserve(arguments_expected_);  // bounded by max_arguments
  consume(line.size_with_terminator_bytes);
  return Step::advanced;
}

RespParser::Step RespParser::step_inline(std::optional<std::vector<std::string>>& command) {
  Line line;
  if (const Step step = find_line("inline request", line); step != Step::advanced) return step;
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < line.content.size()) {
    if (is_blank(line.content[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < line.content.size() && !is_blank(line.content[end])) ++end;
    if (words.size() == limits_.max_arguments)
      return fail("too many arguments in inline request at offset " +
                  std::to_string(stream_offset_of(position_)) + ": expected at most " +
                  std::to_string(limits_.max_arguments));
    words.emplace_back(line.content.substr(at, end - at));
    at = end;
  }
  consume(line.size_with_terminator_bytes);
  if (!words.empty()) command = std::move(words);  // a blank line is skipped
  return Step::advanced;
}

RespParser::Step RespParser::step_bulk_header() {
  const std::string_view rest = unparsed();
  if (rest.empty()) return Step::need_more;
  // Checked before the line is complete, so garbage is refused at its first byte.
  if (rest.front() != '$')
    return fail("expected '$' at offset " + std::to_string(stream_offset_of(position_)) +
                ", got " + quoted(rest.substr(0, 1)));
  Line line;
  if (const Step step = find_line("bulk length line", line); step != Step::advanced) return step;
  if (!line.ends_with_crlf)
    return fail("expected '\\r\\n' ending the bulk length line at offset " +
                std::to_string(stream_offset_of(position_ + line.content.size())) +
                ", got '\\n'");
  const std::optional<std::int64_t> length = parse_length(line.content.substr(1));
  if (!length || *length < 0 || static_cast<std::uint64_t>(*length) > limits_.max_bulk_bytes)
    return fail("invalid bulk length at offset " + std::to_string(stream_offset_of(position_)) +
                ": expected 0.." + std::to_string(limits_.max_bulk_bytes) + " bytes, got " +
                quoted(line.content.substr(1)));
  // Nothing is reserved for the payload: it is copied out once it has all arrived, so a
  // declared length costs memory only as its bytes come in.
  bulk_bytes_ = static_cast<std::size_t>(*length);
  consume(line.size_with_terminator_bytes);
  return Step::advanced;
}

RespParser::Step RespParser::step_bulk_payload(
    std::optional<std::vector<std::string>>& command) {
  const std::string_view rest = unparsed();
  const std::size_t payload_bytes = *bulk_bytes_;
  // The terminator is checked as soon as its bytes arrive, not when both have.
  if (rest.size() > payload_bytes) {
    const std::string_view terminator = rest.substr(payload_bytes, 2);
    if (terminator != std::string_view("\r\n").substr(0, terminator.size()))
      return fail("expected '\\r\\n' after the " + std::to_string(payload_bytes) +
                  "-byte bulk string at offset " +
                  std::to_string(stream_offset_of(position_ + payload_bytes)) + ", got " +
                  quoted(terminator));
  }
  if (rest.size() < payload_bytes + 2) return Step::need_more;
  arguments_.emplace_back(rest.substr(0, payload_bytes));
  consume(payload_bytes + 2);
  bulk_bytes_.reset();
  if (arguments_.size() == arguments_expected_) {
    command = std::move(arguments_);
    arguments_ = {};
    arguments_expected_ = 0;
  }
  return Step::advanced;
}

void RespParser::consume(std::size_t bytes) {
  position_ += bytes;
  line_searched_bytes_ = 0;  // the next element starts a new line
}

std::uint64_t RespParser::stream_offset_of(std::size_t buffer_position) const {
  return buffer_start_offset_ + buffer_position;
}

RespParser::Step RespParser::fail(std::string message) {
  error_ = Status::error(ErrorKind::malformed, "Protocol error: " + std::move(message));
  return Step::failed;
}

std::string_view RespParser::unparsed() const {
  return std::string_view(buffer_).substr(position_);
}

std::string resp_simple(std::string_view text) { return "+" + one_line(text) + "\r\n"; }

std::string resp_error(std::string_view message) {
  return "-" + (message.empty() ? std::string("ERR") : one_line(message)) + "\r\n";
}

std::string resp_integer(std::int64_t value) { return ":" + std::to_string(value) + "\r\n"; }

std::string resp_bulk(std::string_view bytes) {
  std::string reply = "$" + std::to_string(bytes.size()) + "\r\n";
  reply.append(bytes);
  reply += "\r\n";
  return reply;
}

std::string resp_null_bulk() { return "$-1\r\n"; }

std::string resp_bulk_array(const std::vector<std::string>& items) {
  std::string reply = "*" + std::to_string(items.size()) + "\r\n";
  for (const std::string& item : items) reply += resp_bulk(item);
  return reply;
}

}  // namespace qc
