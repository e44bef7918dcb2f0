// The explorer's visited-state table: every hash found again after growths, sleep sets
// kept per state and shrunk in place, and the bytes it reports.
#include <gtest/gtest.h>

#include "impl/hash.h"
#include "modelcheck/visited_table.h"

namespace qc {
namespace {

std::vector<std::uint64_t> keys_of(std::span<const std::uint64_t> span) { return {span.begin(), span.end()}; }

TEST(VisitedTable, FindsEveryStateAgainAfterGrowingWithItsDepthAndSleepSet) {
  VisitedTable table;
  constexpr std::uint64_t kStates = 20'000;  // several growths from 1,024 slots
  for (std::uint64_t i = 0; i < kStates; ++i) {
    auto [slot, fresh] = table.find_or_insert(i * 4096);  // low bits alike: the table mixes them
    ASSERT_TRUE(fresh) << i;
    slot->depth = static_cast<std::uint32_t>(i % 50);
    slot->violating = i % 7 == 0;
    table.set_asleep(*slot, i % 3 == 0 ? std::vector<std::uint64_t>{} : std::vector<std::uint64_t>{i, i + 1, i + 2});
  }
  EXPECT_EQ(table.size(), kStates);
  for (std::uint64_t i = 0; i < kStates; ++i) {
    auto [slot, fresh] = table.find_or_insert(i * 4096);
    ASSERT_FALSE(fresh) << i;
    EXPECT_EQ(slot->depth, i % 50);
    EXPECT_EQ(slot->violating, i % 7 == 0);
    EXPECT_EQ(keys_of(table.asleep(*slot)),
              i % 3 == 0 ? std::vector<std::uint64_t>{} : std::vector<std::uint64_t>({i, i + 1, i + 2}));
  }
  EXPECT_EQ(table.size(), kStates);
}

TEST(VisitedTable, ASleepSetShrinksInPlaceWithoutDisturbingItsNeighbours) {
  VisitedTable table;
  auto [a, a_fresh] = table.find_or_insert(1);
  table.set_asleep(*a, {10, 20, 30});
  auto [b, b_fresh] = table.find_or_insert(2);
  table.set_asleep(*b, {40, 50});
  const std::uint64_t bytes = table.bytes();
  table.set_asleep(*a, {20});
  EXPECT_EQ(keys_of(table.asleep(*a)), std::vector<std::uint64_t>({20}));
  EXPECT_EQ(keys_of(table.asleep(*b)), std::vector<std::uint64_t>({40, 50}));
  EXPECT_EQ(table.bytes(), bytes);
  table.set_asleep(*a, {});
  EXPECT_TRUE(table.asleep(*a).empty());
  EXPECT_EQ(keys_of(table.asleep(*b)), std::vector<std::uint64_t>({40, 50}));
}

TEST(VisitedTable, ReportsTheBytesOfItsNextGrowthOnlyWhenFull) {
  VisitedTable table;
  EXPECT_EQ(table.bytes(), 0u);
  EXPECT_GT(table.bytes_of_next_growth(), 0u);  // the first insert allocates
  table.find_or_insert(1);
  EXPECT_EQ(table.bytes_of_next_growth(), 0u);
  EXPECT_GE(table.bytes(), 1024 * sizeof(VisitedTable::Slot));
  std::uint64_t hash = 2;
  while (table.bytes_of_next_growth() == 0) table.find_or_insert(hash++);
  EXPECT_EQ(table.size(), 768u);  // three quarters of 1,024: the next insert grows it
  EXPECT_EQ(table.bytes_of_next_growth(), 2048 * sizeof(VisitedTable::Slot));
  table.clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.bytes(), 0u);
}

}  // namespace
}  // namespace qc
