// Merkle anti-entropy between nodes: convergence both ways, cost proportional to the
// differences, quiet when in sync, the planted skipped-range bug, and determinism.
#include <gtest/gtest.h>

#include "pump.h"

namespace qc::test {
namespace {

constexpr std::int64_t kIntervalUs = 1'000'000;

Config ae_config(PlantedBugs bugs = {}) {
  Config config;  // M = N = 3: every node replicates every range
  config.anti_entropy_interval_us = kIntervalUs;
  config.request_timeout_us = 1'000;
  config.planted_bugs = bugs;
  return config;
}

// A write that only `node` stores: everything it sends to others is lost (the put ends
// as info); its own copy, which goes through the driver too, arrives.
void write_only_at(Cluster& cluster, NodeId node, const std::string& key,
                   const std::string& value) {
  cluster.submit(node, ClientOp::put, key, value);
  cluster.drop_all([node](const Envelope& e) { return e.to != node; });
  cluster.deliver_all();
}

std::string key_name(int i) { return "key-" + std::to_string(i); }

void expect_converged(Cluster& cluster, int keys) {
  for (int i = 0; i < keys; ++i)
    for (NodeId id = 1; id < 3; ++id)
      EXPECT_EQ(cluster.node(id).version_of(key_name(i)),
                cluster.node(0).version_of(key_name(i)))
          << key_name(i) << " at node " << id;
  for (const RangeId range : cluster.node(0).replicated_ranges())
    for (NodeId id = 1; id < 3; ++id)
      EXPECT_EQ(cluster.node(id).merkle_root(range), cluster.node(0).merkle_root(range));
}

std::uint64_t total(Cluster& cluster, std::uint64_t AntiEntropyStats::*counter) {
  std::uint64_t sum = 0;
  for (NodeId id = 0; id < 3; ++id) sum += cluster.node(id).anti_entropy_stats().*counter;
  return sum;
}

TEST(AntiEntropyTest, DivergedReplicasConvergeBothWays) {
  Cluster cluster(ae_config());
  for (int i = 0; i < 20; ++i) write_only_at(cluster, i % 2, key_name(i), "v" + std::to_string(i));
  cluster.advance_to(10);
  write_only_at(cluster, 1, key_name(0), "newer at node 1");  // node 0 holds the older one
  cluster.run_until(4 * kIntervalUs, kIntervalUs / 2);
  expect_converged(cluster, 20);
  EXPECT_EQ(cluster.node(0).version_of(key_name(0))->value, "newer at node 1");
  EXPECT_EQ(cluster.node(2).version_of(key_name(1))->value, "v1");
  EXPECT_GT(total(cluster, &AntiEntropyStats::messages_sent), 0u);
  EXPECT_GT(total(cluster, &AntiEntropyStats::bytes_sent), 0u);
}

TEST(AntiEntropyTest, TransfersOnlyTheKeysThatDiffer) {
  Config config = ae_config();
  config.write_quorum = 3;
  Cluster cluster(config);
  for (int i = 0; i < 200; ++i) {
    cluster.submit(0, ClientOp::put, key_name(i), "same");
    cluster.deliver_all();
  }
  write_only_at(cluster, 2, key_name(77), "only at node 2");
  cluster.run_until(4 * kIntervalUs, kIntervalUs / 2);
  expect_converged(cluster, 200);
  // Digests do not say which side is newer, so an exchange that finds key-77 moves it
  // both ways (2 versions); at most the 3 exchanges involving node 2 find it before it
  // converges. The other 199 keys never move.
  EXPECT_GE(total(cluster, &AntiEntropyStats::versions_sent), 1u);
  EXPECT_LE(total(cluster, &AntiEntropyStats::versions_sent), 6u);
}

TEST(AntiEntropyTest, InSyncReplicasExchangeOnlyRoots) {
  Cluster cluster(ae_config());
  cluster.run_until(2 * kIntervalUs, kIntervalUs);
  const std::uint64_t before = total(cluster, &AntiEntropyStats::messages_sent);
  const std::uint64_t started = total(cluster, &AntiEntropyStats::exchanges_started);
  cluster.run_until(3 * kIntervalUs, kIntervalUs);
  const std::uint64_t round = total(cluster, &AntiEntropyStats::exchanges_started) - started;
  EXPECT_EQ(round, 3u * cluster.node(0).ring().range_count());  // one per range per node
  EXPECT_EQ(total(cluster, &AntiEntropyStats::messages_sent) - before, round);
}

TEST(AntiEntropyTest, PlantedBugNeverSyncsTheLastRange) {
  PlantedBugs bugs;
  bugs.anti_entropy_skips_last_range = true;
  Cluster cluster(ae_config(bugs));
  const Ring& ring = cluster.node(0).ring();
  std::string in_last, elsewhere;
  for (int i = 0; in_last.empty() || elsewhere.empty(); ++i) {
    ASSERT_LT(i, 100'000);
    const bool last = ring.range_of(key_name(i)) == ring.range_count() - 1;
    (last ? in_last : elsewhere) = key_name(i);
  }
  write_only_at(cluster, 0, in_last, "v");
  write_only_at(cluster, 0, elsewhere, "v");
  cluster.run_until(6 * kIntervalUs, kIntervalUs / 2);
  EXPECT_TRUE(cluster.node(1).version_of(elsewhere));
  EXPECT_FALSE(cluster.node(1).version_of(in_last));
}

std::vector<std::vector<DurableRecord>> run_scenario() {
  Cluster cluster(ae_config());
  for (int i = 0; i < 10; ++i) write_only_at(cluster, i % 3, key_name(i), "v");
  cluster.run_until(3 * kIntervalUs, kIntervalUs / 3);
  return {cluster.durable(0), cluster.durable(1), cluster.durable(2)};
}

TEST(AntiEntropyTest, SameInputsGiveTheSameDurableLogs) {
  EXPECT_EQ(run_scenario(), run_scenario());
}

}  // namespace
}  // namespace qc::test
