#include "impl/version.h"

#include <tuple>

#include "impl/hash.h"

namespace qc {

bool lww_wins(const Version& a, const Version& b) {
  return std::tie(a.timestamp_us, a.node, a.tombstone, a.value, a.deleted_wall_us) >
         std::tie(b.timestamp_us, b.node, b.tombstone, b.value, b.deleted_wall_us);
}

bool is_expired_tombstone(const Version& version, std::int64_t wall_us, std::int64_t grace_us) {
  return version.tombstone && wall_us - version.deleted_wall_us >= grace_us;
}

const Version& lww_merge(const Version& current, const Version& incoming,
                         bool incoming_wins_ties) {
  // PLANTED BUG lww_tie_break_by_arrival: on a (timestamp, node) tie the newcomer wins.
  if (incoming_wins_ties && incoming.timestamp_us == current.timestamp_us &&
      incoming.node == current.node)
    return incoming;
  return lww_wins(incoming, current) ? incoming : current;
}

std::uint64_t version_digest(const std::string& key, const Version& version) {
  std::uint64_t hash = hash_bytes(key);
  hash = hash_combine(hash, static_cast<std::uint64_t>(version.timestamp_us));
  hash = hash_combine(hash, version.node);
  hash = hash_combine(hash, version.tombstone ? 1 : 0);
  if (version.tombstone)
    hash = hash_combine(hash, static_cast<std::uint64_t>(version.deleted_wall_us));
  return hash_combine(hash, hash_bytes(version.value));
}

std::size_t byte_size(const Version& version) {
  // timestamp, node, flag, length, bytes; a tombstone also carries its deletion time
  return 8 + 4 + 1 + 4 + version.value.size() + (version.tombstone ? 8 : 0);
}

}  // namespace qc
