#pragma once
// A small reader for EDN, the notation of Jepsen and Knossos histories. It reads only
// what histories use: nil, booleans, integers, strings, keywords, symbols, vectors,
// lists, maps and sets, with `;` comments, commas as whitespace and `#_` discards.
// Errors (ErrorKind::malformed) read "source:line:column: what; expected ...".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "histories/value.h"

namespace qc::edn {

enum class Kind : std::uint8_t { nil, boolean, integer, string, keyword, symbol, vector, list, map, set };

// "a vector", "a map", ...: for messages.
const char* describe(Kind kind);

struct Node {
  Kind kind = Kind::nil;
  bool boolean = false;
  std::int64_t integer = 0;
  std::string text;         // a string's contents; a keyword's or symbol's name, no ':'
  std::vector<Node> items;  // elements of a vector, list or set; a map's keys and values alternate
  std::int64_t line = 0;    // where the form starts, from 1
  std::int64_t column = 0;

  bool is_keyword(std::string_view name) const { return kind == Kind::keyword && text == name; }
  // The value stored under keyword `name` in a map, or nullptr.
  const Node* get(std::string_view name) const;
};

// Histories are re-emitted as JSON, which must be UTF-8: importers reject other bytes
// early, where the message can still name the line.
bool is_valid_utf8(std::string_view text);

// EDN text of a node, compact: {:a 1 :b [2 3]}. Used to keep odd values readable.
std::string to_edn(const Node& node);

// The history Value of a node: nil, an integer, a string, a keyword (as its name without
// ':'), or a vector/list of these. Other kinds have no Value form: nullopt.
std::optional<Value> to_value(const Node& node);

class Reader {
 public:
  // `text` must outlive the reader. It starts at `line` and `column` of `source`, so
  // that a fragment of a line (a log's value field) gets the right position in messages.
  Reader(std::string_view text, std::string source, std::int64_t line = 1, std::int64_t column = 1)
      : text_(text), source_(std::move(source)), line_(line), column_(column) {}

  // The next top-level form, or nullopt at the end of the input.
  Result<std::optional<Node>> next();

  // For readers with a fast path: skips whitespace, comments and discards, and says
  // whether a form follows; rest() is the text from there and line() its line.
  // skip_on_line(n) passes n bytes of a form that does not cross a line break.
  Result<bool> at_form();
  std::string_view rest() const { return text_.substr(position_); }
  std::int64_t line() const { return line_; }
  void skip_on_line(std::size_t bytes) {
    position_ += bytes;
    column_ += static_cast<std::int64_t>(bytes);
  }

 private:
  bool at_end() const { return position_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const;
  void advance();
  Status error(const std::string& what) const;
  Status skip_ignored(int depth);
  Status read_form(Node& node, int depth);
  Status read_collection(Node& node, Kind kind, char closer, int depth);
  Status read_string(Node& node);
  Status read_number(Node& node);
  Status read_symbolic(Node& node);
  std::string_view read_token();

  std::string_view text_;
  std::string source_;
  std::size_t position_ = 0;
  std::int64_t line_;
  std::int64_t column_;
};

// Every top-level form of `text`, in order.
Result<std::vector<Node>> read_all(std::string_view text, const std::string& source);

}  // namespace qc::edn
