// event_from_edn and scan_plain_edn_op: see edn_ops.h. scan_plain_edn_op may decline
// anything, but must never accept a form that event_from_edn would read differently or
// reject.
#include "histories/edn_ops.h"

#include <charconv>

namespace qc {

Status edn_op_error(const std::string& source, const edn::Node& op, const std::string& what) {
  return Status::error(ErrorKind::malformed, source + ":" + std::to_string(op.line) + ": " + what);
}

namespace {

using edn::Kind;
using edn::Node;

// :f, :type and names in general: keywords lose their colon; strings and symbols too.
std::optional<std::string> name_of(const Node* node) {
  if (node == nullptr) return std::nullopt;
  if (node->kind == Kind::keyword || node->kind == Kind::string || node->kind == Kind::symbol) return node->text;
  return std::nullopt;
}

Status read_process(const std::string& source, const Node& op, Event& event) {
  const Node* process = op.get("process");
  if (process != nullptr && process->is_keyword("nemesis")) {
    event.process = kNemesisProcess;
  } else if (process != nullptr && process->kind == Kind::integer && process->integer >= 0) {
    event.process = process->integer;
  } else {
    return edn_op_error(source, op, (process ? ":process is " + edn::to_edn(*process) : std::string("missing :process")) +
                                    "; expected a non-negative integer or :nemesis");
  }
  return Status::ok();
}

Status read_type_and_f(const std::string& source, const Node& op, Event& event) {
  const Node* type = op.get("type");
  auto type_name = name_of(type);
  auto parsed = type_name ? event_type_from_string(*type_name) : std::nullopt;
  if (!parsed) {
    return edn_op_error(source, op, (type ? "unknown :type " + edn::to_edn(*type) : std::string("missing :type")) +
                                    "; expected one of :invoke, :ok, :fail, :info");
  }
  event.type = *parsed;
  auto f = name_of(op.get("f"));
  if (!f || f->empty()) return edn_op_error(source, op, "missing :f; expected the operation's name, such as :read");
  event.f = *f;
  return Status::ok();
}

Status read_key(const std::string& source, const Node& op, Event& event) {
  const Node* key = op.get("key");
  if (key == nullptr || key->kind == Kind::nil) return Status::ok();
  if (key->kind == Kind::integer) {
    event.key = std::to_string(key->integer);
  } else if (auto name = name_of(key)) {
    event.key = *name;
  } else {
    return edn_op_error(source, op, ":key is " + std::string(edn::describe(key->kind)) + "; expected a string or an integer");
  }
  return Status::ok();
}

// Fault events carry free-form values (maps of nodes, descriptions): keep those as EDN
// text rather than reject a history for an annotation the checker never reads.
Status read_value(const std::string& source, const Node& op, Event& event) {
  const Node* value = op.get("value");
  if (value == nullptr) return Status::ok();
  if (auto converted = edn::to_value(*value)) {
    event.value = std::move(*converted);
  } else if (event.is_nemesis()) {
    event.value = Value::string(edn::to_edn(*value));
  } else {
    return edn_op_error(source, op, ":value " + edn::to_edn(*value) + " is " + edn::describe(value->kind) +
                                    "; expected nil, an integer, a string, a keyword or a vector of these");
  }
  return Status::ok();
}

// :time and :error are kept; :index is ignored, since position is the index.
void read_extras(const Node& op, Event& event) {
  if (const Node* time = op.get("time"); time != nullptr && time->kind == Kind::integer) event.time = time->integer;
  if (const Node* error = op.get("error"); error != nullptr && error->kind != Kind::nil) {
    auto name = name_of(error);
    event.error = name ? *name : edn::to_edn(*error);
  }
}

}  // namespace

Status event_from_edn(const std::string& source, const Node& op, Event& event) {
  if (op.kind != Kind::map) {
    return edn_op_error(source, op, "found " + std::string(edn::describe(op.kind)) +
                                    "; expected an op map such as {:process 0, :type :invoke, :f :read, :value nil}");
  }
  event.line = op.line;
  for (auto step : {read_process, read_type_and_f, read_key, read_value}) {
    Status status = step(source, op, event);
    if (!status.is_ok()) return status;
  }
  read_extras(op, event);
  return Status::ok();
}


namespace {

// Vectors nest this deep at most here; deeper ones go to the general reader.
constexpr int kPlainDepthMax = 8;

// Characters of a plain keyword name: letters, digits and the punctuation EDN allows in
// symbols. Anything else, even where EDN allows it, goes to the general reader.
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '*' || c == '+' || c == '!' || c == '?' || c == '<' || c == '>' || c == '=' || c == '/';
}

// What may follow a plain token: a separator or a closing bracket on the same line.
bool ends_token(char c) { return c == ' ' || c == ',' || c == '\t' || c == '}' || c == ']'; }

class PlainEdnScanner {
 public:
  explicit PlainEdnScanner(std::string_view text) : text_(text) {}

  std::size_t position() const { return position_; }

  char peek() {
    while (position_ < text_.size() && (text_[position_] == ' ' || text_[position_] == ',' || text_[position_] == '\t')) {
      ++position_;
    }
    return position_ < text_.size() ? text_[position_] : '\n';
  }
  bool consume(char expected) {
    if (peek() != expected) return false;
    ++position_;
    return true;
  }
  bool at_token_end() const { return position_ < text_.size() && ends_token(text_[position_]); }

  // :name, the name without its colon.
  bool keyword(std::string_view& name) {
    if (!consume(':')) return false;
    const std::size_t start = position_;
    if (start < text_.size() && text_[start] == ':') return false;  // ::auto-resolved
    while (position_ < text_.size() && is_name_char(text_[position_])) ++position_;
    name = text_.substr(start, position_ - start);
    return !name.empty() && at_token_end();
  }

  // A string of printable ASCII without escapes.
  bool string(std::string_view& out) {
    if (!consume('"')) return false;
    const std::size_t start = position_;
    while (position_ < text_.size()) {
      const char c = text_[position_];
      if (c == '"') {
        out = text_.substr(start, position_ - start);
        ++position_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c > 0x7e) return false;
      ++position_;
    }
    return false;
  }

  // Decimal digits with an optional '-', fitting in 64 bits (no 'N', '+', fraction).
  bool integer(std::int64_t& out) {
    peek();
    const std::size_t start = position_;
    if (position_ < text_.size() && text_[position_] == '-') ++position_;
    const std::size_t digits = position_;
    while (position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9') ++position_;
    if (position_ == digits || !at_token_end()) return false;
    const auto [end, failure] = std::from_chars(text_.data() + start, text_.data() + position_, out);
    return failure == std::errc() && end == text_.data() + position_;
  }

  bool nil() {
    peek();
    if (text_.substr(position_, 3) != "nil") return false;
    position_ += 3;
    return at_token_end();
  }

  // nil, an integer, a string, a keyword (as its name) or a vector of these.
  bool value(Value& out, int depth) {
    std::string_view text;
    std::int64_t number = 0;
    switch (peek()) {
      case 'n': out = Value(); return nil();
      case '"':
        if (!string(text)) return false;
        out = Value::string(std::string(text));
        return true;
      case ':':
        if (!keyword(text)) return false;
        out = Value::string(std::string(text));
        return true;
      case '[': return vector(out, depth);
      default:
        if (!integer(number)) return false;
        out = Value::integer(number);
        return true;
    }
  }

 private:
  bool vector(Value& out, int depth) {
    if (depth >= kPlainDepthMax || !consume('[')) return false;
    Value::List items;
    while (!consume(']')) {
      if (!value(items.emplace_back(), depth + 1)) return false;
    }
    out = Value::list(std::move(items));
    return true;
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

enum Field : unsigned { kProcess = 1, kType = 2, kF = 4, kKey = 8, kValue = 16, kTime = 32, kError = 64, kOther = 128 };

Field field_of(std::string_view name) {
  if (name == "process") return kProcess;
  if (name == "type") return kType;
  if (name == "f") return kF;
  if (name == "key") return kKey;
  if (name == "value") return kValue;
  if (name == "time") return kTime;
  if (name == "error") return kError;
  return kOther;
}

// A keyword's or string's text, as name_of reads :type, :f, :key and :error.
bool plain_name(PlainEdnScanner& scan, std::string_view& name) {
  return scan.peek() == ':' ? scan.keyword(name) : scan.string(name);
}

bool scan_field(PlainEdnScanner& scan, Field field, Event& event) {
  std::string_view text;
  std::int64_t number = 0;
  Value ignored;
  switch (field) {
    case kProcess:
      if (scan.peek() == ':') {
        if (!scan.keyword(text) || text != "nemesis") return false;
        event.process = kNemesisProcess;
        return true;
      }
      if (!scan.integer(number) || number < 0) return false;
      event.process = number;
      return true;
    case kType: {
      if (!plain_name(scan, text)) return false;
      const auto type = event_type_from_string(std::string(text));
      if (!type) return false;
      event.type = *type;
      return true;
    }
    case kF:
      if (!plain_name(scan, text) || text.empty()) return false;
      event.f = text;
      return true;
    case kKey:
      if (scan.peek() == 'n') return scan.nil();
      if (scan.peek() == ':' || scan.peek() == '"') {
        if (!plain_name(scan, text)) return false;
        event.key = std::string(text);
        return true;
      }
      if (!scan.integer(number)) return false;
      event.key = std::to_string(number);
      return true;
    case kValue: return scan.value(event.value, 0);
    case kTime:
      if (scan.peek() == 'n') return scan.nil();
      if (!scan.integer(number)) return false;
      event.time = number;
      return true;
    case kError:
      if (scan.peek() == 'n') return scan.nil();
      if (!plain_name(scan, text)) return false;
      event.error = std::string(text);
      return true;
    case kOther: return scan.value(ignored, 0);  // :index and the like: not read
  }
  return false;
}

}  // namespace

std::size_t scan_plain_edn_op(std::string_view text, Event& event) {
  PlainEdnScanner scan(text);
  if (!scan.consume('{')) return 0;
  unsigned seen = 0;
  while (!scan.consume('}')) {
    std::string_view name;
    if (!scan.keyword(name)) return 0;
    const Field field = field_of(name);
    if ((seen & field & ~kOther) != 0) return 0;  // a duplicate: the general reader decides
    seen |= field;
    if (!scan_field(scan, field, event)) return 0;
  }
  constexpr unsigned kRequired = kProcess | kType | kF;
  if ((seen & kRequired) != kRequired) return 0;
  return scan.position();
}

}  // namespace qc
