#pragma once
// The rules a fault schedule must keep, shared by validate() and the JSON parser so a
// schedule read from a file and one built in code meet the same contract. Internal to
// qc_faults; other layers call validate() or parse_fault_schedule().
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "faults/schedule.h"

namespace qc::fault_rules {

// The fields each kind uses, in the order the JSON form writes them; at_op and kind first.
std::span<const std::string_view> fields_of(FaultKind kind);
bool uses_field(FaultKind kind, std::string_view field);
std::string fields_list(FaultKind kind);  // "at_op, kind, nodes, lose_volatile"

// Shapes a partition may name; "grudge" marks an explicit, hand-written set of links.
std::span<const std::string_view> partition_shapes();
std::string partition_shapes_list();

struct Problem {
  std::optional<std::size_t> event_index;  // nullopt: a schedule-level field
  std::string path;                        // within the event or schedule: "nodes[1]"
  std::string what;                        // "node 7 is out of range; expected 0..4"
};

// The first rule the schedule breaks, or nullopt. Node ids are checked against
// node_count only when it is given (a file read alone does not know the cluster size).
std::optional<Problem> find_problem(const FaultSchedule& schedule, std::optional<int> node_count);

// "events[3] (crash at 1200 us)"-style label used by both error formats.
std::string describe_event(const FaultEvent& event);

}  // namespace qc::fault_rules
