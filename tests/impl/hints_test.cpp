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

// An outage nobody reports (say, a partition the failure detector misses): the fallback
// believes the replica up and every handoff to it is lost, for `outage_us`. Returns how
// many handoffs went out.
std::size_t handoffs_during_silent_outage(Cluster& cluster, const Layout& l,
                                          std::int64_t outage_us) {
  const std::int64_t step_us = cluster.node(0).config().maintenance_interval_us;
  const std::int64_t end_us = cluster.now_us() + outage_us;
  std::size_t handoffs = 0;
  while (cluster.now_us() < end_us) {
    cluster.advance_to(cluster.now_us() + step_us);
    handoffs += cluster.count_in_flight(is_to<HintHandoff>(l.down));
    cluster.drop_all(to(l.down));
    cluster.deliver_all();
  }
  return handoffs;
}

Config backoff_config() {
  Config config = sloppy_config(true);
  config.hint_retry_interval_us = 100'000;
  config.hint_retry_interval_us_max = 1'600'000;
  return config;
}

TEST(HintedHandoffTest, RetriesToASilentlyUnreachableReplicaBackOff) {
  const Config config = backoff_config();
  Cluster cluster(config);
  const Layout l = write_while_replica_down(cluster);
  cluster.deliver_all();
  ASSERT_EQ(cluster.node(l.fallback).store().hint_count(), 1u);
  constexpr std::int64_t kOutageUs = 60'000'000;
  const std::size_t handoffs = handoffs_during_silent_outage(cluster, l, kOutageUs);
  // At 0.1, 0.2, 0.4, 0.8, 1.6 s, then every 1.6 s: 41 (a try every tick would be 600).
  const auto at_cap = static_cast<std::size_t>(kOutageUs / config.hint_retry_interval_us_max);
  EXPECT_GE(handoffs, at_cap) << "it keeps retrying at the cap";
  EXPECT_LE(handoffs, at_cap + 5) << "sent " << handoffs << " in 60 s";
  // The outage ends: the next retry gets through and the hint is dropped once acked.
  cluster.run_until(cluster.now_us() + config.hint_retry_interval_us_max,
                    config.maintenance_interval_us);
  EXPECT_EQ(cluster.node(l.down).version_of(l.key)->value, "v");
  EXPECT_EQ(cluster.node(l.fallback).store().hint_count(), 0u);
}

TEST(HintedHandoffTest, RetryIntervalResetsWhenTheReplicaComesUp) {
  const Config config = backoff_config();
  Cluster cluster(config);
  const Layout l = write_while_replica_down(cluster);
  cluster.deliver_all();
  handoffs_during_silent_outage(cluster, l, 10'000'000);  // backed off to the cap
  cluster.peer_status(l.fallback, l.down, false);
  cluster.peer_status(l.fallback, l.down, true);
  EXPECT_EQ(cluster.count_in_flight(is_to<HintHandoff>(l.down)), 1u) << "at once on up";
  cluster.drop_all(to(l.down));
  const std::size_t retried = handoffs_during_silent_outage(
      cluster, l, config.hint_retry_interval_us + config.maintenance_interval_us);
  EXPECT_EQ(retried, 1u) << "the first interval again, not the cap";
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
