#include "histories/import.h"

#include "common/input_file.h"
#include "histories/edn.h"
#include "histories/edn_ops.h"
#include "histories/etcd_log.h"
#include "histories/jsonl.h"

namespace qc {
namespace {

using edn::Kind;
using edn::Node;

// Hands each op map of an EDN history to a sink, numbering the events from 0.
class EdnOps {
 public:
  EdnOps(const std::string& source, const EventSink& sink) : source_(source), sink_(sink) {}

  Status add(const Node& op) {
    event_ = Event{};
    event_.index = count_;
    Status status = event_from_edn(source_, op, event_);
    if (!status.is_ok()) return status;
    emit();
    return Status::ok();
  }

  // The op map at the reader's position: on the fast path when it is a plain one-line
  // map (edn_ops.h), else as a form of the EDN reader.
  Status add_next(edn::Reader& reader) {
    event_ = Event{};
    event_.index = count_;
    event_.line = reader.line();
    if (const std::size_t used = scan_plain_edn_op(reader.rest(), event_); used > 0) {
      reader.skip_on_line(used);
      emit();
      return Status::ok();
    }
    auto form = reader.next();
    if (!form.is_ok()) return form.status();
    return add(*form.value());
  }

 private:
  void emit() {
    sink_(event_);
    ++count_;
  }

  const std::string& source_;
  const EventSink& sink_;
  Event event_;
  std::int64_t count_ = 0;
};

// Knossos files hold one vector or list of ops; Jepsen and Porcupine write one map per
// op, read and converted one at a time (a million-op file never exists as a tree).
Status parse_edn_history(std::string_view text, const std::string& source, const EventSink& sink) {
  edn::Reader reader(text, source);
  EdnOps ops(source, sink);
  auto any = reader.at_form();
  if (!any.is_ok()) return any.status();
  if (!any.value()) return Status::ok();
  if (reader.rest().front() == '[' || reader.rest().front() == '(') {
    auto first = reader.next();
    if (!first.is_ok()) return first.status();
    const Node& head = *first.value();
    auto second = reader.next();
    if (!second.is_ok()) return second.status();
    if (second.value()) {
      return edn_op_error(source, *second.value(),
                          "a second top-level form after the " +
                              std::string(head.kind == Kind::vector ? "vector" : "list") +
                              " of ops; expected a single vector or list of ops, or one op map per form");
    }
    for (const Node& op : head.items)
      if (Status s = ops.add(op); !s.is_ok()) return s;
    return Status::ok();
  }
  while (true) {
    if (Status s = ops.add_next(reader); !s.is_ok()) return s;
    auto more = reader.at_form();
    if (!more.is_ok()) return more.status();
    if (!more.value()) return Status::ok();
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

Status parse_history(std::string_view text, const std::string& source, HistoryFormat format,
                     const EventSink& sink) {
  if (format == HistoryFormat::automatic) format = detect_format(text);
  if (format == HistoryFormat::edn) return parse_edn_history(text, source, sink);
  if (format == HistoryFormat::porcupine_etcd) return parse_porcupine_etcd(text, source, sink);
  return parse_jsonl(text, source, sink);
}

Result<History> parse_history(std::string_view text, const std::string& source, HistoryFormat format) {
  History history;
  history.source = source;
  history.events.reserve(expected_event_count(text));
  OperationPairer rules(source, false);
  Status parsed = parse_history(text, source, format, [&](const Event& event) {
    history.events.push_back(event);
    rules.add(event);
  });
  if (!parsed.is_ok()) return parsed;
  if (auto valid = rules.finish(); !valid.is_ok()) return valid.status();
  return history;
}

Result<History> load_history(const std::string& path, HistoryFormat format) {
  auto contents = read_input_file(path, "the history file");
  if (!contents.is_ok()) return contents.status();
  return parse_history(contents.value(), path, format);
}

Result<std::vector<Operation>> load_operations(const std::string& path, HistoryFormat format) {
  auto contents = read_input_file(path, "the history file");
  if (!contents.is_ok()) return contents.status();
  // Room for an operation per two lines and an eighth more for ops that never complete,
  // reserved once: a regrowth would copy hundreds of megabytes, and room never filled is
  // never touched. Histories with more open ops than that still grow as needed.
  const std::size_t events = expected_event_count(contents.value());
  OperationPairer pairer(path, true, events / 2 + events / 8 + 1);
  Status parsed = parse_history(contents.value(), path, format, [&pairer](const Event& event) { pairer.add(event); });
  if (!parsed.is_ok()) return parsed;
  return pairer.finish();
}

}  // namespace qc
