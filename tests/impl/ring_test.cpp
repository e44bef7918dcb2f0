#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "impl/hash.h"
#include "impl/ring.h"

namespace qc {
namespace {

std::vector<NodeId> nodes_up_to(NodeId count) {
  std::vector<NodeId> nodes;
  for (NodeId id = 0; id < count; ++id) nodes.push_back(id);
  return nodes;
}

TEST(HashTest, Fnv1aMatchesPublishedVectors) {
  // Placement must not change between builds: pin the hash to its reference values.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(RingTest, PreferenceListsHoldNDistinctNodes) {
  const Ring ring(nodes_up_to(5), 8);
  EXPECT_EQ(ring.range_count(), 40u);
  std::set<NodeId> seen_first;
  for (int i = 0; i < 500; ++i) {
    const auto list = ring.preference_list("key-" + std::to_string(i), 3);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(std::set<NodeId>(list.begin(), list.end()).size(), 3u);
    seen_first.insert(list[0]);
    EXPECT_EQ(ring.walk(ring.range_of("key-" + std::to_string(i))).size(), 5u);
  }
  EXPECT_EQ(seen_first.size(), 5u) << "every node should coordinate some keys";
}

TEST(RingTest, PlacementIsDeterministic) {
  const Ring first(nodes_up_to(4), 16);
  const Ring second(nodes_up_to(4), 16);
  for (int i = 0; i < 200; ++i) {
    const std::string key = "key-" + std::to_string(i);
    EXPECT_EQ(first.preference_list(key, 3), second.preference_list(key, 3));
    EXPECT_EQ(first.range_of(key), second.range_of(key));
  }
}

TEST(RingTest, AddingANodeMovesOnlyTheKeysItTakes) {
  const Ring before(nodes_up_to(5), 16);
  const Ring after(nodes_up_to(6), 16);
  int moved = 0;
  const int keys = 2000;
  for (int i = 0; i < keys; ++i) {
    const std::string key = "key-" + std::to_string(i);
    const auto old_list = before.preference_list(key, 3);
    auto new_list = after.preference_list(key, 3);
    if (new_list == old_list) continue;
    ++moved;
    // Only the new node can have entered; the rest keep their order.
    ASSERT_NE(std::find(new_list.begin(), new_list.end(), NodeId{5}), new_list.end());
    std::erase(new_list, NodeId{5});
    EXPECT_TRUE(std::equal(new_list.begin(), new_list.end(), old_list.begin()));
  }
  // The new node takes about N/6 = half of the keys' lists; far from all of them.
  EXPECT_GT(moved, keys / 5);
  EXPECT_LT(moved, keys * 4 / 5);
}

TEST(RingTest, RangesShareOnePreferenceList) {
  const Ring ring(nodes_up_to(5), 8);
  for (int i = 0; i < 300; ++i) {
    const std::string key = "key-" + std::to_string(i);
    EXPECT_EQ(ring.preference_list(key, 3), ring.replicas_of_range(ring.range_of(key), 3));
  }
}

}  // namespace
}  // namespace qc
