#pragma once
// A replica's storage: the newest version of each key it replicates, the hints it holds
// for other nodes (sloppy quorum), and one Merkle tree per key range it replicates, kept
// up to date on every change. Pure memory; what is durable is the Node's business.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "impl/merkle.h"
#include "impl/ring.h"
#include "impl/version.h"

namespace qc {

struct StoredEntry {
  Version version;  // a tombstone's grace runs from its own deleted_wall_us
};

class Store {
 public:
  using Hints = std::map<NodeId, std::map<std::string, Version>>;  // intended -> key -> v

  Store(std::shared_ptr<const Ring> ring, NodeId self, std::uint32_t replication_factor,
        std::uint32_t merkle_depth);

  // LWW-merges `incoming` into the key; true when the stored version changed.
  bool merge(const std::string& key, const Version& incoming, bool incoming_wins_ties);
  void erase(const std::string& key);
  const StoredEntry* find(const std::string& key) const;
  const std::map<std::string, StoredEntry>& entries() const { return entries_; }

  bool merge_hint(NodeId intended, const std::string& key, const Version& incoming,
                  bool incoming_wins_ties);
  void erase_hint(NodeId intended, const std::string& key);
  const Hints& hints() const { return hints_; }
  std::size_t hint_count() const;

  // The newest version this node can offer for a key: its own, or one held as a hint.
  std::optional<Version> newest_including_hints(const std::string& key) const;

  // Tombstones deleted at least grace_us ago by this replica's wall clock, in key order.
  std::vector<std::string> expired_tombstones(std::int64_t wall_us,
                                              std::int64_t grace_us) const;

  const MerkleTree* tree(RangeId range) const;  // nullptr when not replicated here
  std::vector<RangeId> replicated_ranges() const;

 private:
  void update_tree(const std::string& key);
  static constexpr std::uint32_t kNoTree = 0xffffffff;
  std::shared_ptr<const Ring> ring_;
  std::map<std::string, StoredEntry> entries_;
  Hints hints_;
  // The trees of the ranges replicated here, in range order; found by range through
  // tree_of_range (an index into trees_, or kNoTree), not a map: every write and every
  // anti-entropy round looks one up. The layout is fixed by the ring, the node and N,
  // so copies share it.
  struct Layout {
    std::vector<RangeId> replicated_ranges;
    std::vector<std::uint32_t> tree_of_range;
  };
  std::shared_ptr<const Layout> layout_;
  // Copy on write: a copy of the store (an explorer copies a node at every step)
  // shares its trees until it changes one. A store and its copies live on one thread.
  std::vector<std::shared_ptr<MerkleTree>> trees_;
};

}  // namespace qc
