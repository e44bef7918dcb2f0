#include "faults/schedule_json.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "faults/schedule_rules.h"

namespace qc {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Compact but spaced ({"a": 1, "b": [1, 2]}), so that one event reads as one line.
std::string inline_json(const ordered_json& node) {
  std::string text;
  if (node.is_object() || node.is_array()) {
    const bool object = node.is_object();
    text += object ? "{" : "[";
    bool first = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!first) text += ", ";
      first = false;
      if (object) text += ordered_json(it.key()).dump() + ": ";
      text += inline_json(it.value());
    }
    return text + (object ? "}" : "]");
  }
  return node.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

ordered_json links_to_json(const std::vector<Link>& links) {
  ordered_json array = ordered_json::array();
  for (const auto& [from, to] : links) array.push_back(ordered_json::array({from, to}));
  return array;
}

ordered_json event_to_json(const FaultEvent& event) {
  ordered_json node;
  for (std::string_view field : fault_rules::fields_of(event.kind)) {
    const std::string name(field);
    if (field == "at_op") node[name] = event.at_op;
    if (field == "kind") node[name] = to_string(event.kind);
    if (field == "shape" && !event.shape.empty()) node[name] = event.shape;
    if (field == "links") node[name] = links_to_json(event.links);
    if (field == "nodes") node[name] = event.nodes;
    if (field == "lose_volatile") node[name] = event.lose_volatile;
    if (field == "clock_delta_us") node[name] = event.clock_delta_us;
    if (field == "period_us") node[name] = event.period_us;
    if (field == "until_op") node[name] = event.until_op;
    if (field == "loss_probability") node[name] = event.loss_probability;
    if (field == "extra_delay_us") node[name] = event.extra_delay_us;
  }
  return node;
}

}  // namespace

std::string fault_schedule_to_json(const FaultSchedule& schedule) {
  std::string text = "{\n";
  text += "  \"quiescence_us\": " + std::to_string(schedule.quiescence_us) + ",\n";
  text += "  \"events\": [";
  for (std::size_t i = 0; i < schedule.events.size(); ++i) {
    text += i == 0 ? "\n    " : ",\n    ";
    text += inline_json(event_to_json(schedule.events[i]));
  }
  text += schedule.events.empty() ? "]\n" : "\n  ]\n";
  return text + "}\n";
}

}  // namespace qc
