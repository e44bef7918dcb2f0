// Each fault kind does what it says: partitions drop messages on cut links, a crash
// loses volatile writes (and only those), a pause holds a node's inputs until resume,
// clock faults change the timestamps writes get; the final heal lets replicas converge.
// Faults are placed by op number (FaultEvent::at_op); the checks in between run the
// simulator to a number of invoked ops.
#include <gtest/gtest.h>

#include "histories/workload.h"
#include "history_helpers.h"
#include "impl/ring.h"
#include "sim/simulator.h"

namespace qc {
namespace {

using test::run_until;
using test::run_until_invoked;
using test::fault;
using test::small_config;

std::vector<Link> isolate(int node, int node_count) {
  std::vector<Link> links;
  for (int other = 0; other < node_count; ++other)
    if (other != node) {
      links.push_back({node, other});
      links.push_back({other, node});
    }
  return links;
}

TEST(FaultsApplied, PartitionDropsMessagesOnCutLinksAndHealConverges) {
  SimConfig config = small_config(21);
  config.workload.ops = 200;
  FaultSchedule schedule;
  FaultEvent cut = fault(0, FaultKind::partition);
  cut.links = isolate(0, 3);
  schedule.events = {cut};
  schedule.quiescence_us = 1'000'000;
  Simulator simulator(config, schedule);
  run_until_invoked(simulator, 199);  // the clients still run: no final heal yet
  // Nothing crossed the cut: node 0 holds only what it coordinated itself, and the
  // others nothing node 0 coordinated.
  std::size_t others_hold = 0;
  for (NodeId id = 0; id < 3; ++id)
    for (const auto& [key, entry] : as_leaderless(*simulator.node(id)).store().entries()) {
      EXPECT_EQ(entry.version.node == 0, id == 0) << "node " << id << " key " << key;
      others_hold += id != 0;
    }
  EXPECT_GT(others_hold, 0u);
  simulator.run();
  const RunResult result = simulator.finish();
  std::uint64_t dropped = 0;
  for (const ClassCounters& c : result.stats.messages_by_class) dropped += c.dropped;
  EXPECT_GT(dropped, 0u);
  EXPECT_GT(result.stats.ops_fail, 0u);  // node 0 learnt its peers are down: fail fast
  EXPECT_TRUE(result.stats.converged);   // anti-entropy after the heal
  EXPECT_TRUE(result.stats.divergent_keys.empty());
}

std::size_t stored_after_crash(bool lose_volatile) {
  SimConfig config = small_config(22);
  config.store.durability = Durability::volatile_;
  config.store.flush_interval_us = 10'000'000;  // never within this run
  config.store.anti_entropy = false;            // nothing may refill node 0 after
  config.workload.ops = 30;                     // the final heal restarts it
  config.workload.mix = {0, 1, 0};
  FaultSchedule schedule;  // node 0 crashes before the last op, down until the final heal
  schedule.events = {fault(29, FaultKind::crash, {0})};
  schedule.events[0].lose_volatile = lose_volatile;
  Simulator simulator(config, schedule);
  run_until_invoked(simulator, 29);
  const std::size_t before = as_leaderless(*simulator.node(0)).store().entries().size();
  EXPECT_GT(before, 0u);
  run_until_invoked(simulator, 30);
  EXPECT_EQ(simulator.node(0), nullptr);  // crashed
  simulator.run();
  EXPECT_NE(simulator.node(0), nullptr);  // restarted by the final heal
  if (simulator.node(0) == nullptr) return 0;
  const std::size_t after = as_leaderless(*simulator.node(0)).store().entries().size();
  EXPECT_TRUE(after == 0 || after == before);
  return after;
}

TEST(FaultsApplied, CrashLosesVolatileWritesUnlessFlushed) {
  EXPECT_EQ(stored_after_crash(true), 0u);
  EXPECT_GT(stored_after_crash(false), 0u);
}

// A request at a coordinator that crashes ends unknown (info); a node that is down
// refuses the connection and the client tries the next one, so with a node always up
// no op fails for want of a coordinator.
TEST(FaultsApplied, CrashedCoordinatorMeansInfoAndDownMeansFailover) {
  SimConfig config = small_config(23);
  config.workload.ops = 300;
  config.workload.clients = 6;
  FaultSchedule schedule;
  for (int i = 0; i < 8; ++i) {  // eight crashes of 30 ops each, spread over the 300
    schedule.events.push_back(fault(5 + i * 36, FaultKind::crash, {i % 3}));
    schedule.events.push_back(fault(35 + i * 36, FaultKind::restart, {i % 3}));
  }
  const RunResult result = run_simulation(config, schedule);
  EXPECT_EQ(result.stats.crashes, 8u);
  EXPECT_EQ(result.stats.restarts, 8u);
  bool crashed_info = false, refused = false;
  for (const Event& event : result.history.events) {
    crashed_info |= event.type == EventType::info && event.error == "coordinator crashed";
    refused |= event.error && event.error->find("is down") != std::string::npos;
  }
  EXPECT_TRUE(crashed_info);
  EXPECT_FALSE(refused) << "two of three nodes were always up to coordinate";
  // The crashes turned clients away (they touched ops) without failing them.
  std::uint64_t touched = 0;
  for (const FaultImpact& impact : result.fault_impacts)
    if (impact.kind == FaultKind::crash) touched += impact.ops_touched;
  EXPECT_GT(touched, 8u);
  // After an info the process continues under a new id (id + clients).
  std::int64_t max_process = 0;
  for (const Event& event : result.history.events) max_process = std::max(max_process, event.process);
  EXPECT_GE(max_process, 6);
  EXPECT_TRUE(result.stats.converged);
}

// Under replica placement the client tries only the key's replicas: with all of them
// down, the op fails, certainly not done, and says so.
TEST(FaultsApplied, WithEveryCandidateDownTheOpFails) {
  SimConfig config = small_config(5);
  config.store.node_count = 5;
  config.store.coordinator_placement = CoordinatorPlacement::replica;
  config.workload.keys = 1;
  config.workload.ops = 20;
  const std::vector<NodeId> all = {0, 1, 2, 3, 4};
  std::vector<int> replicas;
  for (const NodeId id : Ring(all, config.store.virtual_nodes_per_node).preference_list(workload_key(0), 3))
    replicas.push_back(static_cast<int>(id));
  FaultSchedule schedule;
  schedule.events.push_back(fault(0, FaultKind::crash, replicas));
  const RunResult result = run_simulation(config, schedule);
  std::size_t refused = 0, invoked = 0;
  for (const Event& event : result.history.events) {
    invoked += event.type == EventType::invoke;
    refused += event.type == EventType::fail && event.error &&
               event.error->find("is down, and so is every other node the client may try") != std::string::npos;
  }
  EXPECT_GT(invoked, 0u);
  EXPECT_EQ(refused, invoked) << "two nodes are up, but neither holds k0";
}

TEST(FaultsApplied, RestartedNodeIsToldAtOnceWhichPeersAreDown) {
  // Node 0 is cut off, crashes and restarts while still cut off. Told its peers are
  // down, it fails strict-quorum requests at once; presuming them up (a node's default
  // after a restart), it would send, wait, and time out with info.
  SimConfig config = small_config(28);
  config.workload.ops = 400;
  config.workload.keys = 1;
  FaultSchedule schedule;
  FaultEvent cut = fault(0, FaultKind::partition);
  cut.links = isolate(0, 3);
  schedule.events = {cut, fault(170, FaultKind::crash, {0}), fault(250, FaultKind::restart, {0})};
  const RunResult result = run_simulation(config, schedule);
  ASSERT_TRUE(result.fault_impacts[2].fired);
  const std::int64_t restarted_us = result.fault_impacts[2].fired_at_us;
  int fails_after_restart = 0, infos_after_restart = 0;
  for (const Event& event : result.history.events) {
    if (*event.time < restarted_us + 1'000) continue;
    fails_after_restart += event.type == EventType::fail;
    infos_after_restart += event.type == EventType::info;
  }
  EXPECT_GT(fails_after_restart, 0);
  EXPECT_EQ(infos_after_restart, 0);
}

TEST(FaultsApplied, PauseHoldsInputsUntilResume) {
  SimConfig config = small_config(24);
  config.workload.ops = 400;
  config.workload.keys = 1;
  config.workload.mix = {0, 1, 0};
  config.store.anti_entropy = false;
  FaultSchedule schedule;
  schedule.events = {fault(150, FaultKind::pause, {0}), fault(300, FaultKind::resume, {0})};
  Simulator simulator(config, schedule);
  run_until_invoked(simulator, 160);
  const auto paused_store = as_leaderless(*simulator.node(0)).store().entries();
  const auto other_store = as_leaderless(*simulator.node(1)).store().entries();
  run_until_invoked(simulator, 300);  // op 300 (and the resume) still to come
  EXPECT_EQ(as_leaderless(*simulator.node(0)).store().entries().size(), paused_store.size());
  EXPECT_EQ(as_leaderless(*simulator.node(0)).store().entries().at("k0").version,
            paused_store.at("k0").version);  // no write reached it
  EXPECT_NE(as_leaderless(*simulator.node(1)).store().entries().at("k0").version,
            other_store.at("k0").version);   // while the others moved on
  run_until_invoked(simulator, 301);
  run_until(simulator, simulator.now_us() + 5'000);
  EXPECT_NE(as_leaderless(*simulator.node(0)).store().entries().at("k0").version,
            paused_store.at("k0").version);  // the held writes arrived at resume
}

TEST(FaultsApplied, ClockBumpChangesWriteTimestamps) {
  SimConfig config = small_config(25);
  config.workload.mix = {0, 1, 0};
  FaultSchedule schedule;
  FaultEvent bump = fault(0, FaultKind::clock_bump, {0});
  bump.clock_delta_us = 1'000'000'000;
  schedule.events = {bump};
  const RunResult result = run_simulation(config, schedule);
  int bumped = 0, plain = 0;
  for (const DurableRecord& record : result.durable_logs[1]) {
    if (record.kind != RecordKind::put_version) continue;
    const bool from_node_0 = record.version.node == 0;
    EXPECT_EQ(record.version.timestamp_us >= 1'000'000'000, from_node_0);
    (from_node_0 ? bumped : plain)++;
  }
  EXPECT_GT(bumped, 0);
  EXPECT_GT(plain, 0);
}

TEST(FaultsApplied, ClockOffsetDriftAndStrobe) {
  SimConfig config = small_config(26);
  config.clocks.offset_us = {5'000, 0, -7};
  config.clocks.drift_ppm = {100, 0, 0};
  FaultSchedule schedule;
  FaultEvent strobe = fault(20, FaultKind::clock_strobe, {1});
  strobe.clock_delta_us = 50'000;
  strobe.period_us = 10'000;
  strobe.until_op = 40;
  schedule.events = {strobe};
  Simulator simulator(config, schedule);
  run_until_invoked(simulator, 10);
  const std::int64_t now_us = simulator.now_us();
  EXPECT_EQ(simulator.wall_us(0), now_us + 5'000 + (now_us * 100 + 500'000) / 1'000'000);
  EXPECT_EQ(simulator.wall_us(2), now_us - 7);
  run_until_invoked(simulator, 25);
  const std::int64_t swing_us = simulator.wall_us(1) - simulator.now_us();
  EXPECT_TRUE(swing_us == 50'000 || swing_us == -50'000) << swing_us;
  run_until_invoked(simulator, 45);
  EXPECT_EQ(simulator.wall_us(1), simulator.now_us());  // the strobe ended
}

TEST(FaultsApplied, LossBurstDropsAndDelayBurstDelays) {
  SimConfig config = small_config(27);
  config.workload.ops = 200;
  for (auto& latency : config.network.latency_by_class) latency = LatencyDistribution::constant(500);
  FaultSchedule schedule;
  FaultEvent loss = fault(0, FaultKind::loss_burst);
  loss.loss_probability = 1.0;
  loss.links = {{1, 2}};
  loss.until_op = 200;  // the whole workload
  schedule.events = {loss};
  const RunResult lossy = run_simulation(config, schedule);
  std::uint64_t dropped = 0;
  for (const ClassCounters& c : lossy.stats.messages_by_class) dropped += c.dropped;
  EXPECT_GT(dropped, 0u);

  schedule.events[0].kind = FaultKind::delay_burst;
  schedule.events[0].extra_delay_us = 300'000;  // beyond the 200 ms request timeout
  schedule.events[0].links = {};
  const RunResult slow = run_simulation(config, schedule);
  EXPECT_GT(slow.stats.ops_info, 0u);
  const RunResult calm = run_simulation(config, FaultSchedule{{}, 1'000'000});
  EXPECT_EQ(calm.stats.ops_info, 0u);
}

}  // namespace
}  // namespace qc
