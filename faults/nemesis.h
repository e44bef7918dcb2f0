#pragma once
// Nemeses (Jepsen's word for the process that injects faults): their kinds and the
// partition shapes. faults/episodes.h turns drawn episodes of these kinds into schedules.
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

// The majorities-ring cut for a random ring on which nodes `a` and `b` sit opposite each
// other, so that the link between them is cut (node_count >= 4, a != b); sorted.
std::vector<Link> majorities_ring_apart(int a, int b, int node_count, Prng& prng);

}  // namespace qc
