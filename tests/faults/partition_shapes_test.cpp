// partition_links: each shape's cut links have the shape's defining properties, for
// every cluster size from 1 to 11 and many seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "faults/nemesis.h"

namespace qc {
namespace {

constexpr int kNodeCountMax = 11;
constexpr std::uint64_t kSeeds = 40;

// Which nodes each node can talk to both ways (itself included), from the cut links.
class Reach {
 public:
  Reach(const std::vector<Link>& cut, int node_count)
      : cut_(cut.begin(), cut.end()), node_count_(node_count) {}

  bool talk(int a, int b) const { return !cut_.contains({a, b}) && !cut_.contains({b, a}); }

  std::set<int> visible(int node) const {
    std::set<int> seen;
    for (int other = 0; other < node_count_; ++other) {
      if (talk(node, other)) seen.insert(other);
    }
    return seen;
  }

  // Groups of nodes that see exactly the same set.
  std::set<std::set<int>> components() const {
    std::set<std::set<int>> groups;
    for (int node = 0; node < node_count_; ++node) groups.insert(visible(node));
    return groups;
  }

 private:
  std::set<Link> cut_;
  int node_count_;
};

// Sorted, distinct, in range, no self links, and every cut goes both ways.
void expect_well_formed(const std::vector<Link>& links, int node_count) {
  EXPECT_TRUE(std::ranges::is_sorted(links));
  EXPECT_EQ(std::ranges::adjacent_find(links), links.end());
  const std::set<Link> cut(links.begin(), links.end());
  for (const auto& [from, to] : links) {
    EXPECT_NE(from, to);
    EXPECT_TRUE(from >= 0 && from < node_count && to >= 0 && to < node_count);
    EXPECT_TRUE(cut.contains({to, from})) << from << "->" << to << " is cut one way only";
  }
}

// Two groups, each talking freely inside and not at all across; the sizes given.
void expect_two_sides(const Reach& reach, int node_count, std::size_t smaller_size) {
  const auto groups = reach.components();
  ASSERT_EQ(groups.size(), 2u);
  std::set<std::size_t> sizes;
  for (const auto& group : groups) sizes.insert(group.size());
  EXPECT_EQ(*sizes.begin(), smaller_size);
  EXPECT_EQ(*sizes.rbegin(), static_cast<std::size_t>(node_count) - smaller_size);
}

template <typename Check>
void for_each_case(const std::string& shape, int node_count_min, Check check) {
  for (int node_count = node_count_min; node_count <= kNodeCountMax; ++node_count) {
    for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
      Prng prng(seed);
      const std::vector<Link> links = partition_links(shape, node_count, prng);
      SCOPED_TRACE(shape + " n=" + std::to_string(node_count) + " seed=" + std::to_string(seed));
      expect_well_formed(links, node_count);
      check(links, node_count, Reach(links, node_count));
    }
  }
}

TEST(PartitionShapes, FewerThanTwoNodesCutNothing) {
  for (std::string_view shape : generated_partition_shapes()) {
    Prng prng(1);
    EXPECT_TRUE(partition_links(std::string(shape), 1, prng).empty()) << shape;
    EXPECT_TRUE(partition_links(std::string(shape), 0, prng).empty()) << shape;
  }
}

TEST(PartitionShapes, HalvesCutsTheFirstHalfFromTheRest) {
  for_each_case("halves", 2, [](const std::vector<Link>& links, int n, const Reach& reach) {
    expect_two_sides(reach, n, static_cast<std::size_t>(n / 2));
    std::set<int> first_half;
    for (int node = 0; node < n / 2; ++node) first_half.insert(node);
    EXPECT_EQ(reach.visible(0), first_half);
    EXPECT_EQ(links.size(), static_cast<std::size_t>(2 * (n / 2) * (n - n / 2)));
  });
}

TEST(PartitionShapes, RandomHalvesSplitsInTwoAtRandom) {
  std::set<std::set<int>> sides_of_node_0;
  for_each_case("random-halves", 2, [&](const std::vector<Link>&, int n, const Reach& reach) {
    expect_two_sides(reach, n, static_cast<std::size_t>(n / 2));
    if (n == 6) sides_of_node_0.insert(reach.visible(0));
  });
  EXPECT_GT(sides_of_node_0.size(), 5u) << "the split hardly varies with the seed";
}

TEST(PartitionShapes, IsolateCutsOneNodeFromAllOthers) {
  std::set<int> isolated_nodes;
  for_each_case("isolate", 2, [&](const std::vector<Link>& links, int n, const Reach& reach) {
    expect_two_sides(reach, n, 1);
    EXPECT_EQ(links.size(), static_cast<std::size_t>(2 * (n - 1)));
    for (int node = 0; node < n; ++node) {
      if (reach.visible(node).size() == 1) isolated_nodes.insert(node);
    }
  });
  EXPECT_EQ(isolated_nodes.size(), static_cast<std::size_t>(kNodeCountMax));
}

TEST(PartitionShapes, BridgeNodeTalksToEveryoneAndTheSidesToNoneAcross) {
  for_each_case("bridge", 3, [](const std::vector<Link>&, int n, const Reach& reach) {
    std::vector<int> bridges;
    for (int node = 0; node < n; ++node) {
      if (reach.visible(node).size() == static_cast<std::size_t>(n)) bridges.push_back(node);
    }
    ASSERT_EQ(bridges.size(), 1u);
    const int bridge = bridges[0];
    // Without the bridge, the others split in two sides that cannot talk.
    std::set<std::set<int>> sides;
    for (int node = 0; node < n; ++node) {
      if (node == bridge) continue;
      std::set<int> side = reach.visible(node);
      EXPECT_TRUE(side.erase(bridge));
      sides.insert(side);
    }
    ASSERT_EQ(sides.size(), 2u);
    EXPECT_EQ(sides.begin()->size() + sides.rbegin()->size(), static_cast<std::size_t>(n - 1));
    for (int a : *sides.begin()) {
      for (int b : *sides.rbegin()) EXPECT_FALSE(reach.talk(a, b));
    }
  });
}

TEST(PartitionShapes, MajoritiesRingGivesEveryNodeADifferentMajority) {
  for_each_case("majorities-ring", 2,
                [](const std::vector<Link>& links, int n, const Reach& reach) {
                  const std::size_t majority = static_cast<std::size_t>(n / 2 + 1);
                  std::set<std::set<int>> distinct_views;
                  for (int node = 0; node < n; ++node) {
                    const std::set<int> view = reach.visible(node);
                    EXPECT_TRUE(view.contains(node));
                    EXPECT_GE(view.size(), majority) << "node " << node;
                    distinct_views.insert(view);
                  }
                  if (n >= 4) {
                    EXPECT_EQ(distinct_views.size(), static_cast<std::size_t>(n));
                    EXPECT_FALSE(links.empty());
                  }
                  // With an odd majority each node sees exactly a majority, as in Jepsen.
                  if (majority % 2 == 1 && n >= 4) {
                    EXPECT_EQ(reach.visible(0).size(), majority);
                  }
                });
}

TEST(PartitionShapes, SameSeedSameLinks) {
  for (std::string_view shape : generated_partition_shapes()) {
    Prng first(77);
    Prng second(77);
    EXPECT_EQ(partition_links(std::string(shape), 7, first),
              partition_links(std::string(shape), 7, second));
  }
}

}  // namespace
}  // namespace qc
