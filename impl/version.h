#pragma once
// Versions and the last-writer-wins merge. A version is ordered by (timestamp, node id),
// then a tombstone beats a value, then the larger value bytes win (then the later
// deletion time, which one delete never has two of). That is a total order,
// so the merge (take the maximum) is commutative, associative and idempotent: replicas
// that saw the same versions in any order hold the same one.
#include <cstdint>
#include <string>

#include "impl/config.h"

namespace qc {

struct Version {
  std::int64_t timestamp_us = 0;  // the coordinator's (possibly skewed) wall clock
  NodeId node = 0;                // the coordinator, to break timestamp ties
  bool tombstone = false;         // a delete; value is empty
  std::string value;
  // Tombstones only: the coordinator's wall clock when it stamped the delete. The grace
  // period runs from here wherever the tombstone travels (Cassandra's local deletion
  // time), so a replica that receives it late does not restart the grace, and one that
  // has purged it knows, on receiving it again, that it is past its grace.
  std::int64_t deleted_wall_us = 0;

  friend bool operator==(const Version&, const Version&) = default;
};

// True when `a` wins over `b` under the total order above (false when equal).
bool lww_wins(const Version& a, const Version& b);

// True when `version` is a tombstone at least grace_us old by the wall clock wall_us.
bool is_expired_tombstone(const Version& version, std::int64_t wall_us, std::int64_t grace_us);

// The merge: whichever of the two wins. `incoming_wins_ties` is the PLANTED BUG
// lww_tie_break_by_arrival: on equal (timestamp, node) the incoming version wins
// regardless of tombstone or value, which makes the merge depend on arrival order.
const Version& lww_merge(const Version& current, const Version& incoming,
                         bool incoming_wins_ties = false);

// A fixed 64-bit digest of a key and its version, for Merkle leaves.
std::uint64_t version_digest(const std::string& key, const Version& version);

// Estimated bytes on the wire, for the simulator's byte counters.
std::size_t byte_size(const Version& version);

}  // namespace qc
