// Tombstones whose grace period travels with them: a replica whose clock jumps ahead
// purges early, and anti-entropy must not hand the tombstone back to it forever.
#include <gtest/gtest.h>

#include <algorithm>

#include "pump.h"

namespace qc::test {
namespace {

constexpr std::int64_t kGraceUs = 5'000'000;
constexpr std::int64_t kClockBumpUs = 10'000'000;  // twice the grace: purges at once
constexpr std::int64_t kStepUs = 100'000;

Config three_replicas_with_anti_entropy() {
  Config config;  // M = N = 3: every node replicates every key
  config.tombstone_grace_us = kGraceUs;
  config.anti_entropy_interval_us = 1'000'000;
  return config;
}

// Writes "v" to every replica, then deletes it on the replicas that receive the delete.
void put_then_delete(Cluster& cluster, const std::function<bool(const Envelope&)>& lost) {
  cluster.submit(0, ClientOp::put, "k", "v");
  cluster.deliver_all();
  cluster.advance_to(10);
  cluster.submit(0, ClientOp::del, "k");
  cluster.drop_all(lost);
  cluster.deliver_all();
}

std::size_t purges_of(const Cluster& cluster, NodeId id, const std::string& key) {
  const auto& log = cluster.durable(id);
  return static_cast<std::size_t>(std::count_if(log.begin(), log.end(), [&](const auto& r) {
    return r.kind == RecordKind::erase_version && r.key == key;
  }));
}

bool holds_live_value(Cluster& cluster, NodeId id, const std::string& key) {
  const std::optional<Version> held = cluster.node(id).version_of(key);
  return held && !held->tombstone;
}

TEST(TombstoneGraceTest, AClockBumpedReplicaPurgesOnceAndTheClusterConverges) {
  Cluster cluster(three_replicas_with_anti_entropy());
  put_then_delete(cluster, [](const Envelope&) { return false; });
  for (NodeId id = 0; id < 3; ++id) ASSERT_TRUE(cluster.node(id).version_of("k")->tombstone);
  cluster.set_skew(2, kClockBumpUs);
  std::size_t reads_seeing_v = 0;
  for (int step = 1; cluster.now_us() < 4 * kGraceUs; ++step) {
    cluster.run_until(cluster.now_us() + kStepUs, kStepUs);
    for (NodeId id = 0; id < 3; ++id)
      ASSERT_FALSE(holds_live_value(cluster, id, "k")) << "node " << id << " resurrected it";
    if (step % 10 != 0) continue;  // and a read every second, from each node in turn
    cluster.submit(static_cast<NodeId>(step / 10 % 3), ClientOp::get, "k");
    cluster.deliver_all();
    if (cluster.replies().back().value) ++reads_seeing_v;
  }
  EXPECT_EQ(reads_seeing_v, 0u);
  for (NodeId id = 0; id < 3; ++id) {
    EXPECT_EQ(purges_of(cluster, id, "k"), 1u) << "node " << id << " purged it more than once";
    EXPECT_FALSE(cluster.node(id).version_of("k")) << "node " << id << " still holds it";
  }
  const RangeId range = cluster.node(0).ring().range_of("k");
  EXPECT_EQ(cluster.node(1).merkle_root(range), cluster.node(0).merkle_root(range));
  EXPECT_EQ(cluster.node(2).merkle_root(range), cluster.node(0).merkle_root(range));
}

TEST(TombstoneGraceTest, AnExpiredTombstoneReceivedDeletesTheOlderValueAndIsNotStored) {
  Config config = three_replicas_with_anti_entropy();
  config.anti_entropy = false;  // read repair delivers the delete to node 2
  config.read_repair = ReadRepair::async;
  Cluster cluster(config);
  put_then_delete(cluster, to(2));  // node 2 misses the delete and keeps "v"
  cluster.set_skew(2, kClockBumpUs);  // to node 2 the tombstone is already past its grace
  cluster.submit(0, ClientOp::get, "k");
  cluster.drop_all(to(1));  // node 0 (tombstone) and node 2 ("v") answer; repair follows
  cluster.deliver_all();
  ASSERT_TRUE(cluster.node(0).version_of("k")->tombstone);
  EXPECT_FALSE(cluster.node(2).version_of("k")) << "neither the value nor the tombstone";
  EXPECT_EQ(purges_of(cluster, 2, "k"), 1u) << "the delete of \"v\" is durable";
}

TEST(TombstoneGraceTest, TheDeletionTimeIsTheCoordinatorsWallClock) {
  Cluster cluster(three_replicas_with_anti_entropy());
  cluster.set_skew(0, 7'000);
  cluster.advance_to(10);
  cluster.submit(0, ClientOp::del, "k");
  cluster.set_skew(1, 3'000'000);  // the replica's clock does not restart the grace
  cluster.deliver_all();
  EXPECT_EQ(cluster.node(1).version_of("k")->deleted_wall_us, 7'010);
  EXPECT_EQ(cluster.durable(1).back().version.deleted_wall_us, 7'010);
}

}  // namespace
}  // namespace qc::test
