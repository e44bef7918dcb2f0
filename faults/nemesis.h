#pragma once
// Nemeses (Jepsen's word for the process that injects faults) and the generators that
// turn them into fault schedules. Generators draw only from the Prng they are given, so
// the options and the seed determine the schedule, byte for byte (DESIGN.md).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/prng.h"
#include "common/status.h"
#include "faults/schedule.h"

namespace qc {

// The kinds a generator knows: partition, crash, pause, clock, loss, delay.
std::span<const std::string_view> nemesis_kinds();

// The CLI's `--nemesis partition,crash,clock`: kinds among nemesis_kinds(), or `all`
// (every kind), or `none` (no faults: an empty list; it combines with nothing). Spaces
// around names are ignored. Returns the kinds in nemesis_kinds() order, each once.
// Errors are ErrorKind::usage and list the valid names.
Result<std::vector<std::string>> parse_nemesis_list(const std::string& csv);

// The shapes partition_links draws: halves, random-halves, isolate, bridge, majorities-ring.
std::span<const std::string_view> generated_partition_shapes();

// The directed links a partition of that shape cuts, sorted; every cut goes both ways.
// - halves: nodes [0, n/2) against the rest (the rest is a majority);
// - random-halves: the same split of a random permutation;
// - isolate: one random node against all others;
// - bridge: random halves, except one node of the larger half talks to everyone;
// - majorities-ring: nodes on a random ring each see the nodes within a radius, so every
//   node sees a majority (itself included) and, for n >= 4, no two see the same set.
//   For odd majorities this is Jepsen's ring; otherwise the windows are one node wider
//   than Jepsen's, which keeps the cuts symmetric.
// A shape outside the list is a programmer error. Fewer than two nodes: no links.
std::vector<Link> partition_links(const std::string& shape, int node_count, Prng& prng);

struct NemesisOptions {
  std::vector<std::string> kinds;  // from parse_nemesis_list; empty: no faults
  int node_count = 3;
  std::int64_t duration_us = 10'000'000;      // faults happen in [0, duration_us)
  std::int64_t mean_interval_us = 1'000'000;  // mean time between fault steps
  std::int64_t quiescence_us = 1'000'000;     // fault-free time after the final heal
};

// Usage errors for options generate_fault_schedule cannot honour: unknown kinds,
// node_count < 1, times out of range, or more than 100000 fault steps expected.
Status validate(const NemesisOptions& options);

// Fault steps at exponentially spaced times over [0, duration_us), each of a kind drawn
// from options.kinds: a partition (of a random shape) or, when one is in force, a heal;
// a crash of some nodes (losing volatile state or not) or, when some are down, their
// restart; a pause or the matching resume; a clock bump (±1..300 ms) or strobe; a loss
// burst (probability 0.2..0.9) or a delay burst on all links or one node's. At least one
// node stays up (neither crashed nor paused). Bursts and strobes end by duration_us,
// where the final heal restores everything. The result passes validate(schedule,
// node_count). Options must pass validate(options).
FaultSchedule generate_fault_schedule(const NemesisOptions& options, Prng& prng);

}  // namespace qc
