// Hand-made histories for lost acknowledged writes (checker/lost_writes.h).
#include "checker/lost_writes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "history_builder.h"

namespace qc {
namespace {

using test::HistoryBuilder;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LostWrites, TheLastWriteSurvivesAndAnOlderFinalValueLosesIt) {
  HistoryBuilder h;
  const int a = h.wrote(0, "x", "a");
  const int b = h.wrote(0, "x", "b");
  const auto operations = h.operations();
  EXPECT_TRUE(check_lost_writes(operations, {{"x", "b"}}).none_lost());
  const LostWritesResult result = check_lost_writes(operations, {{"x", "a"}});
  EXPECT_EQ(result.acknowledged_writes, 2u);
  ASSERT_EQ(result.lost.size(), 1u);
  EXPECT_EQ(result.lost[0].write, b);
  EXPECT_EQ(result.lost[0].final_write, a);
  EXPECT_EQ(result.lost[0].final_value, "a");
  EXPECT_THAT(result.lost[0].involved_ops, ElementsAre(a, b));
  EXPECT_THAT(result.lost[0].explanation, HasSubstr("\"a\""));
}

TEST(LostWrites, AConcurrentOrOpenWriteMayWin) {
  HistoryBuilder h;
  const int a = h.write(0, "x", "a");
  const int b = h.write(1, "x", "b");
  h.ok(a);
  h.ok(b);
  const int late = h.write(2, "x", "c");
  h.info(late);
  const auto operations = h.operations();
  EXPECT_TRUE(check_lost_writes(operations, {{"x", "a"}}).none_lost());
  EXPECT_TRUE(check_lost_writes(operations, {{"x", "b"}}).none_lost());
  EXPECT_TRUE(check_lost_writes(operations, {{"x", "c"}}).none_lost());
}

TEST(LostWrites, AnOpenWriteIsNeverLost) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  const int pending = h.write(0, "x", "b");
  h.info(pending);
  EXPECT_TRUE(check_lost_writes(h.operations(), {{"x", "a"}}).none_lost());
}

TEST(LostWrites, AResurrectedKeyLosesTheDelete) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  const int gone = h.deleted(0, "x");
  const auto operations = h.operations();
  EXPECT_TRUE(check_lost_writes(operations, {{"x", std::nullopt}}).none_lost());
  const LostWritesResult result = check_lost_writes(operations, {{"x", "a"}});
  ASSERT_EQ(result.lost.size(), 1u);
  EXPECT_EQ(result.lost[0].write, gone);
}

TEST(LostWrites, AMissingKeyLosesEveryWriteWithoutADelete) {
  HistoryBuilder h;
  const int a = h.wrote(0, "x", "a");
  const LostWritesResult result = check_lost_writes(h.operations(), {{"x", std::nullopt}});
  ASSERT_EQ(result.lost.size(), 1u);
  EXPECT_EQ(result.lost[0].write, a);
  EXPECT_EQ(result.lost[0].final_write, kInitialState);
}

TEST(LostWrites, AnUnwrittenFinalValueLosesEveryAcknowledgedWrite) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  h.wrote(0, "x", "b");
  const int failed = h.write(0, "x", "f");
  h.fail(failed);
  const LostWritesResult result = check_lost_writes(h.operations(), {{"x", "f"}});
  ASSERT_EQ(result.lost.size(), 2u);
  EXPECT_EQ(result.lost[0].final_write, kNoOp);
  EXPECT_THAT(result.lost[0].explanation, HasSubstr("no write wrote"));
}

TEST(LostWrites, KeysWithoutAFinalStateAreCountedNotChecked) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  h.wrote(0, "y", "b");
  const LostWritesResult result = check_lost_writes(h.operations(), {{"x", "a"}});
  EXPECT_EQ(result.keys_checked, 1u);
  EXPECT_EQ(result.keys_unchecked, 1u);
  EXPECT_TRUE(result.none_lost());
}

}  // namespace
}  // namespace qc
