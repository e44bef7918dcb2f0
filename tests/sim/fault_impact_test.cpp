// RunResult::fault_impacts: which schedule events fired and how many client ops each
// touched; and the keyed timing streams that keep one op's timing its own.
#include <gtest/gtest.h>

#include <sstream>

#include "histories/jsonl.h"
#include "history_helpers.h"
#include "sim/simulator.h"

namespace qc {
namespace {

using test::fault;
using test::small_config;

FaultEvent isolate_node_0(std::int64_t at_op) {
  FaultEvent cut = fault(at_op, FaultKind::partition);
  cut.shape = "isolate";
  cut.links = {{0, 1}, {1, 0}, {0, 2}, {2, 0}};
  return cut;
}

std::string describe(const std::vector<FaultImpact>& impacts) {
  std::ostringstream out;
  for (const FaultImpact& i : impacts)
    out << to_string(i.kind) << " @" << i.at_op << " fired " << i.fired << " at " << i.fired_at_us
        << "us touched " << i.ops_touched << "\n";
  return out.str();
}

TEST(FaultImpact, PartitionDuringTheOpsTouchesThemAndAnEventBeyondThemNeverFires) {
  const SimConfig config = small_config(41);  // 60 ops; node 0 replicates every key
  FaultSchedule schedule;
  schedule.events = {isolate_node_0(20), fault(1'000, FaultKind::crash, {1})};
  ASSERT_TRUE(validate(schedule, 3).is_ok());
  const RunResult result = run_simulation(config, schedule);
  ASSERT_EQ(result.fault_impacts.size(), 2u);
  const FaultImpact& cut = result.fault_impacts[0];
  EXPECT_EQ(cut.kind, FaultKind::partition);
  EXPECT_TRUE(cut.fired);
  EXPECT_GT(cut.fired_at_us, 0);
  EXPECT_GT(cut.ops_touched, 0u);
  EXPECT_LE(cut.ops_touched, 60u - 20u + config.workload.clients);  // op 20 on, and those in flight
  const FaultImpact& beyond = result.fault_impacts[1];
  EXPECT_FALSE(beyond.fired);
  EXPECT_EQ(beyond.ops_touched, 0u);
  EXPECT_EQ(result.stats.crashes, 0u);
}

TEST(FaultImpact, CrashAtTheStartTouchesReads) {
  SimConfig config = small_config(42);
  config.workload.mix = {1, 0, 0};  // reads only: each asks R = 2 of the 3 replicas
  FaultSchedule schedule;
  schedule.events = {fault(0, FaultKind::crash, {0})};
  const RunResult result = run_simulation(config, schedule);
  ASSERT_EQ(result.fault_impacts.size(), 1u);
  EXPECT_TRUE(result.fault_impacts[0].fired);
  EXPECT_GT(result.fault_impacts[0].ops_touched, 0u);
  EXPECT_LE(result.fault_impacts[0].ops_touched, 60u);
}

TEST(FaultImpact, SameInputsGiveTheSameHistoryAndImpacts) {
  const SimConfig config = small_config(43);
  const Workload workload = generated_workload(config);
  FaultSchedule schedule;
  FaultEvent bump = fault(30, FaultKind::clock_bump, {1});
  bump.clock_delta_us = -20'000;
  FaultEvent delay = fault(35, FaultKind::delay_burst);
  delay.extra_delay_us = 5'000;
  delay.until_op = 50;
  schedule.events = {isolate_node_0(10), fault(25, FaultKind::heal), bump, delay,
                     fault(40, FaultKind::crash, {2})};
  ASSERT_TRUE(validate(schedule, 3).is_ok());
  const RunResult first = run_simulation(config, workload, schedule);
  const RunResult second = run_simulation(config, workload, schedule);
  EXPECT_EQ(to_jsonl(first.history), to_jsonl(second.history));
  EXPECT_EQ(describe(first.fault_impacts), describe(second.fault_impacts));
  for (const FaultImpact& impact : first.fault_impacts) EXPECT_TRUE(impact.fired);
}

// Client `process`'s events: times, kinds and values.
std::vector<std::string> events_of(const History& history, std::int64_t process) {
  std::vector<std::string> events;
  for (const Event& e : history.events)
    if (e.process == process)
      events.push_back(std::to_string(*e.time) + " " + to_string(e.type) + " " + e.f + " " +
                       e.key.value_or("") + " " + e.value.to_string());
  return events;
}

// Client 0's events when client 1's last op is there and when it is dropped: the same,
// since each op draws its timing (think time, client hops, messages, storage latency)
// from streams of its own.
void expect_dropping_another_clients_op_leaves_client_0_alone(const SimConfig& config) {
  Workload workload = generated_workload(config);
  // Client 1 stops halfway with a read, which client 0 cannot observe; client 0 runs on.
  workload.clients[1].resize(10);
  workload.clients[1].back().kind = WorkloadOpKind::read;
  workload.clients[1].back().value.clear();
  Workload shorter = workload;
  shorter.clients[1].pop_back();
  ASSERT_TRUE(validate(workload).is_ok());
  const RunResult full = run_simulation(config, workload, FaultSchedule{});
  const RunResult less = run_simulation(config, shorter, FaultSchedule{});
  ASSERT_EQ(full.stats.ops_info, 0u);  // no renumbered processes
  EXPECT_EQ(less.stats.ops_invoked + 1, full.stats.ops_invoked);
  const std::vector<std::string> client_0 = events_of(full.history, 0);
  EXPECT_EQ(client_0.size(), 2 * workload.clients[0].size());
  std::size_t after_client_1 = 0;  // client 0's events once client 1 is done
  for (const Event& e : full.history.events) after_client_1 = e.process == 1 ? 0 : after_client_1 + 1;
  EXPECT_GT(after_client_1, 10u) << "client 0 runs on: a shared random stream would shift it";
  EXPECT_EQ(events_of(less.history, 0), client_0);
  EXPECT_NE(events_of(less.history, 1), events_of(full.history, 1));
}

SimConfig two_clients_on_one_node() {
  SimConfig config = small_config(44);
  config.store.node_count = 1;  // one node: the clients meet only in its store
  config.store.replication_factor = 1;
  config.store.read_quorum = 1;
  config.store.write_quorum = 1;
  config.workload.clients = 2;
  config.workload.ops = 40;
  return config;
}

TEST(FaultImpact, DroppingAnotherClientsOpLeavesThisClientsTimingAlone) {
  expect_dropping_another_clients_op_leaves_client_0_alone(two_clients_on_one_node());
}

TEST(FaultImpact, SoWithRandomStorageLatencyAndClientHops) {
  SimConfig config = two_clients_on_one_node();
  config.storage.write_latency = LatencyDistribution::exponential(300);
  config.storage.read_latency = LatencyDistribution::exponential(200);
  config.network.latency_by_class[class_index(MessageClass::client_request)] = LatencyDistribution::exponential(250);
  config.network.latency_by_class[class_index(MessageClass::client_reply)] = LatencyDistribution::pareto(100, 2.0);
  expect_dropping_another_clients_op_leaves_client_0_alone(config);
}

}  // namespace
}  // namespace qc
