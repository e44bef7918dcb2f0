#include "histories/import.h"

#include "common/input_file.h"
#include "histories/edn.h"
#include "histories/etcd_log.h"
#include "histories/jsonl.h"

namespace qc {
namespace {

using edn::Kind;
using edn::Node;

Status op_error(const std::string& source, const Node& op, const std::string& what) {
  return Status::error(ErrorKind::malformed, source + ":" + std::to_string(op.line) + ": " + what);
}

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
    return op_error(source, op, (process ? ":process is " + edn::to_edn(*process) : std::string("missing :process")) +
                                    "; expected a non-negative integer or :nemesis");
  }
  return Status::ok();
}

Status read_type_and_f(const std::string& source, const Node& op, Event& event) {
  const Node* type = op.get("type");
  auto type_name = name_of(type);
  auto parsed = type_name ? event_type_from_string(*type_name) : std::nullopt;
  if (!parsed) {
    return op_error(source, op, (type ? "unknown :type " + edn::to_edn(*type) : std::string("missing :type")) +
                                    "; expected one of :invoke, :ok, :fail, :info");
  }
  event.type = *parsed;
  auto f = name_of(op.get("f"));
  if (!f || f->empty()) return op_error(source, op, "missing :f; expected the operation's name, such as :read");
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
    return op_error(source, op, ":key is " + std::string(edn::describe(key->kind)) + "; expected a string or an integer");
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
    return op_error(source, op, ":value " + edn::to_edn(*value) + " is " + edn::describe(value->kind) +
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

Status read_op(const std::string& source, const Node& op, Event& event) {
  if (op.kind != Kind::map) {
    return op_error(source, op, "found " + std::string(edn::describe(op.kind)) +
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

Status append_op(const std::string& source, const Node& op, History& history) {
  Event event;
  event.index = static_cast<std::int64_t>(history.events.size());
  Status status = read_op(source, op, event);
  if (!status.is_ok()) return status;
  history.events.push_back(std::move(event));
  return Status::ok();
}

// Knossos files hold one vector or list of ops; Jepsen and Porcupine write one map per
// op, read and converted one at a time (a million-op file never exists as a tree).
Result<History> parse_edn_history(std::string_view text, const std::string& source) {
  History history;
  history.source = source;
  edn::Reader reader(text, source);
  auto first = reader.next();
  if (!first.is_ok()) return first.status();
  if (!first.value()) return history;
  const Node& head = *first.value();
  if (head.kind == Kind::vector || head.kind == Kind::list) {
    auto second = reader.next();
    if (!second.is_ok()) return second.status();
    if (second.value()) {
      return op_error(source, *second.value(),
                      "a second top-level form after the " + std::string(head.kind == Kind::vector ? "vector" : "list") +
                          " of ops; expected a single vector or list of ops, or one op map per form");
    }
    history.events.reserve(head.items.size());
    for (const Node& op : head.items)
      if (Status s = append_op(source, op, history); !s.is_ok()) return s;
    return history;
  }
  history.events.reserve(expected_event_count(text));
  if (Status s = append_op(source, head, history); !s.is_ok()) return s;
  while (true) {
    auto form = reader.next();
    if (!form.is_ok()) return form.status();
    if (!form.value()) return history;
    if (Status s = append_op(source, *form.value(), history); !s.is_ok()) return s;
  }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The text from the first line that is neither blank nor a `;` comment; `comments` says
// whether any comment came before it.
std::string_view first_content(std::string_view text, bool& comments) {
  std::size_t start = 0;
  comments = false;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    const std::size_t first = line.find_first_not_of(" \t\r,");
    if (first != std::string_view::npos && line[first] != ';') return text.substr(start + first);
    comments = comments || first != std::string_view::npos;
    start = end + 1;
  }
  return {};
}

}  // namespace

std::optional<HistoryFormat> history_format_from_string(const std::string& name) {
  if (name == "auto") return HistoryFormat::automatic;
  if (name == "jsonl") return HistoryFormat::jsonl;
  if (name == "edn" || name == "knossos" || name == "jepsen" || name == "porcupine-kv") return HistoryFormat::edn;
  if (name == "porcupine-etcd") return HistoryFormat::porcupine_etcd;
  return std::nullopt;
}

const char* to_string(HistoryFormat format) {
  switch (format) {
    case HistoryFormat::automatic: return "auto";
    case HistoryFormat::jsonl: return "jsonl";
    case HistoryFormat::edn: return "edn";
    case HistoryFormat::porcupine_etcd: return "porcupine-etcd";
  }
  return "?";
}

HistoryFormat detect_format(std::string_view text) {
  bool comments = false;
  const std::string_view rest = first_content(text, comments);  // runs to the end of the text
  const std::string_view line = rest.substr(0, rest.find('\n'));
  if (line.find(kJepsenUtilMarker) != std::string_view::npos) return HistoryFormat::porcupine_etcd;
  // Only EDN has `;` comments: a file of comments alone is an empty EDN history.
  if (rest.empty()) return comments ? HistoryFormat::edn : HistoryFormat::jsonl;
  if (rest.front() == '[' || rest.front() == '(' || rest.starts_with("#_") || rest.starts_with("#{")) {
    return HistoryFormat::edn;
  }
  if (rest.front() == '{') {
    // A map that spans lines may open with `{` alone: look past the line break.
    std::size_t next = 1;
    while (next < rest.size() && is_space(rest[next])) ++next;
    if (next < rest.size() && rest[next] == ':') return HistoryFormat::edn;
  }
  return HistoryFormat::jsonl;
}

Result<History> parse_history(std::string_view text, const std::string& source, HistoryFormat format) {
  if (format == HistoryFormat::automatic) format = detect_format(text);
  Result<History> parsed = format == HistoryFormat::edn              ? parse_edn_history(text, source)
                           : format == HistoryFormat::porcupine_etcd ? parse_porcupine_etcd(text, source)
                                                                     : parse_jsonl(text, source);
  if (!parsed.is_ok()) return parsed;
  Status valid = validate(parsed.value());
  if (!valid.is_ok()) return valid;
  return parsed;
}

Result<History> load_history(const std::string& path, HistoryFormat format) {
  auto contents = read_input_file(path, "the history file");
  if (!contents.is_ok()) return contents.status();
  return parse_history(contents.value(), path, format);
}

}  // namespace qc
