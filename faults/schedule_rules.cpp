#include "faults/schedule_rules.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <sstream>

#include "common/assert.h"
#include "common/durations.h"

namespace qc::fault_rules {
namespace {

using std::string_view_literals::operator""sv;

constexpr std::array kPartitionFields{"at_op"sv, "kind"sv, "shape"sv, "links"sv};
constexpr std::array kHealFields{"at_op"sv, "kind"sv};
constexpr std::array kCrashFields{"at_op"sv, "kind"sv, "nodes"sv, "lose_volatile"sv};
constexpr std::array kNodesFields{"at_op"sv, "kind"sv, "nodes"sv};
constexpr std::array kBumpFields{"at_op"sv, "kind"sv, "nodes"sv, "clock_delta_us"sv};
constexpr std::array kStrobeFields{"at_op"sv,          "kind"sv,      "nodes"sv,
                                   "clock_delta_us"sv, "period_us"sv, "until_op"sv};
constexpr std::array kLossFields{"at_op"sv, "kind"sv, "until_op"sv, "loss_probability"sv,
                                 "links"sv};
constexpr std::array kDelayFields{"at_op"sv, "kind"sv, "until_op"sv, "extra_delay_us"sv,
                                  "links"sv};
constexpr std::array kShapes{"halves"sv, "random-halves"sv,   "isolate"sv,
                             "bridge"sv, "majorities-ring"sv, "grudge"sv};

std::string join(std::span<const std::string_view> names) {
  std::string text;
  for (std::string_view name : names) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

// Whether a field differs from its default, i.e. whether a writer would lose it.
bool field_is_set(const FaultEvent& event, std::string_view field) {
  if (field == "shape") return !event.shape.empty();
  if (field == "links") return !event.links.empty();
  if (field == "nodes") return !event.nodes.empty();
  if (field == "lose_volatile") return !event.lose_volatile;
  if (field == "clock_delta_us") return event.clock_delta_us != 0;
  if (field == "period_us") return event.period_us != 0;
  if (field == "until_op") return event.until_op != 0;
  if (field == "loss_probability") return event.loss_probability != 0.0;
  if (field == "extra_delay_us") return event.extra_delay_us != 0;
  return false;  // at_op and kind are always meaningful
}

constexpr std::array kOptionalFields{
    "shape"sv,          "links"sv,     "nodes"sv,       "lose_volatile"sv,
    "clock_delta_us"sv, "period_us"sv, "until_op"sv, "loss_probability"sv,
    "extra_delay_us"sv};

using MaybeProblem = std::optional<Problem>;

MaybeProblem problem(std::string path, std::string what) {
  return Problem{std::nullopt, std::move(path), std::move(what)};
}

std::string node_range(std::optional<int> node_count) {
  return node_count ? "0.." + std::to_string(*node_count - 1) : "a node id >= 0";
}

MaybeProblem node_problem(int node, const std::string& path, std::optional<int> node_count) {
  const bool out_of_range = node < 0 || (node_count && node >= *node_count);
  if (!out_of_range) return std::nullopt;
  return problem(path, "node " + std::to_string(node) + " is out of range; expected " +
                           node_range(node_count));
}

MaybeProblem nodes_problem(const FaultEvent& event, std::optional<int> node_count) {
  if (event.nodes.empty()) {
    return problem("nodes", "nodes is empty; expected at least one node");
  }
  std::set<int> seen;
  for (std::size_t i = 0; i < event.nodes.size(); ++i) {
    const std::string path = "nodes[" + std::to_string(i) + "]";
    if (auto found = node_problem(event.nodes[i], path, node_count)) return found;
    if (!seen.insert(event.nodes[i]).second) {
      return problem(path, "node " + std::to_string(event.nodes[i]) +
                               " appears twice; expected each node once");
    }
  }
  return std::nullopt;
}

MaybeProblem links_problem(const FaultEvent& event, std::optional<int> node_count) {
  std::set<Link> seen;
  for (std::size_t i = 0; i < event.links.size(); ++i) {
    const std::string path = "links[" + std::to_string(i) + "]";
    const auto [from, to] = event.links[i];
    if (auto found = node_problem(from, path + "[0]", node_count)) return found;
    if (auto found = node_problem(to, path + "[1]", node_count)) return found;
    const std::string name = "link [" + std::to_string(from) + ", " + std::to_string(to) + "]";
    if (from == to) return problem(path, name + " joins a node to itself; expected two nodes");
    if (!seen.insert(event.links[i]).second) {
      return problem(path, name + " appears twice; expected each link once");
    }
  }
  return std::nullopt;
}

MaybeProblem positive(std::int64_t value, const char* field) {
  if (value > 0) return std::nullopt;
  return problem(field, std::string(field) + " is " + std::to_string(value) +
                            "; expected a positive number of microseconds");
}

// Values of the fields a kind uses; unused fields were checked to be unset.
MaybeProblem value_problem(const FaultEvent& event) {
  const FaultKind kind = event.kind;
  if (kind == FaultKind::partition && !event.shape.empty() &&
      std::ranges::find(kShapes, event.shape) == kShapes.end()) {
    return problem("shape", "shape \"" + event.shape + "\" is unknown; expected one of " +
                                partition_shapes_list());
  }
  if (kind == FaultKind::clock_strobe) {
    if (auto found = positive(event.clock_delta_us, "clock_delta_us")) return found;
    if (auto found = positive(event.period_us, "period_us")) return found;
  }
  if (kind == FaultKind::delay_burst) {
    if (auto found = positive(event.extra_delay_us, "extra_delay_us")) return found;
  }
  if (kind == FaultKind::loss_burst &&
      !(event.loss_probability >= 0.0 && event.loss_probability <= 1.0)) {
    std::ostringstream shown;
    shown << event.loss_probability;
    return problem("loss_probability",
                   "loss_probability is " + shown.str() + "; expected a number in [0, 1]");
  }
  if (uses_field(kind, "until_op") && event.until_op <= event.at_op) {
    return problem("until_op", "until_op is " + std::to_string(event.until_op) +
                                   "; expected an op number after at_op " +
                                   std::to_string(event.at_op));
  }
  return std::nullopt;
}

MaybeProblem order_problem(const FaultEvent& event, std::int64_t previous_op) {
  const std::string at = std::to_string(event.at_op);
  if (event.at_op < 0) return problem("at_op", "at_op is " + at + "; expected an op number >= 0");
  if (event.at_op < previous_op) {
    return problem("at_op", "at_op " + at + " is before the previous event's " +
                                std::to_string(previous_op) + "; expected events in op order");
  }
  return std::nullopt;
}

MaybeProblem event_problem(const FaultEvent& event, std::int64_t previous_op,
                           std::optional<int> node_count) {
  if (auto found = order_problem(event, previous_op)) return found;
  for (std::string_view field : kOptionalFields) {
    if (field_is_set(event, field) && !uses_field(event.kind, field)) {
      return problem(std::string(field), std::string(field) + " is set but " +
                                             to_string(event.kind) + " does not use it; " +
                                             to_string(event.kind) + " takes " +
                                             fields_list(event.kind));
    }
  }
  if (uses_field(event.kind, "nodes")) {
    if (auto found = nodes_problem(event, node_count)) return found;
  }
  if (auto found = links_problem(event, node_count)) return found;
  return value_problem(event);
}

}  // namespace

std::span<const std::string_view> fields_of(FaultKind kind) {
  switch (kind) {
    case FaultKind::partition: return kPartitionFields;
    case FaultKind::heal: return kHealFields;
    case FaultKind::crash: return kCrashFields;
    case FaultKind::restart:
    case FaultKind::pause:
    case FaultKind::resume: return kNodesFields;
    case FaultKind::clock_bump: return kBumpFields;
    case FaultKind::clock_strobe: return kStrobeFields;
    case FaultKind::loss_burst: return kLossFields;
    case FaultKind::delay_burst: return kDelayFields;
  }
  QC_ASSERT(false && "unknown FaultKind");
  return kHealFields;
}

bool uses_field(FaultKind kind, std::string_view field) {
  return std::ranges::find(fields_of(kind), field) != fields_of(kind).end();
}

std::string fields_list(FaultKind kind) { return join(fields_of(kind)); }

std::span<const std::string_view> partition_shapes() { return kShapes; }

std::string partition_shapes_list() { return join(kShapes); }

std::string describe_event(const FaultEvent& event) {
  return std::string(to_string(event.kind)) + " at op " + std::to_string(event.at_op);
}

std::optional<Problem> find_problem(const FaultSchedule& schedule, std::optional<int> node_count) {
  if (schedule.quiescence_us < 0 || schedule.quiescence_us > kLongestDurationUs) {
    return problem("quiescence_us", "quiescence_us is " + std::to_string(schedule.quiescence_us) +
                                        "; expected a duration from 0 to " + std::to_string(kLongestDurationUs) +
                                        " (an hour)");
  }
  std::int64_t previous_op = 0;
  for (std::size_t i = 0; i < schedule.events.size(); ++i) {
    const FaultEvent& event = schedule.events[i];
    if (auto found = event_problem(event, previous_op, node_count)) {
      found->event_index = i;
      return found;
    }
    previous_op = event.at_op;
  }
  return std::nullopt;
}

}  // namespace qc::fault_rules
