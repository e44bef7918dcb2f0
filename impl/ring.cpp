#include "impl/ring.h"

#include <algorithm>
#include <string>
#include <tuple>

#include "common/assert.h"
#include "impl/hash.h"

namespace qc {

Ring::Ring(std::vector<NodeId> nodes, std::uint32_t virtual_nodes_per_node) {
  QC_ASSERT(!nodes.empty() && virtual_nodes_per_node >= 1);
  for (const NodeId node : nodes)
    for (std::uint32_t vnode = 0; vnode < virtual_nodes_per_node; ++vnode)
      tokens_.push_back({token_position(node, vnode), node, vnode});
  // Ties in position (a hash collision) fall to node then vnode: never to chance.
  std::sort(tokens_.begin(), tokens_.end(), [](const Token& a, const Token& b) {
    return std::tie(a.position, a.node, a.vnode_index) <
           std::tie(b.position, b.node, b.vnode_index);
  });
  const std::size_t distinct = [&] {
    std::sort(nodes.begin(), nodes.end());
    QC_ASSERT(std::adjacent_find(nodes.begin(), nodes.end()) == nodes.end());
    return nodes.size();
  }();
  walks_.resize(tokens_.size());
  for (std::size_t start = 0; start < tokens_.size(); ++start) {
    std::vector<NodeId>& walk = walks_[start];
    for (std::size_t step = 0; step < tokens_.size() && walk.size() < distinct; ++step) {
      const NodeId node = tokens_[(start + step) % tokens_.size()].node;
      if (std::find(walk.begin(), walk.end(), node) == walk.end()) walk.push_back(node);
    }
  }
}

std::uint64_t Ring::key_position(std::string_view key) { return hash_bytes(key); }

std::uint64_t Ring::token_position(NodeId node, std::uint32_t vnode_index) {
  return hash_bytes(std::to_string(node) + "/" + std::to_string(vnode_index));
}

RangeId Ring::range_of(std::string_view key) const {
  const std::uint64_t position = key_position(key);
  auto first_at_or_after = std::lower_bound(
      tokens_.begin(), tokens_.end(), position,
      [](const Token& token, std::uint64_t p) { return token.position < p; });
  if (first_at_or_after == tokens_.end()) return 0;  // wrap around to the first token
  return static_cast<RangeId>(first_at_or_after - tokens_.begin());
}

const std::vector<NodeId>& Ring::walk(RangeId range) const {
  QC_ASSERT(range < walks_.size());
  return walks_[range];
}

std::vector<NodeId> Ring::replicas_of_range(RangeId range, std::uint32_t n) const {
  const std::vector<NodeId>& all = walk(range);
  QC_ASSERT(n <= all.size());
  return {all.begin(), all.begin() + n};
}

std::shared_ptr<const Ring> cluster_ring(std::uint32_t node_count, std::uint32_t virtual_nodes_per_node) {
  struct Built {
    std::uint32_t node_count;
    std::uint32_t virtual_nodes_per_node;
    std::shared_ptr<const Ring> ring;
  };
  constexpr std::size_t kShapesKept = 8;  // a bound: the oldest shape goes first
  thread_local std::vector<Built> built;
  for (const Built& b : built)
    if (b.node_count == node_count && b.virtual_nodes_per_node == virtual_nodes_per_node) return b.ring;
  std::vector<NodeId> nodes(node_count);
  for (NodeId node = 0; node < node_count; ++node) nodes[node] = node;
  auto ring = std::make_shared<const Ring>(std::move(nodes), virtual_nodes_per_node);
  if (built.size() == kShapesKept) built.erase(built.begin());
  built.push_back(Built{node_count, virtual_nodes_per_node, ring});
  return ring;
}

std::vector<NodeId> Ring::preference_list(std::string_view key, std::uint32_t n) const {
  return replicas_of_range(range_of(key), n);
}

}  // namespace qc
