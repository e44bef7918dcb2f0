#include "sim/clocks.h"

#include <algorithm>
#include <cmath>

namespace qc {

SimClocks::SimClocks(const ClockConfig& config, std::uint32_t node_count, Prng prng)
    : offset_us_(node_count, 0), drift_ppm_(node_count, 0.0), bump_us_(node_count, 0) {
  for (NodeId node = 0; node < node_count; ++node) {
    if (!config.offset_us.empty()) offset_us_[node] = config.offset_us[node];
    if (!config.drift_ppm.empty()) drift_ppm_[node] = config.drift_ppm[node];
    if (config.random_offset_us_max > 0)
      offset_us_[node] += prng.between(-config.random_offset_us_max, config.random_offset_us_max);
    if (config.random_drift_ppm_max > 0)
      drift_ppm_[node] += (2 * prng.unit() - 1) * config.random_drift_ppm_max;
  }
}

std::int64_t SimClocks::wall_us(NodeId node, std::int64_t now_us) const {
  QC_ASSERT(node < offset_us_.size());
  // Drift in whole microseconds, rounded the same way on every platform.
  // (No drift is the common case: llround(0.0) is 0, so skip the rounding.)
  const auto drift_us = drift_ppm_[node] == 0.0 ? std::int64_t{0} : static_cast<std::int64_t>(
      std::llround(drift_ppm_[node] * static_cast<double>(now_us) / 1e6));
  std::int64_t wall_us = now_us + offset_us_[node] + drift_us + bump_us_[node];
  for (const Strobe& strobe : strobes_) {
    if (now_us < strobe.start_us) continue;
    if (std::find(strobe.nodes.begin(), strobe.nodes.end(), node) == strobe.nodes.end()) continue;
    const std::int64_t swing = (now_us - strobe.start_us) / strobe.period_us;
    wall_us += swing % 2 == 0 ? strobe.delta_us : -strobe.delta_us;
  }
  return wall_us;
}

void SimClocks::start_strobe(const FaultEvent& event, std::uint32_t event_index, std::int64_t now_us) {
  QC_ASSERT(event.period_us > 0);
  Strobe strobe;
  strobe.event_index = event_index;
  for (const int node : event.nodes) {
    QC_ASSERT(node >= 0 && static_cast<std::size_t>(node) < offset_us_.size());
    strobe.nodes.push_back(static_cast<NodeId>(node));
  }
  strobe.start_us = now_us;
  strobe.period_us = event.period_us;
  strobe.delta_us = event.clock_delta_us;
  strobes_.push_back(std::move(strobe));
}

void SimClocks::end_strobe(std::uint32_t event_index) {
  std::erase_if(strobes_, [&](const Strobe& s) { return s.event_index == event_index; });
}

}  // namespace qc
