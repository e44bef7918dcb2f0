// Coordinator placement, the client's hop and storage latency (sim/sim_routing.cpp):
// each is seen where it must show, in op durations and in what crosses the network.
#include <gtest/gtest.h>

#include "histories/history.h"
#include "histories/jsonl.h"
#include "sim/simulator.h"

namespace qc {
namespace {

SimConfig quiet_config(std::uint32_t nodes, std::uint32_t n, CoordinatorPlacement placement) {
  SimConfig config;
  config.store.node_count = nodes;
  config.store.replication_factor = n;
  config.store.read_quorum = 1;
  config.store.write_quorum = 1;
  config.store.anti_entropy = false;  // only the clients' messages cross the network
  config.store.coordinator_placement = placement;
  config.workload.ops = 200;
  config.workload.keys = 5;
  return config;
}

FaultSchedule no_faults() { return FaultSchedule{}; }

std::vector<Operation> operations_of(const RunResult& run) {
  auto operations = pair_operations(run.history);
  EXPECT_TRUE(operations.is_ok());
  return operations.value();
}

// One node holding everything: an op is the hop there, its own copy, and the hop back.
TEST(RoutingTest, ClientHopAndStorageLatencyTimeEveryOp) {
  SimConfig config = quiet_config(1, 1, CoordinatorPlacement::any_node);
  config.network.latency_by_class[class_index(MessageClass::client_request)] = LatencyDistribution::constant(1'000);
  config.network.latency_by_class[class_index(MessageClass::client_reply)] = LatencyDistribution::constant(1'000);
  config.storage.write_latency = LatencyDistribution::constant(300);
  config.storage.read_latency = LatencyDistribution::constant(200);
  const RunResult run = run_simulation(config, no_faults());
  std::size_t checked = 0;
  for (const Operation& op : operations_of(run)) {
    ASSERT_EQ(op.outcome, Outcome::ok);
    const std::int64_t expected_us = op.f == "write" ? 2'300 : 2'200;
    EXPECT_EQ(*op.return_time - *op.call_time, expected_us) << op.f << " " << op.id;
    ++checked;
  }
  EXPECT_EQ(checked, 200u);
  EXPECT_EQ(run.stats.messages_sent, 0u) << "a node's own copy never crosses the network";
}

TEST(RoutingTest, ReplicaPlacementCoordinatesWhereTheKeyLives) {
  // N = 1 on five nodes: the one replica coordinates, so nothing needs the network;
  // any node coordinating sends most requests to another node.
  const RunResult on_replica = run_simulation(quiet_config(5, 1, CoordinatorPlacement::replica), no_faults());
  const RunResult on_any = run_simulation(quiet_config(5, 1, CoordinatorPlacement::any_node), no_faults());
  EXPECT_EQ(on_replica.stats.ops_ok, 200u);
  EXPECT_EQ(on_replica.stats.messages_sent, 0u);
  EXPECT_GT(on_any.stats.messages_sent, 100u);
}

TEST(RoutingTest, ClientRoutingReachesEveryReplicaOverTheNetwork) {
  const RunResult run = run_simulation(quiet_config(5, 3, CoordinatorPlacement::client), no_faults());
  EXPECT_EQ(run.stats.ops_ok, 200u);
  // A request and its answer for each of the N = 3 replicas, for every op.
  EXPECT_EQ(run.stats.messages_sent, 200u * 3 * 2);
  EXPECT_TRUE(run.stats.converged);
}

TEST(RoutingTest, ClientRoutingIsDeterministic) {
  SimConfig config = quiet_config(5, 3, CoordinatorPlacement::client);
  config.storage.read_latency = LatencyDistribution::exponential(300);
  config.seed = 7;
  const std::string first = to_jsonl(run_simulation(config, no_faults()).history);
  EXPECT_EQ(to_jsonl(run_simulation(config, no_faults()).history), first);
  config.seed = 8;
  EXPECT_NE(to_jsonl(run_simulation(config, no_faults()).history), first) << "the seed decides the timing";
}

}  // namespace
}  // namespace qc
