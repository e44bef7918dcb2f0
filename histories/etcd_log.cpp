#include "histories/etcd_log.h"

#include <charconv>

#include "histories/edn.h"

namespace qc {
namespace {

constexpr const char* kExpectedLine =
    "expected 'INFO  jepsen.util - <process> :<type> :<f> <value>'";

Status line_error(const std::string& source, std::int64_t line, const std::string& what) {
  return Status::error(ErrorKind::malformed, source + ":" + std::to_string(line) + ": " + what);
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Splits off the next field separated by tabs or spaces; empty at the end of the line.
std::string_view next_field(std::string_view& rest) {
  std::size_t start = 0;
  while (start < rest.size() && is_blank(rest[start])) ++start;
  std::size_t end = start;
  while (end < rest.size() && !is_blank(rest[end])) ++end;
  std::string_view field = rest.substr(start, end - start);
  rest.remove_prefix(end);
  return field;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

bool parse_process(std::string_view field, std::int64_t& process) {
  if (field == ":nemesis") {
    process = kNemesisProcess;
    return true;
  }
  auto [end, failure] = std::from_chars(field.data(), field.data() + field.size(), process);
  return failure == std::errc() && end == field.data() + field.size() && process >= 0;
}

// The value field is a single EDN form; the EDN reader gives its errors a column.
Status parse_value(std::string_view text, const std::string& source, std::int64_t line,
                   std::int64_t column, Event& event) {
  const std::string expected = "expected nil, an integer, [from to] or :timed-out";
  edn::Reader reader(text, source, line, column);
  auto form = reader.next();
  if (!form.is_ok()) return form.status();
  auto extra = reader.next();
  if (!extra.is_ok()) return extra.status();
  if (!form.value() || extra.value()) return line_error(source, line, "value '" + std::string(text) + "'; " + expected);
  const edn::Node& node = *form.value();
  if (event.type == EventType::info && node.is_keyword("timed-out")) return Status::ok();  // unknown: nil
  // Porcupine's etcd logs hold integers and nil; a keyword elsewhere (a read that "returns"
  // :timed-out) is not a value any write wrote, and reading it as one would fool the check.
  if (node.kind == edn::Kind::keyword)
    return line_error(source, line, "value '" + std::string(text) + "' on :" + to_string(event.type) +
                                        "; expected nil, an integer or [from to] (:timed-out only on :info)");
  auto value = edn::to_value(node);
  if (!value) {
    return line_error(source, line, "value '" + std::string(text) + "' is " + edn::describe(node.kind) + "; " + expected);
  }
  event.value = std::move(*value);
  return Status::ok();
}

Status parse_line(std::string_view content, const std::string& source, std::int64_t line,
                  bool last_line, Event& event) {
  if (!edn::is_valid_utf8(content)) return line_error(source, line, "this line is not valid UTF-8; expected UTF-8 text");
  const std::size_t marker = content.find(kJepsenUtilMarker);
  if (marker == std::string_view::npos) return line_error(source, line, std::string("no '") + std::string(kJepsenUtilMarker) + "' in this line; " + kExpectedLine);
  std::string_view rest = content.substr(marker + kJepsenUtilMarker.size());
  const std::string_view process = next_field(rest);
  const std::string_view type = next_field(rest);
  const std::string_view f = next_field(rest);
  const std::string_view value = trim(rest);
  if (value.empty()) {
    return line_error(source, line, std::string(last_line ? "the last line is incomplete (truncated file?); " : "missing fields; ") + kExpectedLine);
  }
  if (!parse_process(process, event.process)) {
    return line_error(source, line, "process '" + std::string(process) + "'; expected a non-negative integer or :nemesis");
  }
  auto parsed_type = type.starts_with(':') ? event_type_from_string(std::string(type.substr(1))) : std::nullopt;
  if (!parsed_type) {
    return line_error(source, line, "unknown type '" + std::string(type) + "'; expected one of :invoke, :ok, :fail, :info");
  }
  event.type = *parsed_type;
  if (f.size() < 2 || f.front() != ':') return line_error(source, line, "f '" + std::string(f) + "'; expected a keyword such as :read");
  event.f = std::string(f.substr(1));
  event.line = line;
  const auto column = static_cast<std::int64_t>(value.data() - content.data()) + 1;
  return parse_value(value, source, line, column, event);
}

}  // namespace

Status parse_porcupine_etcd(std::string_view text, const std::string& source, const EventSink& sink) {
  std::int64_t line = 0;
  std::int64_t index = 0;
  std::size_t start = 0;
  Event event;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view content = text.substr(start, end - start);
    ++line;
    start = end + 1;
    if (trim(content).empty()) continue;
    event = Event{};
    event.index = index++;
    Status status = parse_line(content, source, line, end == text.size(), event);
    if (!status.is_ok()) return status;
    sink(event);
  }
  return Status::ok();
}

}  // namespace qc
