#pragma once
// A Merkle tree over one key range: a complete binary tree of fixed depth whose leaves
// bucket keys by a hash of the key. A leaf's hash covers its (key, version digest)
// entries in key order; an inner node's hash covers its two children; an empty subtree
// hashes to 0. Two replicas compare roots, descend only into children whose hashes
// differ, and exchange entries only for leaves that differ: with depth ~ log2(n) and d
// differing keys that is O(d log n) hashes, not O(n).
//
// Nodes are numbered as in a binary heap: the root is 1, the children of i are 2i and
// 2i+1, and the leaves are leaf_count() .. 2*leaf_count()-1.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace qc {

class MerkleTree {
 public:
  using Entries = std::map<std::string, std::uint64_t>;  // key -> version digest
  static constexpr std::uint32_t kRoot = 1;

  explicit MerkleTree(std::uint32_t depth);  // 1 <= depth <= 20

  std::uint32_t depth() const { return depth_; }
  std::uint32_t leaf_count() const { return 1u << depth_; }
  std::uint32_t node_count() const { return 2u * leaf_count(); }  // valid: 1 .. count-1
  bool is_leaf(std::uint32_t node) const { return node >= leaf_count(); }
  std::uint32_t leaf_node_of_key(std::string_view key) const;

  // Adds or replaces a key's digest, or removes the key; updates the path to the root.
  void set(const std::string& key, std::uint64_t digest);
  void erase(const std::string& key);

  std::uint64_t hash_at(std::uint32_t node) const;
  std::uint64_t root() const { return hash_at(kRoot); }
  const Entries& leaf_entries(std::uint32_t leaf_node) const;
  std::size_t largest_leaf_size() const;

 private:
  void refresh_path(std::uint32_t leaf_node);
  std::uint32_t depth_;
  // Both empty until the first key arrives: a node replicates dozens of ranges and a
  // small run writes to a few, so most trees stay empty (every hash 0) for a whole run.
  std::vector<std::uint64_t> hashes_;  // by node number; index 0 unused
  std::vector<Entries> leaves_;        // by leaf_node - leaf_count()
};

// Keys whose entries differ between two leaves' entry maps (in one, not the other, or
// with different digests), in key order.
std::vector<std::string> differing_keys(const MerkleTree::Entries& a,
                                        const MerkleTree::Entries& b);

// The descent two replicas perform over messages, run locally: what it finds and what
// it costs. The node's anti-entropy protocol follows the same steps (anti_entropy.cpp).
struct MerkleDiff {
  std::vector<std::string> keys;     // every key whose entries differ, in key order
  std::size_t hashes_compared = 0;   // tree nodes whose hashes were exchanged
  std::size_t rounds = 0;            // levels descended (one message each way per level)
  std::size_t entries_exchanged = 0; // (key, digest) entries sent for differing leaves
};
MerkleDiff merkle_diff(const MerkleTree& a, const MerkleTree& b);

}  // namespace qc
