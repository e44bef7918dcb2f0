#include "histories/edn.h"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace qc::edn {
namespace {

// Deep enough for any history; a limit keeps hostile input from exhausting the stack.
constexpr int kMaxDepth = 200;

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ','; }
// A NUL byte is neither (std::strchr would find the set's own terminator): it is read as
// an unexpected character, not as an empty symbol read for ever.
bool is_delimiter(char c) { return c != '\0' && (is_whitespace(c) || std::strchr("()[]{}\";", c) != nullptr); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_symbol_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c != '\0' && std::strchr("*+!-_?<>=./&$%", c) != nullptr);
}

std::string quote_char(char c) {
  if (c == '\n') return "a line break";
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7f) {  // a control byte, shown by its code
    char code[16];
    std::snprintf(code, sizeof code, "byte 0x%02x", byte);
    return code;
  }
  return std::string("'") + c + "'";
}

// Appends code point `code` as UTF-8 (\uXXXX escapes give code points up to 0xFFFF).
void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

const char* closer_name(Kind kind) {
  switch (kind) {
    case Kind::list: return ")";
    case Kind::vector: return "]";
    default: return "}";
  }
}

}  // namespace

const char* describe(Kind kind) {
  switch (kind) {
    case Kind::nil: return "nil";
    case Kind::boolean: return "a boolean";
    case Kind::integer: return "an integer";
    case Kind::string: return "a string";
    case Kind::keyword: return "a keyword";
    case Kind::symbol: return "a symbol";
    case Kind::vector: return "a vector";
    case Kind::list: return "a list";
    case Kind::map: return "a map";
    case Kind::set: return "a set";
  }
  return "?";
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                             : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
  }
  return true;
}

const Node* Node::get(std::string_view name) const {
  if (kind != Kind::map) return nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].is_keyword(name)) return &items[i + 1];
  }
  return nullptr;
}

std::string to_edn(const Node& node) {
  auto join = [&](const char* open, const char* close) {
    std::string text = open;
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      if (i > 0) text += ' ';
      text += to_edn(node.items[i]);
    }
    return text + close;
  };
  switch (node.kind) {
    case Kind::nil: return "nil";
    case Kind::boolean: return node.boolean ? "true" : "false";
    case Kind::integer: return std::to_string(node.integer);
    case Kind::keyword: return ":" + node.text;
    case Kind::symbol: return node.text;
    case Kind::vector: return join("[", "]");
    case Kind::list: return join("(", ")");
    case Kind::map: return join("{", "}");
    case Kind::set: return join("#{", "}");
    case Kind::string: break;
  }
  std::string text = "\"";
  for (char c : node.text) {
    if (c == '"' || c == '\\') text += '\\';
    text += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return text + "\"";
}

std::optional<Value> to_value(const Node& node) {
  switch (node.kind) {
    case Kind::nil: return Value();
    case Kind::integer: return Value::integer(node.integer);
    case Kind::string:
    case Kind::keyword: return Value::string(node.text);
    case Kind::vector:
    case Kind::list: {
      Value::List items;
      for (const Node& item : node.items) {
        auto value = to_value(item);
        if (!value) return std::nullopt;
        items.push_back(std::move(*value));
      }
      return Value::list(std::move(items));
    }
    default: return std::nullopt;
  }
}

char Reader::peek(std::size_t ahead) const {
  return position_ + ahead < text_.size() ? text_[position_ + ahead] : '\0';
}

void Reader::advance() {
  if (text_[position_] == '\n') {
    ++line_;
    column_ = 1;
  } else {
    ++column_;
  }
  ++position_;
}

Status Reader::error(const std::string& what) const {
  return Status::error(ErrorKind::malformed, source_ + ":" + std::to_string(line_) + ":" +
                                                 std::to_string(column_) + ": " + what);
}

Status Reader::skip_ignored(int depth) {
  // `#_ #_ #_ ...` nests too (each discard reads the next form first): counted like
  // brackets, so a long chain is an error, not a stack overflow.
  if (depth > kMaxDepth) return error("nesting deeper than 200 levels (#_ discards count); expected flatter data");
  while (!at_end()) {
    if (is_whitespace(peek())) {
      advance();
    } else if (peek() == ';') {
      while (!at_end() && peek() != '\n') advance();
    } else if (peek() == '#' && peek(1) == '_') {
      advance();
      advance();
      Status skipped = skip_ignored(depth + 1);
      if (!skipped.is_ok()) return skipped;
      if (at_end()) return error("end of file after #_ (truncated file?); expected a form to discard");
      Node discarded;
      Status status = read_form(discarded, depth);
      if (!status.is_ok()) return status;
    } else {
      break;
    }
  }
  return Status::ok();
}

std::string_view Reader::read_token() {
  const std::size_t start = position_;
  while (!at_end() && !is_delimiter(peek())) advance();
  return text_.substr(start, position_ - start);
}

Status Reader::read_form(Node& node, int depth) {
  if (depth > kMaxDepth) return error("nesting deeper than 200 levels; expected flatter data");
  node.line = line_;
  node.column = column_;
  const char c = peek();
  if (c == '"') return read_string(node);
  if (c == '[') return read_collection(node, Kind::vector, ']', depth);
  if (c == '(') return read_collection(node, Kind::list, ')', depth);
  if (c == '{') return read_collection(node, Kind::map, '}', depth);
  if (c == '#' && peek(1) == '{') {
    advance();
    return read_collection(node, Kind::set, '}', depth);
  }
  if (c == '#') return error("unsupported tag or dispatch '#" + std::string(1, peek(1)) + "'; expected #{ or #_");
  if (is_digit(c) || ((c == '-' || c == '+') && is_digit(peek(1)))) return read_number(node);
  if (c == ':' || is_symbol_start(c)) return read_symbolic(node);
  if (c == ']' || c == ')' || c == '}') return error("unmatched " + quote_char(c) + "; expected a value");
  return error("unexpected " + quote_char(c) + "; expected a value (nil, a number, a string, a keyword, [, (, { or #{)");
}

Status Reader::read_collection(Node& node, Kind kind, char closer, int depth) {
  node.kind = kind;
  // Built only for a message: a history has a million of these collections.
  const auto opened = [&] { return std::string(describe(kind)) + " opened at line " + std::to_string(node.line); };
  if (kind == Kind::map) node.items.reserve(10);  // an op map: :process :type :f :key :value
  advance();  // the opening bracket
  while (true) {
    Status skipped = skip_ignored(depth + 1);
    if (!skipped.is_ok()) return skipped;
    if (at_end()) {
      return error("end of file inside " + opened() + " (truncated file?); expected " + closer_name(kind));
    }
    const char c = peek();
    if (c == closer) break;
    if (c == ']' || c == ')' || c == '}') {
      return error("unexpected " + quote_char(c) + " inside " + opened() + "; expected " + closer_name(kind));
    }
    Node item;
    Status status = read_form(item, depth + 1);
    if (!status.is_ok()) return status;
    node.items.push_back(std::move(item));
  }
  if (kind == Kind::map && node.items.size() % 2 != 0) {
    return error(opened() + " has a key without a value; expected pairs of key and value");
  }
  advance();  // the closing bracket
  return Status::ok();
}

Status Reader::read_string(Node& node) {
  node.kind = Kind::string;
  advance();  // the opening quote
  while (true) {
    if (at_end()) {
      return error("end of file inside the string opened at line " + std::to_string(node.line) +
                   " (truncated file?); expected a closing \"");
    }
    // A run of plain characters in one append (no newline in it: advance() counts lines).
    std::size_t run = position_;
    while (run < text_.size() && text_[run] != '"' && text_[run] != '\\' && text_[run] != '\n') ++run;
    if (run > position_) {
      node.text.append(text_.data() + position_, run - position_);
      column_ += static_cast<std::int64_t>(run - position_);
      position_ = run;
      continue;
    }
    const char c = peek();
    advance();
    if (c == '"') break;
    if (c != '\\') {
      node.text += c;
      continue;
    }
    const char escaped = peek();
    if (at_end()) continue;  // reported as end of file above
    advance();
    switch (escaped) {
      case '"': node.text += '"'; break;
      case '\\': node.text += '\\'; break;
      case 'n': node.text += '\n'; break;
      case 't': node.text += '\t'; break;
      case 'r': node.text += '\r'; break;
      case 'b': node.text += '\b'; break;
      case 'f': node.text += '\f'; break;
      case 'u': {
        std::string_view hex = text_.substr(position_, 4);
        unsigned code = 0;
        auto [end, failure] = std::from_chars(hex.data(), hex.data() + hex.size(), code, 16);
        if (hex.size() != 4 || failure != std::errc() || end != hex.data() + 4) {
          return error("bad \\u escape in string; expected four hex digits");
        }
        for (int k = 0; k < 4; ++k) advance();
        append_utf8(node.text, code);
        break;
      }
      default:
        return error("unknown escape \\" + std::string(1, escaped) +
                     " in string; expected one of \\\" \\\\ \\n \\t \\r \\b \\f \\uXXXX");
    }
  }
  if (!is_valid_utf8(node.text)) {
    return error("the string opened at line " + std::to_string(node.line) + " is not valid UTF-8; expected UTF-8 text");
  }
  return Status::ok();
}

Status Reader::read_number(Node& node) {
  node.kind = Kind::integer;
  std::string token(read_token());
  if (token.find_first_of(".eEM/") != std::string::npos) {
    return error("number " + token + " is not an integer; expected an integer (fractions are not supported)");
  }
  std::string digits = token;
  if (!digits.empty() && digits.back() == 'N') digits.pop_back();  // EDN's big-integer suffix
  if (!digits.empty() && digits.front() == '+') digits.erase(0, 1);
  auto [end, failure] = std::from_chars(digits.data(), digits.data() + digits.size(), node.integer);
  if (failure == std::errc::result_out_of_range) {
    return error("integer " + token + " does not fit in 64 bits; expected a smaller integer");
  }
  if (failure != std::errc() || end != digits.data() + digits.size()) {
    return error("'" + token + "' is not a number; expected an integer");
  }
  return Status::ok();
}

Status Reader::read_symbolic(Node& node) {
  const bool keyword = peek() == ':';
  if (keyword) advance();
  std::string_view token = read_token();
  if (!is_valid_utf8(token)) return error("a keyword or symbol is not valid UTF-8; expected UTF-8 text");
  if (keyword) {
    if (token.empty()) return error("empty keyword; expected a name after ':'");
    node.kind = Kind::keyword;
    node.text = token;
  } else if (token == "nil") {
    node.kind = Kind::nil;
  } else if (token == "true" || token == "false") {
    node.kind = Kind::boolean;
    node.boolean = token == "true";
  } else {
    node.kind = Kind::symbol;
    node.text = token;
  }
  return Status::ok();
}

Result<bool> Reader::at_form() {
  Status skipped = skip_ignored(0);
  if (!skipped.is_ok()) return skipped;
  return !at_end();
}

Result<std::optional<Node>> Reader::next() {
  Status skipped = skip_ignored(0);
  if (!skipped.is_ok()) return skipped;
  if (at_end()) return std::optional<Node>();
  Node node;
  Status status = read_form(node, 0);
  if (!status.is_ok()) return status;
  return std::optional<Node>(std::move(node));
}

Result<std::vector<Node>> read_all(std::string_view text, const std::string& source) {
  Reader reader(text, source);
  std::vector<Node> forms;
  while (true) {
    auto form = reader.next();
    if (!form.is_ok()) return form.status();
    if (!form.value()) return forms;
    forms.push_back(std::move(*form.value()));
  }
}

}  // namespace qc::edn
