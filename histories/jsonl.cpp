#include "histories/jsonl.h"

#include <nlohmann/json.hpp>

#include "common/json_document.h"
#include "histories/jsonl_scan.h"

namespace qc {
namespace {

using json = nlohmann::ordered_json;

Status line_error(const std::string& source, std::int64_t line, const std::string& what) {
  return Status::error(ErrorKind::malformed, source + ":" + std::to_string(line) + ": " + what);
}

json value_to_json(const Value& value) {
  if (value.is_nil()) return nullptr;
  if (value.is_integer()) return value.as_integer();
  if (value.is_string()) return value.as_string();
  json items = json::array();
  for (const Value& item : value.as_list()) items.push_back(value_to_json(item));
  return items;
}

// Returns false for JSON that has no Value form (objects, booleans, fractions, integers
// beyond 64 bits).
bool value_from_json(const json& node, Value& out) {
  if (node.is_null()) {
    out = Value();
  } else if (node.is_number_integer()) {
    const std::optional<std::int64_t> integer = json_int64(node);
    if (!integer) return false;
    out = Value::integer(*integer);
  } else if (node.is_string()) {
    out = Value::string(node.get<std::string>());
  } else if (node.is_array()) {
    Value::List items;
    for (const json& child : node) {
      Value item;
      if (!value_from_json(child, item)) return false;
      items.push_back(std::move(item));
    }
    out = Value::list(std::move(items));
  } else {
    return false;
  }
  return true;
}

Status event_from_json(const json& node, const std::string& source, std::int64_t line,
                       Event& event) {
  auto fail = [&](const std::string& what) { return line_error(source, line, what); };
  if (!node.is_object()) return fail("expected a JSON object per line");
  event.line = line;
  constexpr const char* int64_range = "a 64-bit signed integer (-2^63 .. 2^63-1)";
  if (auto it = node.find("index"); it != node.end()) {
    const auto index = json_int64(*it);
    if (!index) return fail("\"index\" is " + it->dump() + "; expected " + int64_range);
    event.index = *index;
  }
  if (auto it = node.find("time"); it != node.end() && !it->is_null()) {
    const auto time = json_int64(*it);
    if (!time) return fail("\"time\" is " + it->dump() + "; expected " + int64_range);
    event.time = *time;
  }
  auto process = node.find("process");
  if (process == node.end()) return fail("missing \"process\"; expected an integer or \"nemesis\"");
  if (const auto id = json_int64(*process); id && *id >= 0) {
    event.process = *id;
  } else if (process->is_string() && process->get<std::string>() == "nemesis") {
    event.process = kNemesisProcess;
  } else {
    return fail("\"process\" is " + process->dump() + "; expected a non-negative integer or \"nemesis\"");
  }
  auto type = node.find("type");
  if (type == node.end() || !type->is_string()) {
    return fail("missing \"type\"; expected one of invoke, ok, fail, info");
  }
  auto parsed_type = event_type_from_string(type->get<std::string>());
  if (!parsed_type) return fail("\"type\" is " + type->dump() + "; expected one of invoke, ok, fail, info");
  event.type = *parsed_type;
  auto f = node.find("f");
  if (f == node.end() || !f->is_string() || f->get<std::string>().empty()) {
    return fail("missing \"f\"; expected the operation's name as a string, such as \"read\"");
  }
  event.f = f->get<std::string>();
  if (auto it = node.find("key"); it != node.end() && !it->is_null()) {
    if (it->is_string()) {
      event.key = it->get<std::string>();
    } else if (const auto integer = json_int64(*it)) {
      event.key = std::to_string(*integer);
    } else {
      return fail("\"key\" is " + it->dump() + "; expected a string or " + int64_range);
    }
  }
  if (auto it = node.find("value"); it != node.end()) {
    if (!value_from_json(*it, event.value)) {
      return fail("\"value\" is " + it->dump() + "; expected null, " + int64_range +
                  ", a string or a list of these");
    }
  }
  if (auto it = node.find("error"); it != node.end() && !it->is_null()) {
    event.error = it->is_string() ? it->get<std::string>() : it->dump();
  }
  return Status::ok();
}

}  // namespace

Status parse_jsonl_event(std::string_view line, const std::string& source, std::int64_t line_number,
                         Event& event, bool& has_index) {
  auto parsed = parse_json_document(line, source, "one JSON object per line", line_number);
  if (!parsed.is_ok()) return parsed.status();
  const json& node = parsed.value();
  has_index = node.is_object() && node.contains("index");
  return event_from_json(node, source, line_number, event);
}

Status parse_jsonl(std::string_view text, const std::string& source, const EventSink& sink) {
  std::int64_t line = 0;
  std::size_t start = 0;
  bool indices_given = false;
  std::optional<std::int64_t> previous_index;
  std::int64_t out_of_order_line = 0, out_of_order_index = 0;  // the first index that does not increase
  Event event;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(start, end - start);
    ++line;
    start = end + 1;
    if (content.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    // A line without "index" follows the one before it.
    const std::int64_t next_index = previous_index ? *previous_index + 1 : 0;
    event = Event{};
    event.index = next_index;
    event.line = line;
    bool has_index = false;
    if (!scan_plain_event(content, event, has_index)) {
      event = Event{};  // the fast path may have filled part of it
      event.index = next_index;
      Status status = parse_jsonl_event(content, source, line, event, has_index);
      if (!status.is_ok()) return status;
    }
    indices_given = indices_given || has_index;
    if (previous_index && event.index <= *previous_index && out_of_order_line == 0) {
      out_of_order_line = event.line;
      out_of_order_index = event.index;
    }
    previous_index = event.index;
    sink(event);
  }
  if (indices_given && out_of_order_line > 0) {
    return line_error(source, out_of_order_line,
                      "\"index\" " + std::to_string(out_of_order_index) +
                          " does not increase; expected events in history order");
  }
  return Status::ok();
}

Result<History> parse_jsonl(std::string_view text, const std::string& source) {
  History history;
  history.source = source;
  history.events.reserve(expected_event_count(text));
  Status status = parse_jsonl(text, source, [&history](const Event& event) { history.events.push_back(event); });
  if (!status.is_ok()) return status;
  return history;
}

std::string event_to_json_line(const Event& event) {
  // nlohmann's ordered_json keeps insertion order, so the bytes are stable.
  nlohmann::ordered_json node;
  node["index"] = event.index;
  if (event.time) node["time"] = *event.time;
  if (event.is_nemesis()) {
    node["process"] = "nemesis";
  } else {
    node["process"] = event.process;
  }
  node["type"] = to_string(event.type);
  node["f"] = event.f;
  if (event.key) node["key"] = *event.key;
  node["value"] = value_to_json(event.value);
  if (event.error) node["error"] = *event.error;
  // Replace, not throw, on bytes that are not UTF-8: writing a history never fails.
  return node.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string to_jsonl(const History& history) {
  std::string text;
  for (const Event& event : history.events) text += event_to_json_line(event);
  return text;
}

}  // namespace qc
