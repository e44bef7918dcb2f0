#pragma once
// A fault schedule is data (DESIGN.md): events placed by workload progress, applied by
// the simulator (and by any other driver) as the clients issue their ops. Placing faults
// by progress rather than by a time estimate keeps faults and workload in one window on
// any machine and for any latency: an event with at_op = K fires just before the
// clients invoke their op number K (counting invocations from 0 across all clients), so
// op K and every op still in flight then run under it. Partitions are stored resolved, as
// the directed links they cut, so a schedule replays the same whatever generated it;
// `shape` only says how it was drawn.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace qc {

enum class FaultKind : std::uint8_t {
  partition,     // cut `links` (replaces the partition in force)
  heal,          // restore every link; bursts end on their own
  crash,         // stop `nodes`; lose their volatile writes when lose_volatile
  restart,       // start crashed `nodes` again from their durable records
  pause,         // `nodes` stop taking inputs; what arrives waits (a GC pause, SIGSTOP)
  resume,        // paused `nodes` take their waiting inputs again
  clock_bump,    // `nodes`' wall clocks jump by clock_delta_us (may be negative)
  clock_strobe,  // until until_op, `nodes`' clocks swing by ±clock_delta_us every period_us
  loss_burst,    // until until_op, messages on `links` (all when empty) drop with loss_probability
  delay_burst,   // until until_op, messages on `links` (all when empty) take extra_delay_us more on average
                 // (each held uniformly from 0 to twice that: faults/burst_delay.h)
};

const char* to_string(FaultKind kind);

// The inverse of to_string (names such as "clock-bump"); nullopt for any other name.
std::optional<FaultKind> fault_kind_from_string(std::string_view name);

// Every kind in declaration order, for messages that list the valid names.
std::span<const FaultKind> all_fault_kinds();

using Link = std::pair<int, int>;  // (from node, to node): messages from → to

struct FaultEvent {
  std::int64_t at_op = 0;          // fires just before client op number at_op is invoked
  FaultKind kind = FaultKind::heal;
  std::string shape;               // partition: halves, random-halves, isolate, bridge,
                                   // majorities-ring or grudge (explicit)
  std::vector<Link> links;         // partition: links cut; bursts: links hit (empty: all)
  std::vector<int> nodes;          // crash, restart, pause, resume, clock_*
  bool lose_volatile = true;       // crash
  std::int64_t clock_delta_us = 0; // clock_bump, clock_strobe
  std::int64_t period_us = 0;      // clock_strobe
  std::int64_t until_op = 0;       // clock_strobe, loss_burst, delay_burst: ends just before
                                   // op until_op (> at_op) is invoked, or at the final heal
  double loss_probability = 0.0;   // loss_burst
  std::int64_t extra_delay_us = 0; // delay_burst
  friend bool operator==(const FaultEvent&, const FaultEvent&) = default;
};

// Events in at_op order. When the clients have finished every op, the final heal ends
// every fault still in force (links restored, bursts and strobes ended, crashed nodes
// restarted, paused nodes resumed; clock bumps stay), and quiescence_us of virtual time
// with no client operations follows, so that convergence can be observed. An event
// whose op number the workload never reaches does not fire (runs report it as such).
struct FaultSchedule {
  std::vector<FaultEvent> events;
  std::int64_t quiescence_us = 1'000'000;
  friend bool operator==(const FaultSchedule&, const FaultSchedule&) = default;
};

// Node ids in range, at_op >= 0 and non-decreasing, until_op > at_op, probabilities in
// [0, 1], periods and delays positive where used. Errors are ErrorKind::usage for a
// schedule built in code and name the event's position.
// In detail (faults/schedule_rules.h holds the rules, shared with the JSON parser):
// - nodes: non-empty where used, no node twice; links: no link twice, no self link;
// - a partition's shape, when given, is one of the names above;
// - a strobe's clock_delta_us is positive; a delay burst's extra_delay_us is positive;
// - fields a kind does not use keep their defaults, so the JSON form (which writes only
//   the used fields) round-trips every valid schedule exactly.
Status validate(const FaultSchedule& schedule, int node_count);

}  // namespace qc
