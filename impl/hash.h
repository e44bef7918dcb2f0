#pragma once
// Our own fixed hashes. std::hash differs between standard libraries and may be seeded,
// and ring placement and Merkle digests must mean the same thing in every build.
#include <cstdint>
#include <string_view>

namespace qc {

// FNV-1a 64: simple and fixed; weak avalanche on its own, hence mix64 below.
inline std::uint64_t fnv1a64(std::string_view bytes,
                             std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (const char byte : bytes) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// The splitmix64 finalizer: spreads similar inputs ("3/0", "3/1") over the whole ring.
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline std::uint64_t hash_bytes(std::string_view bytes) { return mix64(fnv1a64(bytes)); }

// Order-dependent combination, for hashing a sequence of fields or two children.
inline std::uint64_t hash_combine(std::uint64_t seed, std::uint64_t value) {
  return mix64(seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)));
}

}  // namespace qc
