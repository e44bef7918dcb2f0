// net/node_faults.h: what QC.FAULT sets is what the node then does to its sends and its
// clock; bad commands are errors naming the problem and change nothing.
#include "net/node_faults.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace qc {
namespace {

TEST(NodeFaultsTest, CutPeersAreDroppedUntilHealed) {
  NodeFaults faults(0, 3, 1);
  ASSERT_TRUE(faults.apply({"CUT", "2"}).is_ok());
  EXPECT_TRUE(faults.on_send(2).drop);
  EXPECT_FALSE(faults.on_send(1).drop);
  EXPECT_TRUE(faults.is_cut(2));
  ASSERT_TRUE(faults.apply({"heal"}).is_ok());  // case does not matter
  EXPECT_FALSE(faults.on_send(2).drop);
}

TEST(NodeFaultsTest, LossDropsAboutItsShareAndDelayHoldsTheRest) {
  NodeFaults faults(1, 3, 7);
  ASSERT_TRUE(faults.apply({"LOSS", "0.25"}).is_ok());  // no peers named: every peer
  ASSERT_TRUE(faults.apply({"DELAY", "5000", "0"}).is_ok());
  int dropped = 0;
  for (int i = 0; i < 4000; ++i) dropped += faults.on_send(i % 2 == 0 ? 0 : 2).drop ? 1 : 0;
  EXPECT_GT(dropped, 800);
  EXPECT_LT(dropped, 1200);
  // Holds on the slow link are drawn from [0, 10000] with mean 5000, so that messages
  // overtake one another; the other link is not held at all.
  std::int64_t held_sum = 0, held_min = 1'000'000, held_max = 0;
  int held = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto to_0 = faults.on_send(0);
    if (!to_0.drop) {
      held_sum += to_0.delay_us;
      held_min = std::min(held_min, to_0.delay_us);
      held_max = std::max(held_max, to_0.delay_us);
      ++held;
    }
    const auto to_2 = faults.on_send(2);
    if (!to_2.drop) {
      EXPECT_EQ(to_2.delay_us, 0);
    }
  }
  ASSERT_GT(held, 1000);
  EXPECT_NEAR(static_cast<double>(held_sum) / held, 5000.0, 400.0);
  EXPECT_LT(held_min, 500);
  EXPECT_GT(held_max, 9500);
  EXPECT_LE(held_max, 10000);
  ASSERT_TRUE(faults.apply({"CLEAR"}).is_ok());
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(faults.on_send(0).drop);
}

TEST(NodeFaultsTest, ClockBumpsAddUpAndTheStrobeSwingsByPhase) {
  NodeFaults faults(0, 3, 1);
  ASSERT_TRUE(faults.apply({"CLOCK-BUMP", "-5000"}).is_ok());
  ASSERT_TRUE(faults.apply({"CLOCK-BUMP", "2000"}).is_ok());
  EXPECT_EQ(faults.wall_offset_us(0), -3000);
  ASSERT_TRUE(faults.apply({"STROBE", "100", "1000"}).is_ok());
  EXPECT_EQ(faults.wall_offset_us(500), -2900);
  EXPECT_EQ(faults.wall_offset_us(1500), -3100);
  ASSERT_TRUE(faults.apply({"CLEAR"}).is_ok());  // the strobe ends, the bump stays
  EXPECT_EQ(faults.wall_offset_us(1500), -3000);
}

TEST(NodeFaultsTest, BadCommandsNameTheProblemAndChangeNothing) {
  NodeFaults faults(0, 3, 1);
  const auto rejected = [&](std::vector<std::string> arguments, const std::string& wanted) {
    auto result = faults.apply(arguments);
    ASSERT_FALSE(result.is_ok());
    EXPECT_NE(result.status().message().find(wanted), std::string::npos) << result.status().message();
  };
  rejected({}, "needs a command");
  rejected({"CUT"}, "CUT needs the peers");
  rejected({"CUT", "0"}, "peer '0'");  // itself
  rejected({"CUT", "3"}, "peer '3'");  // not in the cluster
  rejected({"LOSS", "1.5"}, "expected a probability from 0 to 1");
  rejected({"LOSS", "nan"}, "expected a probability from 0 to 1");
  rejected({"DELAY", "-1"}, "expected microseconds");
  rejected({"CLOCK-BUMP", "soon"}, "CLOCK-BUMP needs one whole number");
  rejected({"STROBE", "100", "0"}, "STROBE needs two whole numbers");
  rejected({"REBOOT"}, "'REBOOT' is not a command");
  EXPECT_FALSE(faults.on_send(1).drop);
  EXPECT_EQ(faults.wall_offset_us(0), 0);
}

}  // namespace
}  // namespace qc
