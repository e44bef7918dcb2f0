#pragma once
// Each node's wall clock: wall_us = now_us + offset_us + drift_ppm * now_us / 1e6, plus
// any clock_bump faults so far, plus any clock_strobe in force (which swings the clock
// by +delta, then -delta, alternating every period_us). Nodes stamp versions with it,
// so skew changes which write LWW keeps.
#include <cstdint>
#include <vector>

#include "common/prng.h"
#include "faults/schedule.h"
#include "sim/sim_config.h"

namespace qc {

class SimClocks {
 public:
  // Draws the random part of each node's offset and drift from `prng`.
  SimClocks(const ClockConfig& config, std::uint32_t node_count, Prng prng);

  std::int64_t wall_us(NodeId node, std::int64_t now_us) const;
  void bump(NodeId node, std::int64_t delta_us) { bump_us_[node] += delta_us; }
  // A strobe in force from now_us until end_strobe(event_index) or end_strobes().
  void start_strobe(const FaultEvent& strobe, std::uint32_t event_index, std::int64_t now_us);
  void end_strobe(std::uint32_t event_index);
  void end_strobes() { strobes_.clear(); }

  std::int64_t offset_us(NodeId node) const { return offset_us_[node]; }
  double drift_ppm(NodeId node) const { return drift_ppm_[node]; }

 private:
  struct Strobe {
    std::uint32_t event_index = 0;
    std::vector<NodeId> nodes;
    std::int64_t start_us = 0;
    std::int64_t period_us = 1;
    std::int64_t delta_us = 0;
  };
  std::vector<std::int64_t> offset_us_;
  std::vector<double> drift_ppm_;
  std::vector<std::int64_t> bump_us_;
  std::vector<Strobe> strobes_;
};

}  // namespace qc
