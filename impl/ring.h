#pragma once
// The consistent-hash ring with virtual nodes. Each node owns virtual_nodes tokens placed
// at hash("node id/vnode index"); a key sits at hash(key) and its preference list is the
// first N distinct nodes clockwise from there. Placement uses our fixed hash, so it is
// the same in every build and every run.
//
// The arcs between consecutive tokens are the key ranges: range i holds the keys whose
// position lies in (token[i-1], token[i]] (range 0 wraps around). All keys of a range
// share one preference list, so a range is the unit of anti-entropy.
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "impl/config.h"

namespace qc {

using RangeId = std::uint32_t;

class Ring {
 public:
  // `nodes` must be non-empty and distinct; `virtual_nodes_per_node` >= 1.
  Ring(std::vector<NodeId> nodes, std::uint32_t virtual_nodes_per_node);

  static std::uint64_t key_position(std::string_view key);
  static std::uint64_t token_position(NodeId node, std::uint32_t vnode_index);

  std::uint32_t range_count() const { return static_cast<std::uint32_t>(tokens_.size()); }
  RangeId range_of(std::string_view key) const;

  // Every distinct node, clockwise from the range's token: the first N are the
  // preference list, the rest are fallbacks for a sloppy quorum, in order.
  const std::vector<NodeId>& walk(RangeId range) const;
  std::vector<NodeId> preference_list(std::string_view key, std::uint32_t n) const;
  std::vector<NodeId> replicas_of_range(RangeId range, std::uint32_t n) const;

 private:
  struct Token {
    std::uint64_t position;
    NodeId node;
    std::uint32_t vnode_index;
  };
  std::vector<Token> tokens_;              // sorted by (position, node, vnode_index)
  std::vector<std::vector<NodeId>> walks_; // per range, precomputed
};

// The ring of nodes 0 .. node_count-1, as every node of such a cluster builds it, shared.
// A Ring is immutable and depends on these two numbers alone, and a campaign builds
// thousands of clusters of one shape: building the ring once per node and run cost more
// than a small case's whole simulation. Kept per thread (a few shapes), so no lock.
std::shared_ptr<const Ring> cluster_ring(std::uint32_t node_count, std::uint32_t virtual_nodes_per_node);

}  // namespace qc
