#pragma once
// The longest duration any input may name (a latency, a quiescence, the virtual-time
// limit of a run): an hour. Longer ones are refused or clamped, so that sums of
// durations stay far from overflowing 64-bit microseconds.
#include <cstdint>

namespace qc {

inline constexpr std::int64_t kLongestDurationUs = 3'600'000'000;  // an hour
inline constexpr std::int64_t kLongestDurationMs = kLongestDurationUs / 1000;

}  // namespace qc
