// The leader-based baseline against the leaderless store: the known results of the Raft
// paper and of DDIA chapter 5, each as something the harness measures and could get
// wrong. Campaigns for consistency, downtime probes (explore/downtime.h) for availability.
#include <algorithm>

#include <gtest/gtest.h>

#include "explore/campaign.h"
#include "explore/downtime.h"
#include "sim/simulator.h"

namespace qc {
namespace {

Config leader_store(std::uint32_t nodes = 3) {
  Config store;
  store.store = StoreKind::leader;
  store.node_count = nodes;
  store.replication_factor = nodes;
  return store;
}

PropertyResult campaign_result(const Config& store, const std::string& property, std::vector<std::string> nemesis,
                               std::uint64_t cases) {
  CampaignOptions options;
  options.space.base.store = store;
  options.space.nemesis = std::move(nemesis);
  options.properties = {property};
  options.cases = cases;
  options.seed = 5;
  options.shrink_runs_max = 50;
  auto result = run_campaign(options);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  return result.is_ok() ? result.value().properties.at(0) : PropertyResult{};
}

TEST(LeaderBaseline, SyncReplicationWithReadIndexHoldsLinearizableUnderCrashesAndPartitions) {
  for (const char* property : {"linearizable", "no-lost-writes"}) {
    const PropertyResult result = campaign_result(leader_store(), property, {"partition", "crash"}, 300);
    EXPECT_EQ(result.status, ClaimStatus::holds)
        << property << ": " << (result.refutations.empty() ? "" : result.refutations[0].verdict.text);
    EXPECT_EQ(result.cases_checked, 300u);
    // Both kinds of fault reached the workload, or HOLDS would say little.
    EXPECT_NE(std::find(result.fault_kinds_tried.begin(), result.fault_kinds_tried.end(), "crash"),
              result.fault_kinds_tried.end());
    EXPECT_NE(std::find(result.fault_kinds_tried.begin(), result.fault_kinds_tried.end(), "partition"),
              result.fault_kinds_tried.end());
  }
}

TEST(LeaderBaseline, AsyncReplicationLosesAcknowledgedWritesOnFailover) {
  Config store = leader_store();
  store.leader.replication = LeaderReplication::async;
  const PropertyResult result = campaign_result(store, "no-lost-writes", {"partition", "crash"}, 600);
  ASSERT_EQ(result.status, ClaimStatus::refuted);
  EXPECT_NE(result.refutations[0].verdict.text.find("lost"), std::string::npos) << result.refutations[0].verdict.text;
}

TEST(LeaderBaseline, ReadsAtFollowersAreStale) {
  Config store = leader_store();
  store.leader.reads = LeaderReads::follower;
  // Not even regular: a follower answers from what it has applied, behind the leader.
  EXPECT_EQ(campaign_result(store, "regular", {}, 200).status, ClaimStatus::refuted);
}

DowntimeOptions downtime_options(const Config& store, DowntimeFault fault) {
  DowntimeOptions options;
  options.config.store = store;
  options.fault = fault;
  return options;
}

std::vector<std::int64_t> write_downtimes(const DowntimeOptions& options, int seeds) {
  std::vector<std::int64_t> downtimes;
  for (int seed = 1; seed <= seeds; ++seed) {
    const DowntimeSample sample = measure_downtime(options, static_cast<std::uint64_t>(seed));
    EXPECT_TRUE(sample.writes.downtime_us) << "seed " << seed << ": writes never came back";
    downtimes.push_back(sample.writes.downtime_us.value_or(options.window_us));
  }
  return downtimes;
}

TEST(LeaderBaseline, WriteDowntimeAfterALeaderCrashFollowsTheElectionTimeout) {
  // Followers notice the crash when their election timer runs out, counted from the
  // last heartbeat (at most heartbeat_interval_us before the crash): the downtime lies
  // between min - heartbeat and max, plus an election round and a commit.
  for (const auto& [min_us, max_us] : {std::pair<std::int64_t, std::int64_t>{150'000, 300'000}, {600'000, 1'200'000}}) {
    Config store = leader_store();
    store.leader.election_timeout_min_us = min_us;
    store.leader.election_timeout_max_us = max_us;
    DowntimeOptions options = downtime_options(store, DowntimeFault::crash);
    options.fault_at_us = 2'000'000;  // after the first election, even with the long timeout
    options.outage_us = 2'000'000;
    options.window_us = 5'000'000;
    const std::vector<std::int64_t> downtimes = write_downtimes(options, 8);
    for (const std::int64_t downtime : downtimes) {
      EXPECT_GE(downtime, min_us - store.leader.heartbeat_interval_us) << "timeout " << min_us;
      EXPECT_LE(downtime, max_us + 50'000) << "timeout " << max_us;
    }
  }
}

TEST(LeaderBaseline, LeaderlessWritesGoOnWhenANodeCrashes) {
  Config store;  // leaderless, N = 3 of 3, R = W = 2
  store.node_count = 3;
  const DowntimeSample sample = measure_downtime(downtime_options(store, DowntimeFault::crash), 1);
  ASSERT_TRUE(sample.writes.downtime_us);
  ASSERT_TRUE(sample.baseline_writes.downtime_us);
  EXPECT_LT(*sample.writes.downtime_us, *sample.baseline_writes.downtime_us + 10'000);
  EXPECT_EQ(sample.writes.failed_after_fault, 0u);
}

TEST(LeaderBaseline, ALeaderCutOffInAMinorityStopsItsWrites) {
  const DowntimeSample sample = measure_downtime(downtime_options(leader_store(), DowntimeFault::partition), 1);
  ASSERT_TRUE(sample.target_led);
  ASSERT_GT(sample.writes.invoked_after_fault, 150u);
  // Writes sent to the old leader (a third of them) cannot commit until the heal; those
  // sent to followers wait for the majority's new leader.
  EXPECT_GE(sample.writes.failed_after_fault, sample.writes.invoked_after_fault / 4);
  ASSERT_TRUE(sample.writes.downtime_us);
  EXPECT_GE(*sample.writes.downtime_us, 100'000);
}

// Writes at a steady pace, then two of three nodes crash for good: who still takes writes?
std::uint64_t writes_acknowledged_after_crashing_two(const Config& store) {
  SimConfig config;
  config.store = store;
  config.workload.think_time = LatencyDistribution::constant(10'000);
  Workload workload;
  workload.clients.emplace_back();
  for (std::uint32_t i = 0; i < 100; ++i)
    workload.clients[0].push_back(WorkloadOp{i, WorkloadOpKind::write, "k", "v" + std::to_string(i)});
  FaultSchedule schedule;
  FaultEvent crash;
  crash.at_op = 50;
  crash.kind = FaultKind::crash;
  crash.nodes = {1, 2};
  schedule.events.push_back(crash);
  const RunResult run = run_simulation(config, workload, schedule);
  EXPECT_TRUE(run.fault_impacts.at(0).fired);
  const std::int64_t crashed_at = run.fault_impacts.at(0).fired_at_us;
  std::uint64_t acknowledged = 0;
  for (const Event& event : run.history.events)
    if (event.type == EventType::ok && event.time && *event.time > crashed_at + 1'000) ++acknowledged;
  return acknowledged;
}

TEST(LeaderBaseline, WithTwoOfThreeDownLeaderlessRW1TakesWritesAndTheLeaderBasedStoreStops) {
  Config leaderless;
  leaderless.node_count = 3;
  leaderless.replication_factor = 3;
  leaderless.read_quorum = 1;
  leaderless.write_quorum = 1;
  EXPECT_GE(writes_acknowledged_after_crashing_two(leaderless), 45u);
  EXPECT_EQ(writes_acknowledged_after_crashing_two(leader_store()), 0u);
}

}  // namespace
}  // namespace qc
