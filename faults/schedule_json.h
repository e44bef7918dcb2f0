#pragma once
// The JSON form of a fault schedule: a file a person can read, edit and keep in a repro
// bundle. One event per line, fields in a fixed order and only the fields the event's
// kind uses, so equal schedules give equal bytes:
//
//   {
//     "quiescence_us": 1000000,
//     "events": [
//       {"at_op": 12, "kind": "partition", "shape": "isolate", "links": [[0, 2], [2, 0]]},
//       {"at_op": 40, "kind": "crash", "nodes": [1], "lose_volatile": true},
//       {"at_op": 41, "kind": "loss-burst", "until_op": 60, "loss_probability": 0.5}
//     ]
//   }
// Schedules that place faults by time (at_us, final_heal_us: quorumcheck 0.1) are
// refused with a message that says so.
#include <string>
#include <string_view>

#include "common/status.h"
#include "faults/schedule.h"

namespace qc {

// Every schedule that passes validate() comes back equal from parse_fault_schedule.
std::string fault_schedule_to_json(const FaultSchedule& schedule);

// Errors are ErrorKind::malformed and read "<source>: events[3].nodes[1]: <what was
// found>; expected <what>". Unknown fields and fields the event's kind does not use are
// errors (a typo must not pass silently). All of validate()'s rules apply except the
// node range, since a file alone does not know the cluster size: call validate() with
// the node count before running it. quiescence_us, shape, lose_volatile (true) and a
// burst's links (empty: all) may be left out.
Result<FaultSchedule> parse_fault_schedule(std::string_view text, const std::string& source);

}  // namespace qc
