#pragma once
// How long a delay burst holds one message, in the simulator (sim/network.cpp) and on a
// real node (net/node_faults.cpp) alike: a time drawn uniformly from 0 to twice the
// burst's extra_delay_us, so the mean is the extra delay. As with a netem delay with
// jitter, messages on a slowed link overtake one another; a constant hold would keep
// them in order (TCP does, and so would the simulator's link but for its latency noise),
// and reordering is what exposes the new-old inversion of a quorum read.
#include <cstdint>

#include "common/prng.h"

namespace qc {

inline std::int64_t draw_burst_delay_us(std::int64_t extra_delay_us, Prng& prng) {
  if (extra_delay_us <= 0) return 0;  // no burst, no draw: other streams stay as they were
  return static_cast<std::int64_t>(prng.below(2 * static_cast<std::uint64_t>(extra_delay_us) + 1));
}

}  // namespace qc
