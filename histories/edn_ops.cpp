// event_from_edn and scan_plain_edn_op: see edn_ops.h. scan_plain_edn_op may decline
// anything, but must never accept a form that event_from_edn would read differently or
// reject.
#include "histories/edn_ops.h"

#include "histories/plain_cursor.h"

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

// EDN's plain tokens on a PlainCursor (commas are whitespace; a line break ends the
// fast path, since the form would no longer be on one line).
class PlainEdnScanner {
 public:
  explicit PlainEdnScanner(std::string_view text) : cursor_(text, " ,\t") {}

  std::size_t position() const { return cursor_.position(); }
  char peek() { return cursor_.peek(); }
  bool consume(char expected) { return cursor_.consume(expected); }
  bool string(std::string_view& out) { return cursor_.quoted(out); }
  bool nil() { return cursor_.word("nil") && at_token_end(); }

  // :name, the name without its colon.
  bool keyword(std::string_view& name) {
    if (!consume(':') || cursor_.here() == ':') return false;  // not ::auto-resolved
    name = cursor_.run(is_name_char);
    return !name.empty() && at_token_end();
  }

  // Decimal digits with an optional '-', fitting in 64 bits (no 'N', '+', fraction).
  bool integer(std::int64_t& out) {
    bool leading_zero = false;  // EDN reads 05 as 5, as the general reader does
    return cursor_.integer(out, leading_zero) && at_token_end();
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

  bool at_token_end() const { return ends_token(cursor_.here()); }

  PlainCursor cursor_;
};

// A keyword's or string's text, as name_of reads :type, :f, :key and :error.
bool plain_name(PlainEdnScanner& scan, std::string_view& name) {
  return scan.peek() == ':' ? scan.keyword(name) : scan.string(name);
}

bool scan_field(PlainEdnScanner& scan, EventField field, Event& event) {
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
    case kIndex:  // position is the index: :index is not read
    case kOther: return scan.value(ignored, 0);
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
    const EventField field = event_field_of(name);
    if (seen_before(seen, field)) return 0;  // a duplicate: the general reader decides
    if (!scan_field(scan, field, event)) return 0;
  }
  constexpr unsigned kRequired = kProcess | kType | kF;
  if ((seen & kRequired) != kRequired) return 0;
  return scan.position();
}

}  // namespace qc
