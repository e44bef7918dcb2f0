// Each read repair mode, on four nodes where the coordinator (node 3) is not a replica of
// the key, so every step of the read is a message the test delivers by hand.
#include <gtest/gtest.h>

#include "pump.h"

namespace qc::test {
namespace {

constexpr NodeId kCoordinator = 3;

struct Scenario {
  Cluster cluster;
  std::string key;
  NodeId fresh, stale, late;  // the key's replicas
};

// `fresh` holds "new"; `stale` and `late` hold "old" (or nothing when old is empty).
Scenario diverged(ReadRepair mode, const std::string& old_value, PlantedBugs bugs = {}) {
  Config config;
  config.node_count = 4;
  config.replication_factor = 3;
  config.read_quorum = 2;
  config.write_quorum = 2;
  config.read_repair = mode;
  config.anti_entropy = false;
  config.planted_bugs = bugs;
  Scenario s{Cluster(config), "", 0, 0, 0};
  s.key = s.cluster.key_on(kCoordinator, false);
  const auto replicas = s.cluster.node(0).ring().preference_list(s.key, 3);
  s.fresh = replicas[0], s.stale = replicas[1], s.late = replicas[2];
  if (!old_value.empty()) {
    s.cluster.submit(kCoordinator, ClientOp::put, s.key, old_value);
    s.cluster.deliver_all();
  }
  s.cluster.advance_to(10);
  s.cluster.submit(kCoordinator, ClientOp::put, s.key, "new");
  s.cluster.deliver_first(is_to<WriteRequest>(s.fresh));
  s.cluster.drop_all([](const Envelope&) { return true; });
  s.cluster.advance_to(1'000'000);  // that put ends as info
  return s;
}

// The read: `stale` answers first, then `fresh`, which completes R = 2.
std::uint64_t read_stale_then_fresh(Scenario& s) {
  s.cluster.submit(kCoordinator, ClientOp::get, s.key);
  const std::uint64_t request_id = s.cluster.last_request_id();
  s.cluster.deliver_first(is_to<ReadRequest>(s.stale));
  s.cluster.deliver_first(is_to<ReadResponse>(kCoordinator));
  s.cluster.deliver_first(is_to<ReadRequest>(s.fresh));
  s.cluster.deliver_first(is_to<ReadResponse>(kCoordinator));
  return request_id;
}

std::optional<std::string> value_at(Scenario& s, NodeId node) {
  const auto version = s.cluster.node(node).version_of(s.key);
  return version ? std::optional(version->value) : std::nullopt;
}

TEST(ReadRepairTest, NoneAnswersNewestAndLeavesReplicasAlone) {
  Scenario s = diverged(ReadRepair::none, "");
  const auto request = read_stale_then_fresh(s);
  EXPECT_EQ(s.cluster.reply_to(request)->value, "new");
  s.cluster.deliver_all();
  EXPECT_FALSE(value_at(s, s.stale));
  EXPECT_FALSE(value_at(s, s.late));
}

TEST(ReadRepairTest, AsyncAnswersFirstThenRepairsStaleAndLateReplicas) {
  Scenario s = diverged(ReadRepair::async, "old");
  const auto request = read_stale_then_fresh(s);
  ASSERT_TRUE(s.cluster.reply_to(request));  // answered before any repair landed
  EXPECT_EQ(s.cluster.reply_to(request)->value, "new");
  EXPECT_EQ(value_at(s, s.stale), "old");
  EXPECT_EQ(s.cluster.count_in_flight(is_to<WriteRequest>(s.stale)), 1u);
  s.cluster.deliver_all();  // includes the late replica's reply, which is repaired too
  EXPECT_EQ(value_at(s, s.stale), "new");
  EXPECT_EQ(value_at(s, s.late), "new");
  EXPECT_EQ(s.cluster.count_in_flight(is<WriteAck>()), 0u) << "repairs want no acks";
}

TEST(ReadRepairTest, BlockingWritesBackToWReplicasBeforeAnswering) {
  Scenario s = diverged(ReadRepair::blocking, "old");
  const auto request = read_stale_then_fresh(s);
  EXPECT_FALSE(s.cluster.reply_to(request)) << "must not answer before the write-back";
  EXPECT_EQ(s.cluster.count_in_flight(is_to<WriteRequest>(s.fresh)), 0u) << "holds it";
  ASSERT_TRUE(s.cluster.deliver_first(is_to<WriteRequest>(s.stale)));
  EXPECT_EQ(value_at(s, s.stale), "new");
  EXPECT_FALSE(s.cluster.reply_to(request));
  ASSERT_TRUE(s.cluster.deliver_first(is<WriteAck>()));
  ASSERT_TRUE(s.cluster.reply_to(request));
  EXPECT_EQ(s.cluster.reply_to(request)->value, "new");
}

TEST(ReadRepairTest, BlockingWithoutWAcksTimesOutAsInfo) {
  Scenario s = diverged(ReadRepair::blocking, "old");
  const auto request = read_stale_then_fresh(s);
  s.cluster.drop_all(is<WriteRequest>());
  s.cluster.advance_to(s.cluster.now_us() + Config{}.request_timeout_us);
  EXPECT_EQ(s.cluster.reply_to(request)->outcome, ReplyOutcome::info);
}

TEST(ReadRepairTest, PlantedFirstReplyBugAnswersStale) {
  PlantedBugs bugs;
  bugs.read_returns_first_reply = true;
  Scenario s = diverged(ReadRepair::none, "old", bugs);
  EXPECT_EQ(s.cluster.reply_to(read_stale_then_fresh(s))->value, "old");
}

TEST(ReadRepairTest, PlantedStaleRepairOverwritesTheNewValue) {
  PlantedBugs bugs;
  bugs.read_repair_writes_stale = true;
  Scenario s = diverged(ReadRepair::async, "old", bugs);
  read_stale_then_fresh(s);
  s.cluster.deliver_all();
  EXPECT_EQ(value_at(s, s.fresh), "old");
}

}  // namespace
}  // namespace qc::test
