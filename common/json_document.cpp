#include "common/json_document.h"

#include <algorithm>

namespace qc {
namespace {

struct Position {
  std::int64_t line;
  std::int64_t column;
};

// The line and column of byte `offset` (clamped to the text), lines from `first_line`.
Position position_of(std::string_view text, std::size_t offset, std::int64_t first_line) {
  offset = std::min(offset, text.size());
  Position at{first_line, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return at;
}

Status error_at(const std::string& source, Position at, const std::string& what) {
  return Status::error(ErrorKind::malformed,
                       source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + what);
}

// The offset of the first bracket that opens level kJsonDepthMax + 1, outside strings.
std::optional<std::size_t> too_deep_at(std::string_view text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kJsonDepthMax) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<nlohmann::ordered_json> parse_json_document(std::string_view text, const std::string& source,
                                                  const std::string& expected, std::int64_t first_line) {
  if (auto deep = too_deep_at(text))
    return error_at(source, position_of(text, *deep, first_line),
                    "nested more than " + std::to_string(kJsonDepthMax) + " levels deep; expected " + expected);
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::out_of_range& error) {  // a number beyond a double: 1e400
    std::string detail = error.what();
    if (auto bracket = detail.find("] "); bracket != std::string::npos) detail = detail.substr(bracket + 2);
    return Status::error(ErrorKind::malformed, source + ": not valid JSON: " + detail + "; expected " + expected);
  } catch (const nlohmann::json::parse_error& error) {
    // error.byte counts from 1 and points just past the offending character.
    const std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
    std::string detail = error.what();
    if (auto colon = detail.find(": ", detail.find("column")); colon != std::string::npos)
      detail = detail.substr(colon + 2);
    const bool truncated = offset >= text.size();
    const std::string headline = truncated ? "the JSON ends too early (truncated file?): " : "not valid JSON: ";
    return error_at(source, position_of(text, offset, first_line), headline + detail + "; expected " + expected);
  }
}

}  // namespace qc
