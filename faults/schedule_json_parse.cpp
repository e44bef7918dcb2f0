// parse_fault_schedule (declared in schedule_json.h): shape and type checks here, with
// the JSON path of each value; the schedule's rules come from schedule_rules.h.
#include <climits>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "common/json_document.h"
#include "faults/schedule_json.h"
#include "faults/schedule_rules.h"

namespace qc {
namespace {

// Schedules of quorumcheck 0.1 placed faults at virtual times; replaying one now would
// put its faults somewhere else, so it is refused, never reinterpreted.
constexpr const char* kTimePlaced =
    "this schedule places faults by virtual time (at_us, duration_us, final_heal_us), as "
    "quorumcheck 0.1 wrote them; expected faults placed by workload progress (at_op, "
    "until_op; the final heal follows the last op): generate the schedule again";

using json = nlohmann::ordered_json;

struct ParseError {
  std::string path;
  std::string what;
};
using MaybeError = std::optional<ParseError>;

// The value as the reader sees it, cut short so a huge array does not flood the message.
std::string shown(const json& node) {
  std::string text = node.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

MaybeError expected(const std::string& path, const json& found, const std::string& what) {
  return ParseError{path, "found " + shown(found) + "; expected " + what};
}

MaybeError read_integer(const json& node, const std::string& path, std::int64_t& out) {
  const std::optional<std::int64_t> value = json_int64(node);
  if (!value) return expected(path, node, "an integer number of microseconds");
  out = *value;
  return std::nullopt;
}

MaybeError read_node_id(const json& node, const std::string& path, int& out) {
  // Negative ids pass here; the rules then report them as out of range.
  const std::optional<std::int64_t> value = json_int64(node);
  if (!value || *value < INT_MIN || *value > INT_MAX) return expected(path, node, "a node id (an integer >= 0)");
  out = static_cast<int>(*value);
  return std::nullopt;
}

MaybeError read_nodes(const json& node, const std::string& path, std::vector<int>& out) {
  if (!node.is_array()) return expected(path, node, "an array of node ids such as [0, 2]");
  out.resize(node.size());
  for (std::size_t i = 0; i < node.size(); ++i) {
    if (auto error = read_node_id(node[i], path + "[" + std::to_string(i) + "]", out[i])) {
      return error;
    }
  }
  return std::nullopt;
}

MaybeError read_links(const json& node, const std::string& path, std::vector<Link>& out) {
  const std::string shape = "an array of [from, to] node pairs such as [[0, 1], [1, 0]]";
  if (!node.is_array()) return expected(path, node, shape);
  out.resize(node.size());
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string link_path = path + "[" + std::to_string(i) + "]";
    if (!node[i].is_array() || node[i].size() != 2) {
      return expected(link_path, node[i], "a [from, to] pair of node ids");
    }
    if (auto error = read_node_id(node[i][0], link_path + "[0]", out[i].first)) return error;
    if (auto error = read_node_id(node[i][1], link_path + "[1]", out[i].second)) return error;
  }
  return std::nullopt;
}

MaybeError read_field(const json& node, const std::string& path, std::string_view field,
                      FaultEvent& event) {
  if (field == "shape") {
    if (!node.is_string()) {
      return expected(path, node, "a shape name: " + fault_rules::partition_shapes_list());
    }
    event.shape = node.get<std::string>();
    return std::nullopt;
  }
  if (field == "links") return read_links(node, path, event.links);
  if (field == "nodes") return read_nodes(node, path, event.nodes);
  if (field == "lose_volatile") {
    if (!node.is_boolean()) return expected(path, node, "true or false");
    event.lose_volatile = node.get<bool>();
    return std::nullopt;
  }
  if (field == "loss_probability") {
    if (!node.is_number()) return expected(path, node, "a number in [0, 1]");
    event.loss_probability = node.get<double>();
    return std::nullopt;
  }
  if (field == "at_op") return read_integer(node, path, event.at_op);
  if (field == "clock_delta_us") return read_integer(node, path, event.clock_delta_us);
  if (field == "period_us") return read_integer(node, path, event.period_us);
  if (field == "until_op") return read_integer(node, path, event.until_op);
  if (field == "extra_delay_us") return read_integer(node, path, event.extra_delay_us);
  return std::nullopt;  // kind, read by the caller
}

std::string kind_names() {
  std::string names;
  for (FaultKind kind : all_fault_kinds())
    names += (names.empty() ? "" : ", ") + std::string(to_string(kind));
  return names;
}

// Fields a kind may leave out; the rest it uses are required.
bool optional_field(std::string_view field) {
  return field == "shape" || field == "lose_volatile" || field == "links";
}

MaybeError read_event(const json& node, const std::string& path, FaultEvent& event) {
  if (!node.is_object()) return expected(path, node, "an event object with at_op and kind");
  auto kind_node = node.find("kind");
  if (kind_node == node.end())
    return ParseError{path, "missing \"kind\"; expected one of " + kind_names()};
  std::optional<FaultKind> kind;
  if (kind_node->is_string()) kind = fault_kind_from_string(kind_node->get<std::string>());
  if (!kind) return expected(path + ".kind", *kind_node, "one of " + kind_names());
  event.kind = *kind;
  const std::string takes =
      std::string(to_string(*kind)) + " takes " + fault_rules::fields_list(*kind);
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it.key() == "at_us" || it.key() == "duration_us") {
      return ParseError{path + "." + it.key(), kTimePlaced};
    }
    if (!fault_rules::uses_field(*kind, it.key())) {
      return ParseError{path + "." + it.key(), "\"" + it.key() + "\" is not a field of " +
                                                   to_string(*kind) + "; expected only what " +
                                                   takes};
    }
  }
  for (std::string_view field : fault_rules::fields_of(*kind)) {
    const std::string field_path = path + "." + std::string(field);
    auto value = node.find(field);
    if (value == node.end()) {
      if (optional_field(field)) continue;
      return ParseError{field_path, "missing; " + takes};
    }
    if (auto error = read_field(*value, field_path, field, event)) return error;
  }
  return std::nullopt;
}

MaybeError read_schedule(const json& root, FaultSchedule& schedule) {
  if (!root.is_object())
    return expected("(top level)", root, "an object with quiescence_us and events");
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() == "final_heal_us") return ParseError{it.key(), kTimePlaced};
    if (it.key() != "quiescence_us" && it.key() != "events") {
      return ParseError{
          it.key(),
          "\"" + it.key() + "\" is not a schedule field; expected only quiescence_us, events"};
    }
  }
  if (root.contains("quiescence_us")) {
    if (auto error = read_integer(root["quiescence_us"], "quiescence_us", schedule.quiescence_us))
      return error;
  }
  auto events = root.find("events");
  if (events == root.end() || !events->is_array()) {
    return ParseError{"events", "missing or not an array; expected an array of events"};
  }
  schedule.events.resize(events->size());
  for (std::size_t i = 0; i < events->size(); ++i) {
    const std::string path = "events[" + std::to_string(i) + "]";
    if (auto error = read_event((*events)[i], path, schedule.events[i])) return error;
  }
  return std::nullopt;
}

}  // namespace

Result<FaultSchedule> parse_fault_schedule(std::string_view text, const std::string& source) {
  auto parsed = parse_json_document(text, source, "a fault schedule object");
  if (!parsed.is_ok()) return parsed.status();
  const json& root = parsed.value();
  FaultSchedule schedule;
  if (auto error = read_schedule(root, schedule)) {
    return Status::error(ErrorKind::malformed, source + ": " + error->path + ": " + error->what);
  }
  if (auto problem = fault_rules::find_problem(schedule, std::nullopt)) {
    std::string path = problem->path;
    if (problem->event_index) {
      path = "events[" + std::to_string(*problem->event_index) + "]" +
             (path.empty() ? "" : "." + path);
    }
    return Status::error(ErrorKind::malformed, source + ": " + path + ": " + problem->what);
  }
  return schedule;
}

}  // namespace qc
