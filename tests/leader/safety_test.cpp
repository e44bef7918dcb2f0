// Raft's safety properties under random crashes, restarts and partitions (RapidCheck
// draws the seed; the run's faults and workload come from qc::Prng under it): one leader
// a term, committed logs agree, and no acknowledged write is lost.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "raft_cluster.h"

namespace qc::test {
namespace {

constexpr std::uint32_t kNodes = 5;

void check_committed_logs_agree(RaftCluster& cluster) {
  for (NodeId a = 0; a < kNodes; ++a) {
    for (NodeId b = a + 1; b < kNodes; ++b) {
      if (!cluster.is_running(a) || !cluster.is_running(b)) continue;
      const LeaderNode& x = cluster.node(a);
      const LeaderNode& y = cluster.node(b);
      const std::uint64_t common = std::min(x.commit_index(), y.commit_index());
      RC_ASSERT(std::equal(x.log().begin(), x.log().begin() + static_cast<std::ptrdiff_t>(common),
                           y.log().begin()));
    }
  }
}

struct RandomRun {
  std::vector<std::uint64_t> writes;  // request ids
  std::optional<NodeId> leader;       // after healing and restarting everything
};

// Forty rounds of random crashes, restarts, partitions, heals and writes, each followed
// by a random stretch of time; then everything healed and restarted.
RandomRun run_random(RaftCluster& cluster, std::uint64_t seed, bool check_logs) {
  Prng choices(keyed_seed(seed, 0xfa));
  RandomRun run;
  std::vector<std::uint64_t>& writes = run.writes;
  for (int round = 0; round < 40; ++round) {
    const auto target = static_cast<NodeId>(choices.below(kNodes));
    switch (choices.below(8)) {
      case 0:
        if (cluster.is_running(target)) cluster.crash(target);
        break;
      case 1:
        if (!cluster.is_running(target)) cluster.restart(target);
        break;
      case 2: {
        std::set<NodeId> side;
        for (NodeId id = 0; id < kNodes; ++id)
          if (choices.chance(0.4)) side.insert(id);
        cluster.partition(side);
        break;
      }
      case 3: cluster.heal(); break;
      default:
        if (cluster.is_running(target))
          writes.push_back(cluster.submit(target, ClientOp::put, "k" + std::to_string(round % 3),
                                          "v" + std::to_string(round)));
    }
    cluster.run_for(choices.between(1'000, 200'000));
    if (check_logs) check_committed_logs_agree(cluster);
  }
  cluster.heal();
  for (NodeId id = 0; id < kNodes; ++id)
    if (!cluster.is_running(id)) cluster.restart(id);
  run.leader = cluster.stable_leader(3'000'000);
  cluster.run_for(1'000'000);
  return run;
}

RC_GTEST_PROP(LeaderSafetyTest, FaultsNeverBreakRaftsSafety, ()) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  RaftCluster cluster(leader_config(kNodes), seed);
  const RandomRun run = run_random(cluster, seed, true);
  RC_ASSERT(run.leader.has_value());
  const std::optional<NodeId> leader = run.leader;
  check_committed_logs_agree(cluster);

  for (const auto& [term, leaders] : cluster.leaders_by_term()) RC_ASSERT(leaders.size() <= 1u);
  // Every acknowledged write is in the leader's log, and committed there.
  const std::vector<LogEntry>& log = cluster.node(*leader).log();
  for (const std::uint64_t write : run.writes) {
    const std::optional<ClientReply> reply = cluster.reply_to(write);
    if (!reply || reply->outcome != ReplyOutcome::ok) continue;  // unanswered: lost in a crash
    const auto found = std::find_if(log.begin(), log.end(),
                                    [&](const LogEntry& e) { return e.version == reply->version; });
    RC_ASSERT(found != log.end());
    RC_ASSERT(static_cast<std::uint64_t>(found - log.begin()) < cluster.node(*leader).commit_index());
  }
}

}  // namespace
}  // namespace qc::test

namespace qc::test {
namespace {

// The harness runs the planted bugs and volatile durability under faults too: the node
// must keep going (no assertion of an invariant the option gives up) and still elect.
RC_GTEST_PROP(LeaderSafetyTest, PlantedBugsAndVolatileModeRunUnderFaults, ()) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  Config config = leader_config(kNodes);
  config.planted_bugs.vote_twice_in_a_term = *rc::gen::arbitrary<bool>();
  config.planted_bugs.commit_earlier_term_by_count = *rc::gen::arbitrary<bool>();
  config.planted_bugs.leader_reads_unconfirmed = *rc::gen::arbitrary<bool>();
  if (*rc::gen::arbitrary<bool>()) config.durability = Durability::volatile_;
  if (*rc::gen::arbitrary<bool>()) config.leader.replication = LeaderReplication::async;
  RaftCluster cluster(config, seed);
  RC_ASSERT(run_random(cluster, seed, false).leader.has_value());
}

}  // namespace
}  // namespace qc::test
