#include "impl/merkle.h"

#include <algorithm>

#include "common/assert.h"
#include "impl/hash.h"

namespace qc {
namespace {

// Leaves bucket keys by a hash other than the ring position: within one range the ring
// positions crowd into one narrow arc and would all fall into the same leaf.
constexpr std::uint64_t kLeafSalt = 0x6d65726b6c65ULL;  // "merkle"

std::uint64_t hash_entries(const MerkleTree::Entries& entries) {
  if (entries.empty()) return 0;
  std::uint64_t hash = kLeafSalt;
  for (const auto& [key, digest] : entries)
    hash = hash_combine(hash_combine(hash, hash_bytes(key)), digest);
  return hash == 0 ? 1 : hash;  // 0 is reserved for "empty"
}

std::uint64_t hash_children(std::uint64_t left, std::uint64_t right) {
  if (left == 0 && right == 0) return 0;
  const std::uint64_t hash = hash_combine(left, right);
  return hash == 0 ? 1 : hash;
}

}  // namespace

MerkleTree::MerkleTree(std::uint32_t depth) : depth_(depth) {
  QC_ASSERT(depth >= 1 && depth <= 20);
}

std::uint32_t MerkleTree::leaf_node_of_key(std::string_view key) const {
  const std::uint64_t bucket = hash_combine(hash_bytes(key), kLeafSalt) >> (64 - depth_);
  return leaf_count() + static_cast<std::uint32_t>(bucket);
}

void MerkleTree::set(const std::string& key, std::uint64_t digest) {
  const std::uint32_t leaf_node = leaf_node_of_key(key);
  if (leaves_.empty()) {  // the first key: the tree takes its memory now
    hashes_.assign(node_count(), 0);
    leaves_.resize(leaf_count());
  }
  leaves_[leaf_node - leaf_count()][key] = digest;
  refresh_path(leaf_node);
}

void MerkleTree::erase(const std::string& key) {
  if (leaves_.empty()) return;  // never held a key
  const std::uint32_t leaf_node = leaf_node_of_key(key);
  if (leaves_[leaf_node - leaf_count()].erase(key) > 0) refresh_path(leaf_node);
}

std::uint64_t MerkleTree::hash_at(std::uint32_t node) const {
  QC_ASSERT(node >= kRoot && node < node_count());
  return hashes_.empty() ? 0 : hashes_[node];
}

const MerkleTree::Entries& MerkleTree::leaf_entries(std::uint32_t leaf_node) const {
  QC_ASSERT(is_leaf(leaf_node) && leaf_node < node_count());
  static const Entries kNone;
  return leaves_.empty() ? kNone : leaves_[leaf_node - leaf_count()];
}

std::size_t MerkleTree::largest_leaf_size() const {
  std::size_t largest = 0;
  for (const Entries& leaf : leaves_) largest = std::max(largest, leaf.size());
  return largest;
}

void MerkleTree::refresh_path(std::uint32_t leaf_node) {
  hashes_[leaf_node] = hash_entries(leaves_[leaf_node - leaf_count()]);
  for (std::uint32_t node = leaf_node / 2; node >= kRoot; node /= 2)
    hashes_[node] = hash_children(hashes_[2 * node], hashes_[2 * node + 1]);
}

std::vector<std::string> differing_keys(const MerkleTree::Entries& a,
                                        const MerkleTree::Entries& b) {
  std::vector<std::string> keys;
  auto in_a = a.begin();
  auto in_b = b.begin();
  while (in_a != a.end() || in_b != b.end()) {  // a merge walk over two sorted maps
    if (in_b == b.end() || (in_a != a.end() && in_a->first < in_b->first)) {
      keys.push_back((in_a++)->first);
    } else if (in_a == a.end() || in_b->first < in_a->first) {
      keys.push_back((in_b++)->first);
    } else {
      if (in_a->second != in_b->second) keys.push_back(in_a->first);
      ++in_a, ++in_b;
    }
  }
  return keys;
}

MerkleDiff merkle_diff(const MerkleTree& a, const MerkleTree& b) {
  QC_ASSERT(a.depth() == b.depth());
  MerkleDiff diff;
  std::vector<std::uint32_t> frontier{MerkleTree::kRoot};
  std::vector<std::uint32_t> differing_leaves;
  while (!frontier.empty()) {  // at most depth+1 levels
    ++diff.rounds;
    std::vector<std::uint32_t> next;
    for (const std::uint32_t node : frontier) {
      ++diff.hashes_compared;
      if (a.hash_at(node) == b.hash_at(node)) continue;
      if (a.is_leaf(node)) {
        differing_leaves.push_back(node);
      } else {
        next.push_back(2 * node);
        next.push_back(2 * node + 1);
      }
    }
    frontier = std::move(next);
  }
  for (const std::uint32_t leaf : differing_leaves) {
    diff.entries_exchanged += a.leaf_entries(leaf).size() + b.leaf_entries(leaf).size();
    for (std::string& key : differing_keys(a.leaf_entries(leaf), b.leaf_entries(leaf)))
      diff.keys.push_back(std::move(key));
  }
  std::sort(diff.keys.begin(), diff.keys.end());
  return diff;
}

}  // namespace qc
