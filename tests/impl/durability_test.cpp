// Durable versus volatile writes across a crash, and tombstone purging.
#include <gtest/gtest.h>

#include "pump.h"

namespace qc::test {
namespace {

Config three_nodes(Durability durability, PlantedBugs bugs = {}) {
  Config config;
  config.durability = durability;
  config.anti_entropy = false;
  config.planted_bugs = bugs;
  config.tombstone_grace_us = 1'000'000;
  return config;
}

TEST(DurabilityTest, DurableAckComesWithItsRecord) {
  Cluster cluster(three_nodes(Durability::durable));
  cluster.submit(0, ClientOp::put, "k", "v");
  const Envelope request = cluster.in_flight().front();
  const Outputs out = cluster.node(request.to).on_message(Clock{1, 1}, request);
  ASSERT_EQ(out.records.size(), 1u);  // the driver persists it before sending the ack
  EXPECT_EQ(out.records[0].kind, RecordKind::put_version);
  EXPECT_EQ(out.records[0].version.value, "v");
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<WriteAck>(out.messages[0].message));
}

// Writes "v" acknowledged by node 1, then crashes and restarts node 1.
std::optional<Version> value_after_crash(Config config, std::int64_t crash_at_us) {
  Cluster cluster(config);
  cluster.submit(0, ClientOp::put, "k", "v");
  cluster.deliver_first(is_to<WriteRequest>(1));
  cluster.deliver_first(is_to<WriteAck>(0));
  EXPECT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::ok);
  cluster.advance_to(crash_at_us);
  cluster.crash(1);
  cluster.restart(1);
  return cluster.node(1).version_of("k");
}

TEST(DurabilityTest, DurableWriteSurvivesACrash) {
  EXPECT_TRUE(value_after_crash(three_nodes(Durability::durable), 1));
}

TEST(DurabilityTest, VolatileWriteIsLostByACrashBeforeTheFlush) {
  EXPECT_FALSE(value_after_crash(three_nodes(Durability::volatile_), 1));
}

TEST(DurabilityTest, VolatileWriteSurvivesACrashAfterTheFlush) {
  const Config config = three_nodes(Durability::volatile_);
  EXPECT_TRUE(value_after_crash(config, config.flush_interval_us));
}

TEST(DurabilityTest, PlantedAckBeforeStoreLosesADurableWrite) {
  PlantedBugs bugs;
  bugs.ack_before_store = true;
  EXPECT_FALSE(value_after_crash(three_nodes(Durability::durable, bugs), 1));
}

// Put "v" everywhere, then delete it on the replicas other than `absent` (if any).
Cluster put_then_delete(std::optional<NodeId> absent) {
  Cluster cluster(three_nodes(Durability::durable));
  cluster.submit(0, ClientOp::put, "k", "v");
  cluster.deliver_all();
  cluster.advance_to(10);
  cluster.submit(0, ClientOp::del, "k");
  if (absent) cluster.drop_all(to(*absent));
  cluster.deliver_all();
  return cluster;
}

TEST(TombstoneTest, PurgedOnlyAfterTheGracePeriod) {
  Cluster cluster = put_then_delete(std::nullopt);
  const std::int64_t grace_us = three_nodes(Durability::durable).tombstone_grace_us;
  cluster.advance_to(grace_us / 2);
  for (NodeId id = 0; id < 3; ++id) EXPECT_TRUE(cluster.node(id).version_of("k")->tombstone);
  cluster.advance_to(grace_us + Config{}.maintenance_interval_us + 10);
  for (NodeId id = 0; id < 3; ++id) EXPECT_FALSE(cluster.node(id).version_of("k"));
  EXPECT_EQ(cluster.durable(1).back().kind, RecordKind::erase_version);
  cluster.crash(1);
  cluster.restart(1);
  EXPECT_FALSE(cluster.node(1).version_of("k")) << "the purge is durable too";
}

TEST(TombstoneTest, EachReplicaMeasuresTheTombstonesAgeByItsOwnWallClock) {
  Cluster cluster = put_then_delete(std::nullopt);
  cluster.set_skew(2, 10'000'000);  // node 2's clock jumps far ahead: it purges early
  cluster.advance_to(Config{}.maintenance_interval_us);
  EXPECT_FALSE(cluster.node(2).version_of("k"));
  EXPECT_TRUE(cluster.node(1).version_of("k"));
}

TEST(TombstoneTest, AReplicaThatMissedTheDeleteResurrectsItAfterThePurge) {
  // The documented hazard: a node away longer than the grace period brings data back.
  Cluster cluster = put_then_delete(NodeId{2});
  cluster.advance_to(3'000'000);
  cluster.submit(1, ClientOp::get, "k");
  cluster.drop_all(to(0));  // R = 2: node 1 (purged) and node 2 (never deleted) answer
  cluster.deliver_all();
  EXPECT_EQ(cluster.reply_to(3)->value, "v");
}

}  // namespace
}  // namespace qc::test
