// Merkle-tree anti-entropy. Every anti_entropy_interval_us a node picks the next peer
// (round robin, skipping peers known down) and, for each key range both replicate,
// runs the exchange below. Messages alternate between the two nodes; each step carries
// only what still differs:
//   1. A -> B  AeCompare{root}             "my hashes for these tree nodes"
//   2. B -> A  AeCompare{children}         B's hashes for the children of every
//      A -> B  AeCompare{grandchildren}    mismatching inner node, and so on down;
//   3. X -> Y  AeLeafDigests               at a mismatching leaf: X's (key, digest)s there
//   4. Y -> X  AeKeys{versions, wanted}    Y's versions of keys that differ, and the keys
//                                          Y wants because X's digest differs or Y lacks it
//   5. X -> Y  AeKeys{versions}            X's versions of the wanted keys
// Both sides merge what they receive (the newer version wins), so the range converges
// both ways. The descent is the one merkle_diff() runs locally (merkle.h).
#include <map>
#include <set>

#include "impl/node.h"

namespace qc {

void Node::start_anti_entropy_round() {
  set_timer(TimerKind::anti_entropy, 0, config_.anti_entropy_interval_us);
  if (shared_ranges_->empty()) return;
  std::vector<NodeId> peers;
  for (const auto& [peer, ranges] : *shared_ranges_) peers.push_back(peer);
  for (std::size_t tried = 0; tried < peers.size(); ++tried) {
    const NodeId peer = peers[ae_round_++ % peers.size()];
    if (!is_up(peer)) continue;
    for (const RangeId range : shared_ranges_->at(peer)) {
      // PLANTED BUG anti_entropy_skips_last_range: the ring's last range never syncs.
      if (config_.planted_bugs.anti_entropy_skips_last_range &&
          range == ring_->range_count() - 1)
        continue;
      ++ae_stats_.exchanges_started;
      send(peer, AeCompare{range, {TreeHash{MerkleTree::kRoot, store_.tree(range)->root()}}});
    }
    return;
  }
}

void Node::on_ae_compare(NodeId from, const AeCompare& compare) {
  const MerkleTree* tree = store_.tree(compare.range);
  if (tree == nullptr) return;  // not a range we replicate (cannot happen on one ring)
  AeCompare deeper{compare.range, {}};
  AeLeafDigests digests{compare.range, {}, {}};
  for (const TreeHash& theirs : compare.hashes) {
    if (theirs.node < MerkleTree::kRoot || theirs.node >= tree->node_count()) continue;
    if (tree->hash_at(theirs.node) == theirs.hash) continue;
    if (tree->is_leaf(theirs.node)) {
      digests.leaf_nodes.push_back(theirs.node);
      for (const auto& [key, digest] : tree->leaf_entries(theirs.node))
        digests.entries.emplace_back(key, digest);
      continue;
    }
    for (const std::uint32_t child : {2 * theirs.node, 2 * theirs.node + 1})
      deeper.hashes.push_back(TreeHash{child, tree->hash_at(child)});
  }
  if (!deeper.hashes.empty()) send(from, std::move(deeper));
  if (!digests.leaf_nodes.empty()) send(from, std::move(digests));
}

void Node::on_ae_leaf_digests(NodeId from, const AeLeafDigests& digests) {
  const MerkleTree* tree = store_.tree(digests.range);
  if (tree == nullptr) return;
  std::map<std::uint32_t, MerkleTree::Entries> theirs;  // by leaf node
  for (const std::uint32_t leaf : digests.leaf_nodes) theirs[leaf];
  for (const auto& [key, digest] : digests.entries)
    theirs[tree->leaf_node_of_key(key)][key] = digest;
  AeKeys answer{digests.range, {}, {}};
  for (const auto& [leaf, their_entries] : theirs) {
    if (!tree->is_leaf(leaf) || leaf >= tree->node_count()) continue;
    for (const std::string& key : differing_keys(tree->leaf_entries(leaf), their_entries)) {
      if (const StoredEntry* mine = store_.find(key))
        answer.versions.emplace_back(key, mine->version);
      if (their_entries.count(key) > 0) answer.wanted.push_back(key);
    }
  }
  ae_stats_.versions_sent += answer.versions.size();
  if (!answer.versions.empty() || !answer.wanted.empty()) send(from, std::move(answer));
}

void Node::on_ae_keys(NodeId from, const AeKeys& keys) {
  // Answer from the state before merging: what we send back is what they lacked.
  AeKeys answer{keys.range, {}, {}};
  for (const std::string& key : keys.wanted)
    if (const StoredEntry* mine = store_.find(key))
      answer.versions.emplace_back(key, mine->version);
  for (const auto& [key, version] : keys.versions) store_version(key, version);
  ae_stats_.versions_sent += answer.versions.size();
  if (!answer.versions.empty()) send(from, std::move(answer));
}

}  // namespace qc
