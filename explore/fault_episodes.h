#pragma once
// Internal to case.cpp: a fault episode is a fault and its recovery, drawn as small
// integers that shrink toward "simpler" (earlier, shorter, on node 0 only, the plain
// variant), then turned into FaultEvents scaled to the run's fault window.
#include <cstdint>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "faults/schedule.h"

namespace qc {

struct FaultEpisode {
  std::uint32_t kind_index = 0;        // into the campaign's nemesis kinds
  std::uint32_t start_permille = 0;    // of the fault window
  std::uint32_t length_permille = 1;   // of the fault window, at least 1
  std::uint32_t node_mask = 1;         // the nodes hit (bit i: node i); never all nodes
  std::uint32_t magnitude_permille = 0;  // how hard: clock jump, loss rate, extra delay
  bool variant = false;                // strobe instead of bump, targeted burst, clean crash
};

rc::Gen<FaultEpisode> fault_episode_generator(std::uint32_t kind_count, std::uint32_t node_count);

// The schedule for these episodes over [0, window_us): events sorted by time (stable),
// final heal at window_us. `kinds` are nemesis kind names; the result passes validate().
FaultSchedule schedule_from_episodes(const std::vector<FaultEpisode>& episodes,
                                     const std::vector<std::string>& kinds, int node_count,
                                     std::int64_t window_us, std::int64_t quiescence_us);

}  // namespace qc
