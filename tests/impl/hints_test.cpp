// Sloppy quorum and hinted handoff, on four nodes: a key's replicas plus one fallback.
#include <gtest/gtest.h>

#include "pump.h"

namespace qc::test {
namespace {

struct Layout {
  std::string key;
  NodeId coordinator, other, down, fallback;  // first three: the preference list
};

Config sloppy_config(bool sloppy, PlantedBugs bugs = {}) {
  Config config;
  config.node_count = 4;
  config.replication_factor = 3;
  config.read_quorum = 2;
  config.write_quorum = 3;
  config.sloppy_quorum = sloppy;
  config.anti_entropy = false;
  config.planted_bugs = bugs;
  return config;
}

Layout layout_of(Cluster& cluster) {
  Layout l;
  l.key = cluster.key_on(0, true);
  const auto& walk = cluster.node(0).ring().walk(cluster.node(0).ring().range_of(l.key));
  l.coordinator = walk[0], l.other = walk[1], l.down = walk[2], l.fallback = walk[3];
  return l;
}

// The coordinator learns that a replica is down and writes with W = 3 = N.
Layout write_while_replica_down(Cluster& cluster) {
  Layout l = layout_of(cluster);
  cluster.peer_status(l.coordinator, l.down, false);
  cluster.submit(l.coordinator, ClientOp::put, l.key, "v");
  return l;
}

TEST(HintedHandoffTest, SloppyWriteGoesToTheFallbackWithAHint) {
  Cluster cluster(sloppy_config(true));
  const Layout l = write_while_replica_down(cluster);
  EXPECT_EQ(cluster.count_in_flight(to(l.down)), 0u);
  ASSERT_EQ(cluster.count_in_flight(is_to<WriteRequest>(l.fallback)), 1u);
  cluster.deliver_all();
  EXPECT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::ok) << "the fallback's ack counts";
  EXPECT_EQ(cluster.node(l.fallback).store().hint_count(), 1u);
  EXPECT_FALSE(cluster.node(l.fallback).version_of(l.key)) << "a hint, not its own data";
  EXPECT_FALSE(cluster.node(l.down).version_of(l.key));
}

TEST(HintedHandoffTest, HintIsHandedOverWhenTheReplicaIsBackThenDropped) {
  Cluster cluster(sloppy_config(true));
  const Layout l = write_while_replica_down(cluster);
  cluster.deliver_all();
  cluster.peer_status(l.fallback, l.down, false);
  cluster.advance_to(1'000'000);  // maintenance does not hand over to a down peer
  EXPECT_EQ(cluster.count_in_flight(is<HintHandoff>()), 0u);
  cluster.peer_status(l.fallback, l.down, true);
  ASSERT_EQ(cluster.count_in_flight(is_to<HintHandoff>(l.down)), 1u);
  cluster.deliver_first(is<HintHandoff>());
  EXPECT_EQ(cluster.node(l.down).version_of(l.key)->value, "v");
  EXPECT_EQ(cluster.node(l.fallback).store().hint_count(), 1u) << "kept until acked";
  cluster.deliver_first(is<HintAck>());
  EXPECT_EQ(cluster.node(l.fallback).store().hint_count(), 0u);
}

TEST(HintedHandoffTest, LostHandoffIsRetriedByMaintenance) {
  Cluster cluster(sloppy_config(true));
  const Layout l = write_while_replica_down(cluster);
  cluster.deliver_all();
  cluster.peer_status(l.fallback, l.down, false);
  cluster.peer_status(l.fallback, l.down, true);
  ASSERT_EQ(cluster.count_in_flight(is<HintHandoff>()), 1u);
  cluster.drop_all(is<HintHandoff>());  // lost on the way
  cluster.run_until(Config{}.maintenance_interval_us * 2, Config{}.maintenance_interval_us);
  EXPECT_EQ(cluster.node(l.down).version_of(l.key)->value, "v");
  EXPECT_EQ(cluster.node(l.fallback).store().hint_count(), 0u);
}

TEST(HintedHandoffTest, StrictQuorumDoesNotUseFallbacks) {
  Cluster cluster(sloppy_config(false));
  const Layout l = write_while_replica_down(cluster);
  EXPECT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::fail);  // 2 up, W = 3
  EXPECT_EQ(cluster.count_in_flight(to(l.fallback)), 0u);
}

TEST(HintedHandoffTest, FallbackAnswersReadsFromItsHints) {
  Cluster cluster(sloppy_config(true));
  const Layout l = write_while_replica_down(cluster);
  cluster.deliver_all();
  cluster.peer_status(l.other, l.down, false);
  cluster.submit(l.other, ClientOp::get, l.key);
  EXPECT_EQ(cluster.count_in_flight(is_to<ReadRequest>(l.fallback)), 1u);
  cluster.drop_all(is_to<ReadRequest>(l.coordinator));
  cluster.deliver_all();
  EXPECT_EQ(cluster.reply_to(2)->value, "v");
}

void expect_hints_after_restart(bool drop_bug, std::size_t expected) {
  PlantedBugs bugs;
  bugs.hints_dropped_on_restart = drop_bug;
  Cluster cluster(sloppy_config(true, bugs));
  const Layout l = write_while_replica_down(cluster);
  cluster.deliver_all();
  cluster.crash(l.fallback);
  cluster.restart(l.fallback);
  EXPECT_EQ(cluster.node(l.fallback).store().hint_count(), expected);
}

TEST(HintedHandoffTest, HintsSurviveARestart) { expect_hints_after_restart(false, 1); }
TEST(HintedHandoffTest, PlantedBugDropsHintsOnRestart) { expect_hints_after_restart(true, 0); }

}  // namespace
}  // namespace qc::test
