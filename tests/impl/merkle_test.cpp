#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "impl/merkle.h"

namespace qc {
namespace {

std::uint32_t depth_for(std::size_t key_count) {
  std::uint32_t depth = 1;
  while ((std::size_t{1} << depth) < key_count) ++depth;
  return depth;
}

std::string key_name(std::size_t i) { return "key-" + std::to_string(i); }

TEST(MerkleTreeTest, EqualContentsGiveEqualRootsWhateverTheInsertionOrder) {
  MerkleTree forward(4);
  MerkleTree backward(4);
  for (int i = 0; i < 50; ++i) forward.set(key_name(i), i);
  for (int i = 49; i >= 0; --i) backward.set(key_name(i), i);
  EXPECT_EQ(forward.root(), backward.root());
  forward.set(key_name(7), 1000);
  EXPECT_NE(forward.root(), backward.root());
  forward.set(key_name(7), 7);
  EXPECT_EQ(forward.root(), backward.root());
  forward.erase(key_name(7));
  EXPECT_NE(forward.root(), backward.root());
}

TEST(MerkleTreeTest, EmptyTreeHashesToZero) {
  MerkleTree tree(3);
  EXPECT_EQ(tree.root(), 0u);
  tree.set("k", 1);
  EXPECT_NE(tree.root(), 0u);
  tree.erase("k");
  EXPECT_EQ(tree.root(), 0u);
}

// Two trees over n keys that differ in d of them: the descent finds exactly those keys,
// comparing at most 2 hashes per level per differing key (O(d log n)), never O(n).
RC_GTEST_PROP(MerkleDiffTest, FindsExactlyTheDifferingKeysInDLogNHashes, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 3000);
  const auto d = *rc::gen::inRange<std::size_t>(0, std::min<std::size_t>(n, 24) + 1);
  const auto chosen = *rc::gen::unique<std::vector<std::size_t>>(
      d, rc::gen::inRange<std::size_t>(0, n));
  const std::uint32_t depth = depth_for(n);
  MerkleTree a(depth);
  MerkleTree b(depth);
  for (std::size_t i = 0; i < n; ++i) {
    a.set(key_name(i), i);
    b.set(key_name(i), i);
  }
  std::set<std::string> expected;
  for (const std::size_t i : chosen) {
    const auto how = *rc::gen::inRange(0, 3);
    if (how == 0) b.set(key_name(i), i + 1'000'000);  // a different version
    if (how == 1) b.erase(key_name(i));               // missing on one side
    if (how == 2) {                                    // present only on one side
      b.erase(key_name(i));
      b.set(key_name(i + n), i);
      expected.insert(key_name(i + n));
    }
    expected.insert(key_name(i));
  }
  const MerkleDiff diff = merkle_diff(a, b);
  RC_ASSERT(std::vector<std::string>(expected.begin(), expected.end()) == diff.keys);
  RC_ASSERT(diff.hashes_compared <= 1 + 2 * expected.size() * depth);
  RC_ASSERT(diff.rounds <= depth + 1);
  const std::size_t leaf_load = std::max(a.largest_leaf_size(), b.largest_leaf_size());
  RC_ASSERT(diff.entries_exchanged <= 2 * expected.size() * leaf_load);
  if (d == 0) RC_ASSERT(diff.hashes_compared == 1u);  // equal roots end it at once
}

TEST(MerkleDiffTest, CostGrowsWithLogNNotN) {
  for (const std::size_t n : {1u << 8, 1u << 12, 1u << 16}) {
    const std::uint32_t depth = depth_for(n);
    MerkleTree a(depth);
    MerkleTree b(depth);
    for (std::size_t i = 0; i < n; ++i) {
      a.set(key_name(i), i);
      b.set(key_name(i), i);
    }
    b.set(key_name(n / 2), 0);
    const MerkleDiff diff = merkle_diff(a, b);
    EXPECT_EQ(diff.keys, std::vector<std::string>{key_name(n / 2)});
    EXPECT_LE(diff.hashes_compared, 1 + 2 * depth) << "n = " << n;
  }
}

}  // namespace
}  // namespace qc
