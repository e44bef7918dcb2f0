#pragma once
// The one fault generator (for `run`, campaigns, claims and gate alike): a fault episode
// is a fault and its recovery, drawn as small integers that shrink toward "simpler"
// (earlier, shorter, on node 0 only, the plain variant), then turned into FaultEvents
// placed by workload progress: an episode starts and ends at fractions (per mille) of
// the workload's client ops, so faults fall while the clients run, whatever the
// latencies and however many ops a case has. explore/ draws episodes with RapidCheck
// (so that they shrink), `run` with draw_episodes(); the rules below are shared.
// An episode starts at start_permille of the ops and lasts length_permille of up to 30%
// of them, and at least four ops and two per client: with c clients running, ops K ..
// K+c-1 may all be in flight when op K starts, so a shorter fault could end before any
// of their messages reached it.
//
// What an episode becomes, by kind (magnitude m in 0..999):
// - partition: the links between the masked nodes and the rest are cut (shape isolate
//   or grudge), or with `variant` and at least 4 nodes a majorities-ring drawn from m;
//   healed at the end. Every cut separates the two nodes the workload uses most (bits 0
//   and 1, flipping bit 1 when the drawn mask has them alike; on the ring, the two sit
//   opposite): a cut among nodes the ops never use would test nothing.
// - crash / pause: the masked nodes stop; restarted / resumed at the end. A crash loses
//   volatile writes unless `variant` (a clean shutdown).
// - clock: a bump of the masked nodes' clocks by ±(m/2 + 1) * 0.6 ms (odd m: backward,
//   up to 300 ms either way), or with `variant` a strobe of that size with a period of
//   1..20 ms until the end.
// - loss / delay: a burst until the end on every link, or with `variant` on the links
//   across the mask (split like a partition's): loss probability 0.4 + 0.5 * m/1000 (a
//   burst, not a drizzle: a few ops' messages must lose some), or an extra delay of
//   (m + 1) * 0.1 ms.
// A recovery that would fall at or after the workload's last op is left to the final
// heal, which ends every fault. An episode drawn to start too late to cover its length
// starts earlier. A partition or loss episode that overlaps an earlier one of its kind
// is left out (a partition replaces the one in force; a message lost to one burst
// cannot be lost to another). Crashes and
// pauses never stop the last running node nor a node already
// stopped: a stop event loses such nodes (and is left out when none remains).
#include <cstdint>
#include <string>
#include <vector>

#include "common/prng.h"
#include "faults/schedule.h"

namespace qc {

struct FaultEpisode {
  std::uint32_t kind_index = 0;        // into the nemesis kinds in use
  std::uint32_t start_permille = 0;    // of the workload's ops, 0..999
  std::uint32_t length_permille = 1;   // of 30% of the workload's ops, 1..1000
  std::uint32_t node_mask = 1;         // the nodes hit (bit i: node i); never all nodes
  std::uint32_t magnitude_permille = 0;  // how hard: clock jump, loss rate, extra delay
  bool variant = false;                // strobe, ring partition, targeted burst, clean crash
  friend bool operator==(const FaultEpisode&, const FaultEpisode&) = default;
};

// Exclusive upper bounds of each field for `node_count` nodes (at most 31): the ranges
// both drawers use.
inline constexpr std::uint32_t kPermilleEnd = 1000;
std::uint32_t node_mask_end(std::uint32_t node_count);

// `count` episodes, each field uniform in its range, kinds uniform among kind_count.
std::vector<FaultEpisode> draw_episodes(std::uint32_t count, std::uint32_t kind_count,
                                        std::uint32_t node_count, Prng& prng);

// The schedule for these episodes over a workload of `ops_total` ops (>= 1): events
// sorted by at_op (stable). Bit i of an episode's node mask names node_order[i] (empty:
// node i): callers list first the nodes the workload's keys live on, so that faults
// drawn small (and shrunk toward node 0) fall where the ops are. `kinds` are nemesis
// kind names (faults/nemesis.h); every
// episode's kind_index must be below kinds.size(). The result passes validate().
FaultSchedule schedule_from_episodes(const std::vector<FaultEpisode>& episodes,
                                     const std::vector<std::string>& kinds, int node_count,
                                     std::uint64_t ops_total, std::int64_t quiescence_us,
                                     std::uint32_t clients = 1, const std::vector<int>& node_order = {});

}  // namespace qc
