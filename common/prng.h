#pragma once
// The project's only source of randomness: xoshiro256** seeded through splitmix64, with
// our own bounded-integer and distribution code so that a seed means the same run with
// any standard library (DESIGN.md, "Determinism").
#include <cmath>
#include <cstdint>

#include "common/assert.h"

namespace qc {

__extension__ typedef unsigned __int128 Uint128;  // __extension__: a GCC/Clang type, on purpose

// A seed for a stream keyed by `part` under `seed` (a strong 64-bit mix, so nearby keys
// give unrelated streams): keyed_seed(keyed_seed(seed, a), b) names the stream (a, b).
inline std::uint64_t keyed_seed(std::uint64_t seed, std::uint64_t part) {
  std::uint64_t z = seed ^ (part + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Prng {
 public:
  explicit Prng(std::uint64_t seed) {
    std::uint64_t mix = seed;
    for (auto& word : state_) word = splitmix64(mix);
  }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound) by Lemire's multiply-and-reject; bound must be positive.
  std::uint64_t below(std::uint64_t bound) {
    QC_ASSERT(bound > 0);
    Uint128 product = static_cast<Uint128>(next_u64()) * bound;
    auto low = static_cast<std::uint64_t>(product);
    if (low < bound) {
      const std::uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        product = static_cast<Uint128>(next_u64()) * bound;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }

  // Uniform in [low, high], inclusive.
  std::int64_t between(std::int64_t low, std::int64_t high) {
    QC_ASSERT(low <= high);
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    if (span == 0) return static_cast<std::int64_t>(next_u64());  // the full range
    return low + static_cast<std::int64_t>(below(span));
  }

  // Uniform in [0, 1) with 53 bits of precision.
  double unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  bool chance(double probability) { return unit() < probability; }

  // Exponential with the given mean, by inversion (std::log is correctly rounded
  // enough on every platform we target; the result feeds latencies, not repro keys).
  double exponential(double mean) { return -mean * std::log1p(-unit()); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_[4];
};

}  // namespace qc
